using System;
using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>One ssh_config line split as readconf.c does: a lowercased keyword, then argv_split's words.</summary>
    public sealed class SshConfigLine
    {
        private SshConfigLine(string keyword, string rest, IReadOnlyList<string> arguments)
        {
            Keyword = keyword;
            Rest = rest;
            Arguments = arguments;
        }

        public string Keyword { get; }

        /// <summary>The text after the keyword and its separator, unsplit (ProxyJump reads it whole).</summary>
        public string Rest { get; }

        public IReadOnlyList<string> Arguments { get; }

        /// <summary>Null for a blank or comment line; throws <see cref="FormatException"/> for an unusable one.</summary>
        public static SshConfigLine Parse(string line)
        {
            string text = line.TrimEnd(' ', '\t', '\r', '\n', '\f').TrimStart(' ', '\t');
            if (text.Length == 0 || text[0] == '#')
            {
                return null;
            }

            // strdelim: the keyword ends at whitespace or at one '=' (with whitespace around it allowed).
            int end = 0;
            while (end < text.Length && text[end] != ' ' && text[end] != '\t' && text[end] != '=')
            {
                end++;
            }

            string keyword = text.Substring(0, end).ToLowerInvariant();
            int i = end;
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }

            if (i < text.Length && text[i] == '=')
            {
                i++;
            }

            string rest = text.Substring(i).TrimStart(' ', '\t');
            if (rest.Length == 0)
            {
                throw new FormatException("no argument after keyword \"" + keyword + "\"");
            }

            return new SshConfigLine(keyword, rest, Split(rest));
        }

        /// <summary>misc.c argv_split with terminate_on_comment: quotes, backslash escapes, '#' at a word start ends the line.</summary>
        public static IReadOnlyList<string> Split(string s)
        {
            var words = new List<string>();
            int i = 0;
            while (i < s.Length)
            {
                if (s[i] == ' ' || s[i] == '\t')
                {
                    i++;
                    continue;
                }

                if (s[i] == '#')
                {
                    break;
                }

                var word = new StringBuilder();
                char quote = '\0';
                for (; i < s.Length; i++)
                {
                    char c = s[i];
                    if (c == '\\' && i + 1 < s.Length && (s[i + 1] == '\'' || s[i + 1] == '"' || s[i + 1] == '\\' || (quote == '\0' && s[i + 1] == ' ')))
                    {
                        word.Append(s[++i]);
                    }
                    else if (quote == '\0' && (c == ' ' || c == '\t'))
                    {
                        break;
                    }
                    else if (quote == '\0' && (c == '"' || c == '\''))
                    {
                        quote = c;
                    }
                    else if (quote != '\0' && c == quote)
                    {
                        quote = '\0';
                    }
                    else
                    {
                        word.Append(c);
                    }
                }

                if (quote != '\0')
                {
                    throw new FormatException("invalid quotes");
                }

                words.Add(word.ToString());
            }

            return words;
        }
    }
}
