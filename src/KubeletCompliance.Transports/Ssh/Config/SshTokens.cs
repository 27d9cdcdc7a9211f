using System;
using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>OpenSSH's percent_expand and tilde_expand_filename for the paths in ssh_config.</summary>
    public static class SshTokens
    {
        /// <summary>Replaces %x tokens from <paramref name="values"/>; "%%" is a percent sign; an unknown token is an error.</summary>
        public static string Expand(string text, IReadOnlyDictionary<char, string> values)
        {
            var result = new StringBuilder();
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != '%')
                {
                    result.Append(text[i]);
                    continue;
                }

                if (i + 1 == text.Length)
                {
                    throw new FormatException("'" + text + "' ends with a lone '%'");
                }

                char token = text[++i];
                if (token == '%')
                {
                    result.Append('%');
                }
                else if (values.TryGetValue(token, out string value))
                {
                    result.Append(value);
                }
                else
                {
                    throw new FormatException("'" + text + "' has the unknown token %" + token);
                }
            }

            return result.ToString();
        }

        /// <summary>"~" and "~/x" become the home folder; "~user" is refused (no other user's folder is looked up).</summary>
        public static string ExpandTilde(string path, string home)
        {
            if (path == "~")
            {
                return home;
            }

            if (path.StartsWith("~/", StringComparison.Ordinal))
            {
                return home.TrimEnd('/') + path.Substring(1);
            }

            if (path.StartsWith("~", StringComparison.Ordinal))
            {
                throw new FormatException("'" + path + "': ~user paths are not supported; write the full path");
            }

            return path;
        }
    }
}
