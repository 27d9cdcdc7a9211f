using System.Globalization;
using System.Text;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>JSON string literals (RFC 8259) for the few fixed-shape documents the reports write.</summary>
    internal static class JsonText
    {
        public static string Quote(string value)
        {
            var quoted = new StringBuilder((value?.Length ?? 0) + 2);
            quoted.Append('"');
            foreach (char c in value ?? string.Empty)
            {
                switch (c)
                {
                    case '"': quoted.Append("\\\""); break;
                    case '\\': quoted.Append("\\\\"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\r': quoted.Append("\\r"); break;
                    case '\t': quoted.Append("\\t"); break;
                    default:
                        // Below U+0020 JSON requires an escape; <, > and & are escaped too so the text is safe wherever it is pasted.
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')
                        {
                            quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            quoted.Append(c);
                        }

                        break;
                }
            }

            return quoted.Append('"').ToString();
        }
    }
}
