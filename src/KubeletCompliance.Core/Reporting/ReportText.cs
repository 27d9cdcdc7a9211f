using System.Text;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// Text from a node (names, paths, reasons) made safe to put in any report: characters XML 1.0 forbids (C0
    /// controls other than tab, line feed and carriage return, lone surrogates, U+FFFE/U+FFFF) and the C1 controls
    /// and DEL that terminals act on become U+FFFD, so no format's file can be broken or turned into escape sequences.
    /// </summary>
    public static class ReportText
    {
        public const char Replacement = '\uFFFD';

        public static string Clean(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            StringBuilder clean = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (pair)
                {
                    clean?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }

                if (IsAllowed(c))
                {
                    clean?.Append(c);
                    continue;
                }

                clean = clean ?? new StringBuilder(text, 0, i, text.Length);
                clean.Append(Replacement);
            }

            return clean?.ToString() ?? text;
        }

        private static bool IsAllowed(char c)
        {
            if (c == '\t' || c == '\n' || c == '\r')
            {
                return true;
            }

            return c >= 0x20 && !(c >= 0x7F && c <= 0x9F) && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
        }
    }
}
