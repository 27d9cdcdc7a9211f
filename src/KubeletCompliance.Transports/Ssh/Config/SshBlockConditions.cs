using System;
using System.Collections.Generic;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>Whether a Host or Match line makes the lines after it apply to the host being evaluated.</summary>
    internal static class SshBlockConditions
    {
        /// <summary>Host: active when some pattern matches the host as typed and no negated one does (case-sensitive).</summary>
        public static bool HostLineMatches(IReadOnlyList<string> patterns, string host)
        {
            bool matched = false;
            foreach (string raw in patterns)
            {
                bool negated = raw.StartsWith("!", StringComparison.Ordinal);
                string pattern = negated ? raw.Substring(1) : raw;
                if (SshPatterns.Match(host, pattern))
                {
                    if (negated)
                    {
                        return false;
                    }

                    matched = true;
                }
            }

            return matched;
        }

        /// <summary>
        /// Match all, [!]host and [!]originalhost. Another criterion is refused, but only when the outcome depends on it:
        /// a block that a supported criterion already rules out cannot apply, whatever the rest says.
        /// </summary>
        /// <param name="originalHost">The host as typed.</param>
        /// <param name="hostName">The HostName obtained so far (%h stands for the host as typed), or null.</param>
        public static bool MatchLineMatches(IReadOnlyList<string> args, string originalHost, string hostName, string where)
        {
            if (args.Count == 0)
            {
                throw new FormatException("Match needs a criterion");
            }

            bool result = true;
            string unsupported = null;
            for (int i = 0; i < args.Count; i++)
            {
                string attribute = args[i];
                bool negate = attribute.StartsWith("!", StringComparison.Ordinal);
                string name = (negate ? attribute.Substring(1) : attribute).ToLowerInvariant();
                if (name == "all")
                {
                    if (args.Count > 1)
                    {
                        throw new FormatException("'all' cannot be combined with other Match attributes");
                    }

                    return !negate;
                }

                if (name == "canonical" || name == "final")
                {
                    unsupported = unsupported ?? name;
                    continue;
                }

                if (++i >= args.Count)
                {
                    throw new FormatException("missing argument for Match '" + attribute + "'");
                }

                string criteria;
                if (name == "host")
                {
                    criteria = hostName == null ? originalHost : hostName.Replace("%h", originalHost);
                }
                else if (name == "originalhost")
                {
                    criteria = originalHost;
                }
                else
                {
                    unsupported = unsupported ?? name;
                    continue;
                }

                bool r = SshPatterns.MatchList(criteria.ToLowerInvariant(), args[i], true) == 1;
                if (r == negate)
                {
                    result = false;
                }
            }

            if (result && unsupported != null)
            {
                throw new SshConfigException(where + ": Match " + unsupported + " is not supported by KubeletCompliance (only Match host, originalhost and all); " +
                    "write a Host block, or give another file with -SshConfigPath, or ignore ssh_config with -NoSshConfig.");
            }

            return result;
        }
    }
}
