using System;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>OpenSSH's match.c: "*" and "?" wildcards, and comma-separated lists with "!" negation.</summary>
    public static class SshPatterns
    {
        /// <summary>match_pattern: the whole of <paramref name="text"/> against one pattern, case-sensitively.</summary>
        public static bool Match(string text, string pattern) => Match(text, 0, pattern, 0);

        /// <summary>
        /// match_pattern_list: 1 when a positive pattern matches and no negated one does, -1 when a negated one matches,
        /// 0 otherwise. With <paramref name="lowercasePatterns"/> the patterns are lowercased first, as Match host does.
        /// </summary>
        public static int MatchList(string text, string patternList, bool lowercasePatterns)
        {
            int result = 0;
            foreach (string raw in patternList.Split(','))
            {
                string pattern = lowercasePatterns ? raw.ToLowerInvariant() : raw;
                bool negated = pattern.StartsWith("!", StringComparison.Ordinal);
                if (negated)
                {
                    pattern = pattern.Substring(1);
                }

                if (Match(text, pattern))
                {
                    if (negated)
                    {
                        return -1;
                    }

                    result = 1;
                }
            }

            return result;
        }

        private static bool Match(string s, int si, string p, int pi)
        {
            while (true)
            {
                if (pi == p.Length)
                {
                    return si == s.Length;
                }

                if (p[pi] == '*')
                {
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    if (pi == p.Length)
                    {
                        return true;
                    }

                    for (; si < s.Length; si++)
                    {
                        if (Match(s, si, p, pi))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (si == s.Length || (p[pi] != '?' && p[pi] != s[si]))
                {
                    return false;
                }

                si++;
                pi++;
            }
        }
    }
}
