using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KubeletCompliance.Transports.Ssh
{
    public enum HostKeyVerdict
    {
        Match,
        /// <summary>known_hosts has no key at all for this host.</summary>
        Unknown,
        /// <summary>known_hosts has keys for this host, and the presented one is not among them.</summary>
        Changed,
        /// <summary>The presented key is marked @revoked.</summary>
        Revoked,
    }

    /// <summary>The outcome of checking one presented host key against known_hosts.</summary>
    public sealed class HostKeyCheck
    {
        public HostKeyCheck(HostKeyVerdict verdict, string keyType, string fingerprint, IReadOnlyList<string> knownFingerprints)
        {
            Verdict = verdict;
            KeyType = keyType;
            Fingerprint = fingerprint;
            KnownFingerprints = knownFingerprints ?? Array.Empty<string>();
        }

        public HostKeyVerdict Verdict { get; }
        public string KeyType { get; }

        /// <summary>OpenSSH form: "SHA256:" and the unpadded base64 of the key blob's SHA-256.</summary>
        public string Fingerprint { get; }

        /// <summary>For <see cref="HostKeyVerdict.Changed"/>: the fingerprints known_hosts holds for the host, as "type SHA256:...".</summary>
        public IReadOnlyList<string> KnownFingerprints { get; }
    }

    /// <summary>An OpenSSH known_hosts file: plain, wildcard and hashed host patterns, @revoked markers.</summary>
    public sealed class KnownHosts
    {
        private const int OpenSshDefaultPort = 22;

        private readonly List<Entry> _entries;

        private KnownHosts(List<Entry> entries)
        {
            _entries = entries;
        }

        /// <summary>A missing file reads as an empty one: every host is then unknown.</summary>
        public static KnownHosts Load(string path) =>
            File.Exists(path) ? Parse(File.ReadAllText(path)) : new KnownHosts(new List<Entry>());

        /// <summary>Several files read as one (ssh's UserKnownHostsFile list and GlobalKnownHostsFile).</summary>
        public static KnownHosts LoadAll(IEnumerable<string> paths) =>
            new KnownHosts(paths.Where(p => !string.IsNullOrEmpty(p)).SelectMany(p => Load(p)._entries).ToList());

        public static KnownHosts Parse(string text)
        {
            var entries = new List<Entry>();
            foreach (string rawLine in (text ?? string.Empty).Split('\n'))
            {
                Entry entry = Entry.TryParse(rawLine.Trim());
                if (entry != null)
                {
                    entries.Add(entry);
                }
            }

            return new KnownHosts(entries);
        }

        public HostKeyCheck Check(string host, int port, byte[] keyBlob)
        {
            string type = KeyTypeOf(keyBlob);
            string fingerprint = Fingerprint(keyBlob);

            // A revoked key is refused for every host, not only the ones its line names: it is known to be compromised.
            if (_entries.Any(e => e.Marker == Marker.Revoked && e.KeyBlob.SequenceEqual(keyBlob)))
            {
                return new HostKeyCheck(HostKeyVerdict.Revoked, type, fingerprint, null);
            }

            List<Entry> known = HostEntries(host, port).ToList();
            if (known.Any(e => e.KeyBlob.SequenceEqual(keyBlob)))
            {
                return new HostKeyCheck(HostKeyVerdict.Match, type, fingerprint, null);
            }

            if (known.Count > 0)
            {
                // Also when only keys of other types are known: the connection prefers the known types, so a server
                // that no longer offers them has changed (stricter than OpenSSH, which would ask).
                var knownFingerprints = known.Select(e => e.KeyType + " " + Fingerprint(e.KeyBlob)).Distinct().ToList();
                return new HostKeyCheck(HostKeyVerdict.Changed, type, fingerprint, knownFingerprints);
            }

            return new HostKeyCheck(HostKeyVerdict.Unknown, type, fingerprint, null);
        }

        /// <summary>Key types known_hosts holds for the host (ssh-rsa for RSA), so the client can ask for those first.</summary>
        public IReadOnlyCollection<string> KnownKeyTypes(string host, int port) =>
            HostEntries(host, port).Select(e => e.KeyType).Distinct(StringComparer.Ordinal).ToList();

        public static string Fingerprint(byte[] keyBlob)
        {
            using (SHA256 sha = SHA256.Create())
            {
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
            }
        }

        /// <summary>The type named inside an SSH public key blob (its first string), e.g. "ssh-ed25519".</summary>
        public static string KeyTypeOf(byte[] keyBlob)
        {
            if (keyBlob == null || keyBlob.Length < 4)
            {
                throw new ArgumentException("Not an SSH public key blob.", nameof(keyBlob));
            }

            int length = (keyBlob[0] << 24) | (keyBlob[1] << 16) | (keyBlob[2] << 8) | keyBlob[3];
            if (length <= 0 || length > keyBlob.Length - 4)
            {
                throw new ArgumentException("Not an SSH public key blob.", nameof(keyBlob));
            }

            return Encoding.ASCII.GetString(keyBlob, 4, length);
        }

        /// <summary>How OpenSSH names a host in known_hosts: the bare name for port 22, else "[name]:port".</summary>
        public static string HostName(string host, int port) =>
            port == OpenSshDefaultPort ? host.ToLowerInvariant() : "[" + host.ToLowerInvariant() + "]:" + port;

        private IEnumerable<Entry> HostEntries(string host, int port)
        {
            string name = HostName(host, port);
            return _entries.Where(e => e.Marker == Marker.None && e.MatchesHost(name));
        }

        private enum Marker
        {
            None,
            Revoked,
            CertAuthority,
        }

        private sealed class Entry
        {
            private readonly string[] _patterns;

            private Entry(Marker marker, string[] patterns, string keyType, byte[] keyBlob)
            {
                Marker = marker;
                _patterns = patterns;
                KeyType = keyType;
                KeyBlob = keyBlob;
            }

            public Marker Marker { get; }
            public string KeyType { get; }
            public byte[] KeyBlob { get; }

            public static Entry TryParse(string line)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    return null;
                }

                string[] fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                int next = 0;
                Marker marker = Marker.None;
                if (fields[0].StartsWith("@", StringComparison.Ordinal))
                {
                    if (fields[0] == "@revoked")
                    {
                        marker = Marker.Revoked;
                    }
                    else if (fields[0] == "@cert-authority")
                    {
                        marker = Marker.CertAuthority;
                    }
                    else
                    {
                        return null;
                    }

                    next = 1;
                }

                if (fields.Length < next + 3)
                {
                    return null;
                }

                byte[] blob;
                try
                {
                    blob = Convert.FromBase64String(fields[next + 2]);
                    KeyTypeOf(blob);
                }
                catch (FormatException)
                {
                    return null;
                }
                catch (ArgumentException)
                {
                    return null;
                }

                return new Entry(marker, fields[next].Split(','), fields[next + 1], blob);
            }

            /// <summary>OpenSSH semantics: any positive pattern must match and no negated ("!") one may.</summary>
            public bool MatchesHost(string name)
            {
                bool matched = false;
                foreach (string pattern in _patterns)
                {
                    bool negated = pattern.StartsWith("!", StringComparison.Ordinal);
                    string body = negated ? pattern.Substring(1) : pattern;
                    if (!PatternMatches(body, name))
                    {
                        continue;
                    }

                    if (negated)
                    {
                        return false;
                    }

                    matched = true;
                }

                return matched;
            }

            private static bool PatternMatches(string pattern, string name)
            {
                if (pattern.StartsWith("|1|", StringComparison.Ordinal))
                {
                    return HashedMatches(pattern, name);
                }

                return Wildcard(pattern.ToLowerInvariant(), 0, name, 0);
            }

            /// <summary>"|1|base64(salt)|base64(HMAC-SHA1 keyed with the salt over the host name)".</summary>
            private static bool HashedMatches(string pattern, string name)
            {
                string[] parts = pattern.Split('|');
                if (parts.Length != 4)
                {
                    return false;
                }

                try
                {
                    byte[] salt = Convert.FromBase64String(parts[2]);
                    byte[] expected = Convert.FromBase64String(parts[3]);
                    using (var hmac = new HMACSHA1(salt))
                    {
                        return hmac.ComputeHash(Encoding.UTF8.GetBytes(name)).SequenceEqual(expected);
                    }
                }
                catch (FormatException)
                {
                    return false;
                }
            }

            private static bool Wildcard(string pattern, int p, string name, int n)
            {
                while (p < pattern.Length)
                {
                    char c = pattern[p];
                    if (c == '*')
                    {
                        for (int rest = n; rest <= name.Length; rest++)
                        {
                            if (Wildcard(pattern, p + 1, name, rest))
                            {
                                return true;
                            }
                        }

                        return false;
                    }

                    if (n >= name.Length || (c != '?' && c != name[n]))
                    {
                        return false;
                    }

                    p++;
                    n++;
                }

                return n == name.Length;
            }
        }
    }
}
