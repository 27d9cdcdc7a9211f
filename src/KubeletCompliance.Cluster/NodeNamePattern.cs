using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace KubeletCompliance.Cluster
{
    /// <summary>PowerShell's <c>-like</c> wildcards, so <c>-NodeName</c> means what it means everywhere else in PowerShell.</summary>
    internal sealed class NodeNamePattern
    {
        private readonly Regex[] _patterns;

        public NodeNamePattern(IEnumerable<string> patterns)
        {
            _patterns = (patterns ?? Enumerable.Empty<string>())
                .Where(p => !string.IsNullOrEmpty(p))
                .Select(p => new Regex(ToRegex(p), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                .ToArray();
        }

        public bool Matches(string name) => _patterns.Length == 0 || _patterns.Any(p => p.IsMatch(name));

        private static string ToRegex(string wildcard)
        {
            var regex = new StringBuilder("^");
            for (int i = 0; i < wildcard.Length; i++)
            {
                char c = wildcard[i];
                if (c == '`' && i + 1 < wildcard.Length)
                {
                    regex.Append(Regex.Escape(wildcard[++i].ToString()));
                }
                else if (c == '*')
                {
                    regex.Append(".*");
                }
                else if (c == '?')
                {
                    regex.Append('.');
                }
                else if (c == '[' && wildcard.IndexOf(']', i + 1) > i + 1)
                {
                    int close = wildcard.IndexOf(']', i + 1);
                    regex.Append('[').Append(wildcard.Substring(i + 1, close - i - 1).Replace("\\", "\\\\").Replace("^", "\\^")).Append(']');
                    i = close;
                }
                else
                {
                    regex.Append(Regex.Escape(c.ToString()));
                }
            }
            return regex.Append('$').ToString();
        }
    }
}
