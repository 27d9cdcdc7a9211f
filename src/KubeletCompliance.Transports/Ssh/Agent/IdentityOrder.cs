using System.Collections.Generic;
using System.Linq;

namespace KubeletCompliance.Transports.Ssh.Agent
{
    /// <summary>An identity file and, when it could be read without a passphrase, its public key blob.</summary>
    public sealed class IdentityFileKey
    {
        public IdentityFileKey(string path, byte[] publicBlob)
        {
            Path = path;
            PublicBlob = publicBlob;
        }

        public string Path { get; }
        public byte[] PublicBlob { get; }
    }

    /// <summary>One identity to offer: an agent key (with the file it came from, if configured) or a file the module loads itself.</summary>
    public sealed class OrderedIdentity
    {
        public OrderedIdentity(AgentIdentity agentKey, IdentityFileKey file)
        {
            AgentKey = agentKey;
            File = file;
        }

        public AgentIdentity AgentKey { get; }
        public IdentityFileKey File { get; }
    }

    /// <summary>OpenSSH's order (sshconnect2.c pubkey_prepare), so a server's MaxAuthTries is spent as ssh spends it.</summary>
    public static class IdentityOrder
    {
        /// <summary>
        /// First the configured files the agent holds (in the agent's order), then the agent's other keys (unless
        /// IdentitiesOnly), then the remaining files in configuration order.
        /// </summary>
        public static IReadOnlyList<OrderedIdentity> Arrange(IReadOnlyList<IdentityFileKey> files, IReadOnlyList<AgentIdentity> agentKeys, bool identitiesOnly)
        {
            var remaining = files.ToList();
            var preferred = new List<OrderedIdentity>();
            var agentOnly = new List<OrderedIdentity>();
            foreach (AgentIdentity key in agentKeys)
            {
                IdentityFileKey file = remaining.FirstOrDefault(f => f.PublicBlob != null && f.PublicBlob.SequenceEqual(key.KeyBlob));
                if (file != null)
                {
                    remaining.Remove(file);
                    preferred.Add(new OrderedIdentity(key, file));
                }
                else if (!identitiesOnly)
                {
                    agentOnly.Add(new OrderedIdentity(key, null));
                }
            }

            return preferred.Concat(agentOnly).Concat(remaining.Select(f => new OrderedIdentity(null, f))).ToList();
        }
    }
}
