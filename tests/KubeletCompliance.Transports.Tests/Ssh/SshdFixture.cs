using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>Skips a test only on a developer machine without sshd; under CI=true a missing sshd fails instead.</summary>
    public sealed class SshdFactAttribute : FactAttribute
    {
        public SshdFactAttribute()
        {
            Skip = SshdFixture.SkipReason;
        }
    }

    public sealed class SshdTheoryAttribute : TheoryAttribute
    {
        public SshdTheoryAttribute()
        {
            Skip = SshdFixture.SkipReason;
        }
    }

    /// <summary>Runs tests/ssh/sshd-harness.sh once for the test class and reads what it set up.</summary>
    /// <summary>
    /// One sshd for every test class that needs it: the harness rewrites the shared test users' authorized_keys, so two
    /// fixtures started side by side would break each other.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class SshdCollection : ICollectionFixture<SshdFixture>
    {
        public const string Name = "sshd";
    }

    public sealed class SshdFixture : IDisposable
    {
        public const string SshdPath = "/usr/sbin/sshd";

        private readonly Dictionary<string, string> _env = new Dictionary<string, string>(StringComparer.Ordinal);

        public SshdFixture()
        {
            if (SkipReason != null)
            {
                return;
            }

            if (!File.Exists(SshdPath))
            {
                throw new InvalidOperationException(SshdPath + " is missing and CI=true: .ci/run must 'apt-get install -y openssh-server sudo' before the tests.");
            }

            // Not TMPDIR: the test users must be able to walk into the served tree, and /tmp is open to everyone.
            WorkDir = Path.Combine("/tmp", "kc-sshd-" + Environment.ProcessId);
            RunHarness("start");
            foreach (string line in File.ReadAllLines(Path.Combine(WorkDir, "harness.env")))
            {
                int eq = line.IndexOf('=');
                if (eq > 0)
                {
                    _env[line.Substring(0, eq)] = line.Substring(eq + 1);
                }
            }

            Port = int.Parse(this["PORT"]);
            KnownHostsFolder = Path.Combine(WorkDir, "client");
            Directory.CreateDirectory(KnownHostsFolder);
            TrustedKnownHosts = Path.Combine(KnownHostsFolder, "trusted_known_hosts");
            File.WriteAllText(TrustedKnownHosts, KnownHostsLine(this["HOST_KEY_PUB"]));
        }

        /// <summary>Null when sshd can be used; a message when the SSH tests are skipped.</summary>
        public static string SkipReason =>
            File.Exists(SshdPath) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? null
                : SshdPath + " is not installed (apt-get install -y openssh-server sudo); SSH transport tests skipped. With CI=true they fail instead.";

        public string WorkDir { get; }
        public int Port { get; }
        public string NodeRoot => this["NODE_ROOT"];
        public string KnownHostsFolder { get; }

        /// <summary>known_hosts holding the server's ed25519 key under [127.0.0.1]:port.</summary>
        public string TrustedKnownHosts { get; }

        public string this[string name] => _env[name];

        public string KnownHostsLine(string publicKeyFile)
        {
            string[] parts = File.ReadAllText(publicKeyFile).Trim().Split(' ');
            return "[127.0.0.1]:" + Port + " " + parts[0] + " " + parts[1] + "\n";
        }

        public static byte[] PublicKeyBlob(string publicKeyFile) => Convert.FromBase64String(File.ReadAllText(publicKeyFile).Trim().Split(' ')[1]);

        public SshConnectionOptions Options(string user, string keyFile = null, string password = null)
        {
            return new SshConnectionOptions
            {
                HostName = "127.0.0.1",
                Port = Port,
                UserName = user,
                KeyFilePath = keyFile ?? (password == null ? this["KEY_ED25519"] : null),
                Password = password,
                KnownHostsPath = TrustedKnownHosts,
                RemoteRoot = NodeRoot,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                OperationTimeout = TimeSpan.FromSeconds(20),
            };
        }

        public void Dispose()
        {
            if (WorkDir == null)
            {
                return;
            }

            RunHarness("stop");
            Directory.Delete(WorkDir, true);
        }

        private void RunHarness(string action)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "ssh", "sshd-harness.sh"));
            start.ArgumentList.Add(action);
            start.ArgumentList.Add(WorkDir);
            using (Process process = Process.Start(start))
            {
                string output = process.StandardOutput.ReadToEnd();
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException("sshd-harness.sh " + action + " failed (" + process.ExitCode + "): " + output + error);
                }
            }
        }
    }
}
