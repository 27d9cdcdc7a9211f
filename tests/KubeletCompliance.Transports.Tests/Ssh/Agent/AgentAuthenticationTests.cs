using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Ssh.Agent;
using Renci.SshNet;
using KubeletCompliance.Transports.Tests.Ssh.Jump;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh.Agent
{
    /// <summary>
    /// A real ssh-agent signs for SSH.NET against a real sshd (the jump harness's bastion, with its own test user);
    /// the module never sees a private key or passphrase.
    /// </summary>
    [Collection("jump harness")]
    public sealed class AgentAuthenticationTests
    {
        private readonly JumpFixture _sshd;

        public AgentAuthenticationTests(JumpFixture sshd)
        {
            _sshd = sshd;
        }

        [JumpTheory]
        [InlineData("KEY_PASS", "ssh-ed25519")]
        [InlineData("KEY_RSA", "ssh-rsa")]
        [InlineData("KEY_ECDSA", "ecdsa-sha2-nistp256")]
        public void AKeyOnlyInTheAgent_LogsIn(string key, string type)
        {
            using var agent = new RealAgent();
            agent.Add(_sshd[key], key == "KEY_PASS" ? _sshd["KEY_PASSPHRASE"] : null);

            // The encrypted file is named too: it is matched with the agent's key through its public half, never decrypted.
            using var identities = SshIdentities.Load(new[] { _sshd["KEY_PASS"] }, null, null, false, agent.SocketPath, TimeSpan.FromSeconds(10), "test");

            Assert.Equal(type, ((AgentKeySource)identities.Sources[0]).Identity.KeyType);
            Assert.Single(identities.Sources);
            Assert.Equal("kcjump", WhoAmI(identities));
        }

        [JumpFact]
        public void TheConfiguredFileTheAgentHolds_ComesFirst_AndIdentitiesOnlyDropsTheOthers()
        {
            using var agent = new RealAgent();
            agent.Add(_sshd["KEY_ECDSA"]);
            agent.Add(_sshd["KEY_PASS"], _sshd["KEY_PASSPHRASE"]);

            using var all = SshIdentities.Load(new[] { _sshd["KEY_PASS"] }, null, null, false, agent.SocketPath, TimeSpan.FromSeconds(10), "test");
            using var only = SshIdentities.Load(new[] { _sshd["KEY_PASS"] }, null, null, true, agent.SocketPath, TimeSpan.FromSeconds(10), "test");

            Assert.Equal(new[] { "ssh-ed25519", "ecdsa-sha2-nistp256" }, all.Sources.Cast<AgentKeySource>().Select(s => s.Identity.KeyType));
            Assert.Equal(new[] { "ssh-ed25519" }, only.Sources.Cast<AgentKeySource>().Select(s => s.Identity.KeyType));
        }

        [JumpFact]
        public void AMissingAgentSocket_IsAgentUnavailable()
        {
            using var identities = SshIdentities.Load(Array.Empty<string>(), null, null, false, "/nonexistent/kc-agent.sock", TimeSpan.FromSeconds(5), "test");

            Assert.Empty(identities.Sources);
            Assert.Equal(NodeAccessError.AgentUnavailable, identities.AgentProblem.Error);
            Assert.Contains("/nonexistent/kc-agent.sock", identities.AgentProblem.Message);
        }

        [JumpFact]
        public void ASocketNobodyListensOn_IsAgentUnavailable()
        {
            string folder = Directory.CreateTempSubdirectory("kc-stale-agent-").FullName;
            try
            {
                string path = Path.Combine(folder, "sock");
                using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
                {
                    listener.Bind(new UnixDomainSocketEndPoint(path));
                }

                var ex = Assert.Throws<NodeAccessException>(() => new SshAgentClient(path, TimeSpan.FromSeconds(5)).ListIdentities());
                Assert.Equal(NodeAccessError.AgentUnavailable, ex.Error);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [JumpFact]
        public void ALockedAgent_RefusesToSign_AndTheLoginFailsWithAgentRefused()
        {
            using var agent = new RealAgent();
            agent.Add(_sshd["KEY"]);
            using var identities = SshIdentities.Load(Array.Empty<string>(), null, null, false, agent.SocketPath, TimeSpan.FromSeconds(10), "test");
            agent.Lock("lock-pass");

            var ex = Assert.ThrowsAny<Exception>(() => WhoAmI(identities));

            var refused = ex as NodeAccessException ?? ex.InnerException as NodeAccessException;
            Assert.NotNull(refused);
            Assert.Equal(NodeAccessError.AgentRefused, refused.Error);
        }

        private string WhoAmI(SshIdentities identities)
        {
            var info = new ConnectionInfo("127.0.0.1", _sshd.BastionPort, "kcjump", new PrivateKeyAuthenticationMethod("kcjump", identities.Sources.ToArray())) { Timeout = TimeSpan.FromSeconds(10) };
            using var client = new SshClient(info);
            client.HostKeyReceived += (s, e) => e.CanTrust = true;
            client.Connect();
            return client.RunCommand("id -un").Result.Trim();
        }
    }
}
