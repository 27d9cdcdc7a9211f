using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh.Agent;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>The keys to offer a server, agent keys and files in OpenSSH's order, and what was tried (for messages).</summary>
    public sealed class SshIdentities : IDisposable
    {
        private readonly List<IDisposable> _owned;

        private SshIdentities(IReadOnlyList<IPrivateKeySource> sources, List<IDisposable> owned, IReadOnlyList<string> described, NodeAccessException agentProblem)
        {
            Sources = sources;
            _owned = owned;
            Described = described;
            AgentProblem = agentProblem;
        }

        public IReadOnlyList<IPrivateKeySource> Sources { get; }

        /// <summary>"agent key SHA256:... (comment)", "key file /path": for an authentication failure's message.</summary>
        public IReadOnlyList<string> Described { get; }

        /// <summary>Why the agent could not be used, when an agent socket was set; null otherwise.</summary>
        public NodeAccessException AgentProblem { get; }

        /// <param name="files">Identity files in order; <paramref name="keyFilePath"/> (given by the user) among them, first.</param>
        /// <param name="filesAreDefaults">OpenSSH's default names: a missing or encrypted one is skipped quietly.</param>
        /// <param name="agentSocket">The agent's socket, or null for no agent.</param>
        public static SshIdentities Load(IReadOnlyList<string> files, string keyFilePath, string keyPassphrase, bool identitiesOnly, string agentSocket, TimeSpan agentTimeout, string target)
        {
            IReadOnlyList<AgentIdentity> agentKeys = Array.Empty<AgentIdentity>();
            SshAgentClient agent = null;
            NodeAccessException agentProblem = null;
            if (agentSocket != null)
            {
                agent = new SshAgentClient(agentSocket, agentTimeout);
                try
                {
                    agentKeys = agent.ListIdentities();
                }
                catch (NodeAccessException ex)
                {
                    agentProblem = ex;
                }
            }

            var fileKeys = files.Where(f => f == keyFilePath || File.Exists(f)).Select(f => new IdentityFileKey(f, IdentityFilePublicKey.Read(f))).ToList();
            var sources = new List<IPrivateKeySource>();
            var owned = new List<IDisposable>();
            var described = new List<string>();
            try
            {
                foreach (OrderedIdentity identity in IdentityOrder.Arrange(fileKeys, agentKeys, identitiesOnly))
                {
                    if (identity.AgentKey != null)
                    {
                        sources.Add(new AgentKeySource(agent, identity.AgentKey));
                        described.Add("agent key " + KnownHosts.Fingerprint(identity.AgentKey.KeyBlob) + " (" + identity.AgentKey.Comment + ")");
                        continue;
                    }

                    string path = identity.File.Path;
                    PrivateKeyFile key = path == keyFilePath ? LoadKey(path, keyPassphrase, target) : TryLoadKey(path);
                    if (key != null)
                    {
                        owned.Add(key);
                        sources.Add(key);
                        described.Add("key file " + path);
                    }
                }
            }
            catch
            {
                owned.ForEach(o => o.Dispose());
                throw;
            }

            return new SshIdentities(sources, owned, described, agentProblem);
        }

        public void Dispose()
        {
            _owned.ForEach(o => o.Dispose());
            _owned.Clear();
        }

        /// <summary>A key the user named: any problem with it is the node's error.</summary>
        private static PrivateKeyFile LoadKey(string path, string passphrase, string target)
        {
            string reason;
            Exception inner;
            try
            {
                return string.IsNullOrEmpty(passphrase) ? new PrivateKeyFile(path) : new PrivateKeyFile(path, passphrase);
            }
            catch (SshPassPhraseNullOrEmptyException ex)
            {
                reason = "it is encrypted; give its passphrase, or load it into ssh-agent";
                inner = ex;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                reason = "it cannot be read: " + ex.Message;
                inner = ex;
            }
            catch (Exception ex) when (ex is SshException || ex is InvalidOperationException || ex is ArgumentException || ex is CryptographicException || ex is FormatException || ex is NotSupportedException)
            {
                reason = "it is not a supported private key or the passphrase is wrong (" + ex.Message + ")";
                inner = ex;
            }

            throw new NodeAccessException(NodeAccessError.AuthenticationFailed, target, "The key file '" + path + "' for " + target + " cannot be used: " + reason + ".", inner);
        }

        /// <summary>A key from ssh_config or the defaults: one that needs a passphrase or is unreadable is not offered, as ssh in batch mode.</summary>
        private static PrivateKeyFile TryLoadKey(string path)
        {
            try
            {
                return new PrivateKeyFile(path);
            }
            catch (Exception ex) when (ex is SshException || ex is IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException || ex is ArgumentException || ex is CryptographicException || ex is FormatException || ex is NotSupportedException)
            {
                return null;
            }
        }
    }
}
