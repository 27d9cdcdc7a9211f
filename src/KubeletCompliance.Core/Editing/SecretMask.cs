using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace KubeletCompliance.Core.Editing
{
    /// <summary>
    /// Hides secret values in lines shown to people: a diff's context lands in consoles, transcripts and CI logs. A
    /// value is hidden when its key or flag names a secret (token, agent-token, K3S_TOKEN, *password*, *secret*,
    /// client-key-data and other private keys), after "Bearer", and on every line of a PEM private key.
    /// </summary>
    internal static class SecretMask
    {
        public const string Hidden = "********";

        private static readonly Regex NamedValue = new Regex(
            @"(?<name>[A-Za-z0-9_.\-]*(?:token|passw(?:or)?d|secret|private[-_]?key|key[-_]?data|client[-_]?key)[A-Za-z0-9_.\-]*)(?<separator>[""']?\s*[:=]\s*|\s+)(?<value>""[^""]*""|'[^']*'|[^\s""',}\]]+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex Bearer = new Regex(@"(?<name>\bBearer)(?<separator>\s+)(?<value>[^\s""',}\]]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The lines as they may be shown, in order: a PEM private key's body depends on the lines before it.</summary>
        public static IReadOnlyList<string> Lines(IEnumerable<string> lines)
        {
            var shown = new List<string>();
            bool inPrivateKey = false;
            foreach (string line in lines)
            {
                if (line.Contains("-----BEGIN") && line.Contains("PRIVATE KEY-----"))
                {
                    inPrivateKey = true;
                    shown.Add(line);
                    continue;
                }

                if (inPrivateKey)
                {
                    inPrivateKey = !line.Contains("-----END");
                    shown.Add(inPrivateKey ? Hidden : line);
                    continue;
                }

                shown.Add(Line(line));
            }

            return shown;
        }

        public static string Line(string line) => Mask(Bearer, Mask(NamedValue, line));

        private static string Mask(Regex pattern, string line) =>
            pattern.Replace(line, match => match.Groups["name"].Value + match.Groups["separator"].Value + Hidden);
    }
}
