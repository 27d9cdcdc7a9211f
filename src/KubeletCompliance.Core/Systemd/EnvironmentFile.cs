using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Core.Systemd
{
    /// <summary>
    /// A systemd EnvironmentFile=, read by the state machine of systemd's env-file.c: '#' and ';' start a comment
    /// line; a value may open with double quotes (backslash escapes " \ ` $, a backslash-newline joins lines) or
    /// single quotes (literal); past its first character an unquoted value is literal up to the end of the line,
    /// quotes and '#' included (a backslash escapes the next character, and a backslash-newline joins lines); an
    /// unquoted value loses its trailing whitespace. Keys that are not valid names ("export FOO") are ignored.
    /// Later assignments of the same key win.
    /// </summary>
    public static class EnvironmentFile
    {
        private enum State
        {
            PreKey,
            Key,
            PreValue,
            Value,
            ValueEscape,
            SingleQuoteValue,
            DoubleQuoteValue,
            DoubleQuoteValueEscape,
            Comment,
            CommentEscape,
        }

        public static List<KeyValuePair<string, string>> Parse(string content)
        {
            var result = new List<KeyValuePair<string, string>>();
            var key = new StringBuilder();
            var value = new StringBuilder();
            int lastValueWhitespace = -1;
            var state = State.PreKey;
            string text = content.TrimStart('\uFEFF').Replace("\r\n", "\n") + "\n";

            void Push()
            {
                string name = key.ToString().TrimEnd();
                if (IsValidName(name))
                {
                    string v = lastValueWhitespace >= 0 ? value.ToString(0, lastValueWhitespace) : value.ToString();
                    result.Add(new KeyValuePair<string, string>(name, v));
                }

                key.Clear();
                value.Clear();
                lastValueWhitespace = -1;
            }

            foreach (char c in text)
            {
                switch (state)
                {
                    case State.PreKey:
                        if (c == '#' || c == ';')
                        {
                            state = State.Comment;
                        }
                        else if (!char.IsWhiteSpace(c))
                        {
                            state = State.Key;
                            key.Append(c);
                        }

                        break;
                    case State.Key:
                        if (c == '\n')
                        {
                            key.Clear();
                            state = State.PreKey;
                        }
                        else if (c == '=')
                        {
                            state = State.PreValue;
                        }
                        else
                        {
                            key.Append(c);
                        }

                        break;
                    case State.PreValue:
                        if (c == '\n')
                        {
                            Push();
                            state = State.PreKey;
                        }
                        else if (c == '\'')
                        {
                            state = State.SingleQuoteValue;
                        }
                        else if (c == '"')
                        {
                            state = State.DoubleQuoteValue;
                        }
                        else if (c == '\\')
                        {
                            state = State.ValueEscape;
                        }
                        else if (!char.IsWhiteSpace(c))
                        {
                            state = State.Value;
                            value.Append(c);
                        }

                        break;
                    case State.Value:
                        if (c == '\n')
                        {
                            Push();
                            state = State.PreKey;
                        }
                        else if (c == '\\')
                        {
                            state = State.ValueEscape;
                            lastValueWhitespace = -1;
                        }
                        else
                        {
                            if (!char.IsWhiteSpace(c))
                            {
                                lastValueWhitespace = -1;
                            }
                            else if (lastValueWhitespace < 0)
                            {
                                lastValueWhitespace = value.Length;
                            }

                            value.Append(c);
                        }

                        break;
                    case State.ValueEscape:
                        state = State.Value;
                        if (c != '\n')
                        {
                            value.Append(c);
                        }

                        break;
                    case State.SingleQuoteValue:
                        if (c == '\'')
                        {
                            state = State.PreValue;
                        }
                        else
                        {
                            value.Append(c);
                        }

                        break;
                    case State.DoubleQuoteValue:
                        if (c == '"')
                        {
                            state = State.PreValue;
                        }
                        else if (c == '\\')
                        {
                            state = State.DoubleQuoteValueEscape;
                        }
                        else
                        {
                            value.Append(c);
                        }

                        break;
                    case State.DoubleQuoteValueEscape:
                        state = State.DoubleQuoteValue;
                        if ("\"\\`$".IndexOf(c) >= 0)
                        {
                            value.Append(c);
                        }
                        else if (c != '\n')
                        {
                            value.Append('\\').Append(c);
                        }

                        break;
                    case State.Comment:
                        if (c == '\\')
                        {
                            state = State.CommentEscape;
                        }
                        else if (c == '\n')
                        {
                            state = State.PreKey;
                        }

                        break;
                    case State.CommentEscape:
                        state = State.Comment;
                        break;
                }
            }

            return result;
        }

        /// <summary>systemd's env_name_is_valid: letters, digits and '_', not starting with a digit.</summary>
        private static bool IsValidName(string name)
        {
            if (name.Length == 0 || char.IsDigit(name[0]))
            {
                return false;
            }

            foreach (char c in name)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
