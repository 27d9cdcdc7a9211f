using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Core.Systemd
{
    /// <summary>
    /// A systemd EnvironmentFile= (load_env_file): KEY=VALUE lines, '#'/';' comments, values in double quotes
    /// (backslash escapes) or single quotes (literal), unquoted values trimmed, a trailing backslash joins lines.
    /// Later assignments of the same key win.
    /// </summary>
    public static class EnvironmentFile
    {
        public static List<KeyValuePair<string, string>> Parse(string content)
        {
            var result = new List<KeyValuePair<string, string>>();
            var lines = content.TrimStart('\uFEFF').Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimStart();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string key = line.Substring(0, eq).Trim();
                if (key.StartsWith("export ", System.StringComparison.Ordinal))
                {
                    key = key.Substring("export ".Length).Trim();
                }

                string rest = line.Substring(eq + 1);
                while (EndsWithUnescapedBackslash(rest) && !InsideQuotes(rest) && i + 1 < lines.Length)
                {
                    rest = rest.Substring(0, rest.Length - 1) + lines[++i];
                }

                while (InsideQuotes(rest) && i + 1 < lines.Length)
                {
                    rest = rest + "\n" + lines[++i];
                }

                result.Add(new KeyValuePair<string, string>(key, ParseValue(rest)));
            }

            return result;
        }

        private static string ParseValue(string raw)
        {
            var value = new StringBuilder();
            string text = raw.Trim();
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote == '\0')
                {
                    if (c == '"' || c == '\'')
                    {
                        quote = c;
                    }
                    else if (c == '\\' && i + 1 < text.Length)
                    {
                        value.Append(text[++i]);
                    }
                    else if (c == '#' && i > 0 && char.IsWhiteSpace(text[i - 1]))
                    {
                        break;
                    }
                    else
                    {
                        value.Append(c);
                    }
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                else if (quote == '"' && c == '\\' && i + 1 < text.Length && "\"\\`$\n".IndexOf(text[i + 1]) >= 0)
                {
                    value.Append(text[++i]);
                }
                else
                {
                    value.Append(c);
                }
            }

            return quote == '\0' ? value.ToString().TrimEnd() : value.ToString();
        }

        private static bool EndsWithUnescapedBackslash(string text)
        {
            int count = 0;
            for (int i = text.Length - 1; i >= 0 && text[i] == '\\'; i--)
            {
                count++;
            }

            return count % 2 == 1;
        }

        private static bool InsideQuotes(string text)
        {
            char quote = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quote == '\0')
                {
                    if (c == '"' || c == '\'')
                    {
                        quote = c;
                    }
                    else if (c == '\\')
                    {
                        i++;
                    }
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                else if (quote == '"' && c == '\\')
                {
                    i++;
                }
            }

            return quote != '\0';
        }
    }
}
