using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Core.Systemd
{
    /// <summary>
    /// systemd's word splitting (extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE): whitespace separates,
    /// double and single quotes group, a backslash escapes the next character (C escapes \n \t are decoded).
    /// </summary>
    public static class SystemdWords
    {
        public static List<string> Split(string text)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            bool inWord = false;
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == '\\' && quote == '"' && i + 1 < text.Length)
                    {
                        current.Append(Unescape(text[++i]));
                    }
                    else
                    {
                        current.Append(c);
                    }

                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    continue;
                }

                inWord = true;
                if (c == '"' || c == '\'')
                {
                    quote = c;
                }
                else if (c == '\\' && i + 1 < text.Length)
                {
                    current.Append(Unescape(text[++i]));
                }
                else
                {
                    current.Append(c);
                }
            }

            if (inWord)
            {
                words.Add(current.ToString());
            }

            return words;
        }

        private static char Unescape(char c)
        {
            switch (c)
            {
                case 'n': return '\n';
                case 't': return '\t';
                case 'r': return '\r';
                default: return c;
            }
        }
    }
}
