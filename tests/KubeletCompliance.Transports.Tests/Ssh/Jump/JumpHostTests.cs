using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Tests.Ssh.Agent;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh.Jump
{
    /// <summary>Nodes in a network namespace, reachable only through a real sshd bastion; every host key checked.</summary>
    [Collection("jump harness")]
    public sealed class JumpHostTests
    {
        private readonly JumpFixture _jump;

        public JumpHostTests(JumpFixture jump)
        {
            _jump = jump;
        }

        [JumpFact]
        public void TheNodes_AreNotReachableWithoutTheBastion()
        {
            SshConnectionOptions direct = _jump.Bastion();
            direct.HostName = _jump["NODE1"];
            direct.Port = 22;

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(direct));

            Assert.Equal(NodeAccessError.HostUnreachable, ex.Error);
        }

        [JumpFact]
        public void NodesBehindOneBastion_ShareOneConnectionToIt()
        {
            int before = _jump.BastionLogins();
            using var pool = new SshJumpPool();
            var nodes = new[] { "NODE1", "NODE2", "NODE1", "NODE2" };
            var seen = new string[nodes.Length];

            Parallel.For(0, nodes.Length, i =>
            {
                using SshConnection node = SshConnection.Open(_jump.Node(nodes[i], pool));
                seen[i] = Output(node, "echo \"$SSH_CONNECTION\"");
            });

            for (int i = 0; i < nodes.Length; i++)
            {
                // SSH_CONNECTION is "client-ip client-port server-ip server-port": the client is the bastion's leg in the namespace.
                string[] fields = seen[i].Split(' ');
                Assert.Equal(_jump[nodes[i]], fields[2]);
                Assert.StartsWith("10.231.7.", fields[0]);
            }

            Assert.Equal(1, pool.ConnectionsOpened);
            Assert.Equal(before + 1, WaitForLogins(before + 1));
        }

        [JumpFact]
        public void ABastionWithAChangedHostKey_FailsEveryNodeBehindIt_NamingTheBastion()
        {
            string knownHosts = Path.Combine(_jump.WorkDir, "kh-bastion-changed");
            File.WriteAllText(knownHosts, _jump.Line("[127.0.0.1]:" + _jump.BastionPort, "OTHER_HOST_KEY_PUB") + _jump.Line(_jump["NODE1"], "NODE1_HOST_KEY_PUB"));
            using var pool = new SshJumpPool();

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(_jump.Node("NODE1", pool, knownHosts)));

            Assert.Equal(NodeAccessError.HostKeyChanged, ex.Error);
            Assert.Equal(_jump["NODE1"] + ":22", ex.Target);
            Assert.Contains("jump host 127.0.0.1:" + _jump.BastionPort, ex.Message);
        }

        [JumpFact]
        public void ANodeWithAChangedHostKey_FailsAlone()
        {
            string knownHosts = Path.Combine(_jump.WorkDir, "kh-node2-changed");
            File.WriteAllText(knownHosts, _jump.Line("[127.0.0.1]:" + _jump.BastionPort, "BASTION_HOST_KEY_PUB") + _jump.Line(_jump["NODE1"], "NODE1_HOST_KEY_PUB") + _jump.Line(_jump["NODE2"], "OTHER_HOST_KEY_PUB"));
            using var pool = new SshJumpPool();

            using (SshConnection node1 = SshConnection.Open(_jump.Node("NODE1", pool, knownHosts)))
            {
                Assert.Equal("ok", Output(node1, "echo ok"));
            }

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(_jump.Node("NODE2", pool, knownHosts)));
            Assert.Equal(NodeAccessError.HostKeyChanged, ex.Error);
            Assert.Equal(_jump["NODE2"] + ":22", ex.Target);
            Assert.DoesNotContain("jump host", ex.Message);
        }

        [JumpFact]
        public void ABastionThatIsDown_IsOneQuickErrorPerNode()
        {
            _jump.Harness("bastion-down");
            try
            {
                using var pool = new SshJumpPool();
                var watch = Stopwatch.StartNew();
                foreach (string node in new[] { "NODE1", "NODE2" })
                {
                    var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(_jump.Node(node, pool)));
                    Assert.Equal(NodeAccessError.ConnectionRefused, ex.Error);
                    Assert.Equal(_jump[node] + ":22", ex.Target);
                    Assert.Contains("jump host 127.0.0.1:" + _jump.BastionPort, ex.Message);
                }

                Assert.Equal(1, pool.ConnectionsOpened);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
            }
            finally
            {
                _jump.Harness("bastion-up");
            }
        }

        [JumpFact]
        public void ANodeTheBastionCannotReach_SaysSo()
        {
            using var pool = new SshJumpPool();
            SshConnectionOptions options = _jump.Node("NODE1", pool);
            // In the namespace's subnet but on no interface: the bastion's connect fails inside the namespace.
            options.HostName = "10.231.7.99";

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(options));

            Assert.Equal(NodeAccessError.HostUnreachable, ex.Error);
            Assert.Equal("10.231.7.99:22", ex.Target);
            Assert.Contains("could not open a channel to 10.231.7.99:22", ex.Message);
        }

        [JumpFact]
        public void AKeyOnlyInTheAgent_LogsInToTheBastionAndTheNode()
        {
            using var agent = new RealAgent();
            agent.Add(_jump["KEY_PASS"], _jump["KEY_PASSPHRASE"]);
            SshConnectionOptions bastion = _jump.Bastion();
            bastion.KeyFilePath = null;
            bastion.IdentityAgent = agent.SocketPath;
            SshConnectionOptions node = _jump.Node("NODE2", null, bastion: bastion);
            node.KeyFilePath = null;
            node.IdentityAgent = agent.SocketPath;

            using SshConnection connection = SshConnection.Open(node);

            Assert.Equal("kcjump", Output(connection, "id -un"));
        }

        private int WaitForLogins(int expected)
        {
            for (int i = 0; i < 50 && _jump.BastionLogins() < expected; i++)
            {
                Thread.Sleep(100);
            }

            return _jump.BastionLogins();
        }

        private static string Output(SshConnection connection, string script) =>
            Encoding.UTF8.GetString(connection.Run(script, null, false, CancellationToken.None).Output).Trim();
    }
}
