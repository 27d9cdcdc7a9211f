using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh.Jump
{
    /// <summary>Skips only on a developer machine that lacks root, ip, socat or sshd; under CI=true it fails instead.</summary>
    public sealed class JumpFactAttribute : FactAttribute
    {
        public JumpFactAttribute()
        {
            Skip = JumpFixture.SkipReason;
        }
    }

    public sealed class JumpTheoryAttribute : TheoryAttribute
    {
        public JumpTheoryAttribute()
        {
            Skip = JumpFixture.SkipReason;
        }
    }

    /// <summary>One harness per test run: every class that needs it shares it, one after the other.</summary>
    [CollectionDefinition("jump harness")]
    public sealed class JumpHarnessCollection : ICollectionFixture<JumpFixture>
    {
    }

    /// <summary>Runs tests/ssh/jump-harness.sh: a bastion on 127.0.0.1 and two nodes reachable only through it.</summary>
    public sealed class JumpFixture : IDisposable
    {
        private readonly Dictionary<string, string> _env = new Dictionary<string, string>(StringComparer.Ordinal);

        public JumpFixture()
        {
            if (SkipReason != null)
            {
                return;
            }

            WorkDir = Path.Combine("/tmp", "kc-jump-" + Environment.ProcessId);
            Harness("start");
            foreach (string line in File.ReadAllLines(Path.Combine(WorkDir, "jump.env")))
            {
                int eq = line.IndexOf('=');
                _env[line.Substring(0, eq)] = line.Substring(eq + 1);
            }

            BastionPort = int.Parse(this["BASTION_PORT"]);
            KnownHosts = Path.Combine(WorkDir, "known_hosts");
            File.WriteAllText(KnownHosts, Line("[127.0.0.1]:" + BastionPort, "BASTION_HOST_KEY_PUB") + Line(this["NODE1"], "NODE1_HOST_KEY_PUB") + Line(this["NODE2"], "NODE2_HOST_KEY_PUB"));
        }

        public static string SkipReason
        {
            get
            {
                bool ready = File.Exists("/usr/sbin/sshd") && File.Exists("/usr/bin/socat") && File.Exists("/usr/sbin/ip") && Environment.UserName == "root";
                return ready || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                    ? null
                    : "jump-host tests need root, sshd, socat and iproute2 (apt-get install -y openssh-server socat iproute2); skipped. With CI=true they fail instead.";
            }
        }

        public string WorkDir { get; }
        public int BastionPort { get; }

        /// <summary>known_hosts with the right keys for the bastion and both nodes.</summary>
        public string KnownHosts { get; }

        public string this[string name] => _env[name];

        public string Line(string host, string publicKey)
        {
            string[] parts = File.ReadAllText(this[publicKey]).Trim().Split(' ');
            return host + " " + parts[0] + " " + parts[1] + "\n";
        }

        public SshConnectionOptions Bastion(string knownHosts = null) => Options("127.0.0.1", BastionPort, knownHosts);

        public SshConnectionOptions Node(string node, SshJumpPool pool, string knownHosts = null, SshConnectionOptions bastion = null)
        {
            SshConnectionOptions options = Options(this[node], 22, knownHosts);
            options.JumpHosts = new[] { bastion ?? Bastion(knownHosts) };
            options.JumpPool = pool;
            return options;
        }

        private SshConnectionOptions Options(string host, int port, string knownHosts) => new SshConnectionOptions
        {
            HostName = host,
            Port = port,
            UserName = this["USER"],
            KeyFilePath = this["KEY"],
            IdentityFiles = Array.Empty<string>(),
            IdentityAgent = "none",
            KnownHostsPath = knownHosts ?? KnownHosts,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(20),
        };

        /// <summary>How many logins the bastion's sshd accepted so far (one sshd -i per connection logs each).</summary>
        public int BastionLogins() =>
            File.Exists(Path.Combine(WorkDir, "bastion.log")) ? File.ReadAllLines(Path.Combine(WorkDir, "bastion.log")).Count(l => l.Contains("Accepted publickey")) : 0;

        public void Harness(string action)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "ssh", "jump-harness.sh"));
            start.ArgumentList.Add(action);
            start.ArgumentList.Add(WorkDir);
            using (Process process = Process.Start(start))
            {
                string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException("jump-harness.sh " + action + " failed: " + output);
                }
            }
        }

        public void Dispose()
        {
            if (WorkDir != null)
            {
                Harness("stop");
                Directory.Delete(WorkDir, true);
            }
        }
    }
}
