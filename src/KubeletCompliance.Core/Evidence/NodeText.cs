using System.Globalization;
using System.Text;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>
    /// Text a node supplied (file names, values, a remote command's stderr) on its way into a message: control
    /// characters are written as \xNN, so a node cannot move the user's cursor, recolour the console or split a CSV
    /// line with an escape sequence.
    /// </summary>
    public static class NodeText
    {
        public static string Escape(string text) => EscapeControls(text, keepTabs: false);

        /// <param name="keepTabs">Keeps tabs as they are, for multi-line text such as a diff where they are indentation.</param>
        public static string EscapeControls(string text, bool keepTabs)
        {
            if (string.IsNullOrEmpty(text) || !NeedsEscaping(text))
            {
                return text;
            }

            var escaped = new StringBuilder(text.Length + 16);
            foreach (char c in text)
            {
                if (IsControl(c) && !(keepTabs && c == '\t'))
                {
                    escaped.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                }
                else
                {
                    escaped.Append(c);
                }
            }

            return escaped.ToString();
        }

        private static bool NeedsEscaping(string text)
        {
            foreach (char c in text)
            {
                if (IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>C0 (including tab and newlines), DEL and C1: a C1 CSI (0x9b) starts an escape sequence too.</summary>
        private static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
