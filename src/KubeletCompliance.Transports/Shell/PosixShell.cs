using System;
using System.Collections.Generic;
using System.Text;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>Builds POSIX sh command text in which every value stays one literal word.</summary>
    public static class PosixShell
    {
        /// <summary>
        /// Wraps a value in single quotes. Inside single quotes sh interprets nothing, not even a newline or
        /// "$(...)", so only the quote itself needs care: it closes the quoting, adds an escaped quote and reopens.
        /// </summary>
        public static string Quote(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (value.IndexOf('\0') >= 0)
            {
                // A NUL cannot be passed to a remote program at all; silently cutting the value there would read another file.
                throw new ArgumentException("A shell word cannot contain a NUL character.", nameof(value));
            }

            return "'" + value.Replace("'", "'\\''") + "'";
        }

        public static string Join(IEnumerable<string> words)
        {
            var text = new StringBuilder();
            foreach (string word in words)
            {
                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(Quote(word));
            }

            return text.ToString();
        }
    }
}
