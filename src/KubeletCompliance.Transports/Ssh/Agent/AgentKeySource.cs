using System;
using System.Collections.Generic;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace KubeletCompliance.Transports.Ssh.Agent
{
    /// <summary>A key held by the agent, offered to SSH.NET's public-key authentication; the agent signs, the key never leaves it.</summary>
    public sealed class AgentKeySource : IPrivateKeySource
    {
        public AgentKeySource(SshAgentClient agent, AgentIdentity identity)
        {
            Identity = identity;
            HostKeyAlgorithms = new HostAlgorithm[] { new AgentSigner(agent, identity) };
        }

        public AgentIdentity Identity { get; }

        public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

        /// <summary>
        /// RSA keys sign with rsa-sha2-512 (the agent's SHA-2 flag): servers since OpenSSH 7.2 accept it and recent ones
        /// refuse SHA-1 "ssh-rsa". Every other type signs under its own name.
        /// </summary>
        private sealed class AgentSigner : HostAlgorithm
        {
            private const string CertificateSuffix = "-cert-v01@openssh.com";
            private readonly SshAgentClient _agent;
            private readonly byte[] _blob;
            private readonly uint _flags;

            public AgentSigner(SshAgentClient agent, AgentIdentity identity)
                : base(AlgorithmOf(identity.KeyType))
            {
                _agent = agent;
                _blob = identity.KeyBlob;
                _flags = identity.KeyType == "ssh-rsa" || identity.KeyType == "ssh-rsa" + CertificateSuffix ? SshAgentClient.RsaSha2_512 : 0;
            }

            public override byte[] Data => _blob;

            public override byte[] Sign(byte[] data) => _agent.Sign(_blob, data, _flags);

            public override bool VerifySignature(byte[] data, byte[] signature) =>
                throw new NotSupportedException("An agent key signs; it does not verify server signatures.");

            private static string AlgorithmOf(string keyType)
            {
                if (keyType == "ssh-rsa")
                {
                    return "rsa-sha2-512";
                }

                return keyType == "ssh-rsa" + CertificateSuffix ? "rsa-sha2-512" + CertificateSuffix : keyType;
            }
        }
    }
}
