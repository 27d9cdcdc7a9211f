using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Tests.Support;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>SSH connections against a real OpenSSH server on 127.0.0.1 (see tests/ssh/sshd-harness.sh): logins, host keys, refused ports, quoting.</summary>
    [Collection(SshdCollection.Name)]
    public class SshConnectionTests
    {
        private readonly SshdFixture _sshd;

        public SshConnectionTests(SshdFixture sshd)
        {
            _sshd = sshd;
        }

        [SshdTheory]
        [InlineData("KEY_ED25519", false)]
        [InlineData("KEY_ECDSA", false)]
        [InlineData("KEY_RSA_PEM", false)]
        [InlineData("KEY_ED25519_PASS", true)]
        public void Key_login_works_for_each_key_format(string key, bool needsPassphrase)
        {
            SshConnectionOptions options = _sshd.Options("kcnone", _sshd[key]);
            options.KeyPassphrase = needsPassphrase ? _sshd["KEY_PASSPHRASE"] : null;

            using (SshConnection connection = SshConnection.Open(options))
            {
                Assert.Equal("kcnone\n", connection.Run("id -un", null, false, CancellationToken.None).OutputText);
                Assert.Equal(HostKeyVerdict.Match, connection.HostKey.Verdict);
            }
        }

        [SshdFact]
        public void Encrypted_key_without_passphrase_is_an_authentication_error()
        {
            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(_sshd.Options("kcnone", _sshd["KEY_ED25519_PASS"])));

            Assert.Equal("AuthenticationFailed", ex.ErrorId);
            Assert.Equal(ErrorKind.AuthenticationError, ErrorCatalog.Find(ex.ErrorId).Kind);
        }

        [SshdFact]
        public void Password_login_works()
        {
            using (SshConnection connection = SshConnection.Open(_sshd.Options("kcnone", password: _sshd["PASSWORD_KCNONE"])))
            {
                Assert.Equal("kcnone\n", connection.Run("id -un", null, false, CancellationToken.None).OutputText);
            }
        }

        [SshdFact]
        public void Wrong_password_is_AuthenticationFailed()
        {
            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(_sshd.Options("kcnone", password: "not-the-password")));

            Assert.Equal(NodeAccessError.AuthenticationFailed, ex.Error);
            Assert.DoesNotContain("not-the-password", ex.ToString());
        }

        [SshdFact]
        public void Unknown_host_key_is_refused_with_its_fingerprint_and_a_hint()
        {
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.KnownHostsPath = Path.Combine(_sshd.KnownHostsFolder, "empty-" + Guid.NewGuid().ToString("N"));

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(options));

            Assert.Equal("HostKeyUnknown", ex.ErrorId);
            Assert.Equal(ErrorKind.SecurityError, ErrorCatalog.Find(ex.ErrorId).Kind);
            Assert.Contains(KnownHosts.Fingerprint(SshdFixture.PublicKeyBlob(_sshd["HOST_KEY_PUB"])), ex.Message);
            Assert.Contains("-AcceptNewHostKey", ex.Message);
            Assert.False(File.Exists(options.KnownHostsPath));
        }

        [SshdFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void AcceptNew_records_the_key_so_a_strict_connection_then_passes()
        {
            string folder = Path.Combine(_sshd.KnownHostsFolder, "new-" + Guid.NewGuid().ToString("N"), ".ssh");
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.KnownHostsPath = Path.Combine(folder, "known_hosts");
            options.HostKeyPolicy = HostKeyPolicy.AcceptNew;

            using (SshConnection connection = SshConnection.Open(options))
            {
                Assert.True(connection.HostKeyRecorded);
            }

            Assert.Equal(_sshd.KnownHostsLine(_sshd["HOST_KEY_PUB"]), File.ReadAllText(options.KnownHostsPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.KnownHostsPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));

            options.HostKeyPolicy = HostKeyPolicy.Strict;
            using (SshConnection connection = SshConnection.Open(options))
            {
                Assert.False(connection.HostKeyRecorded);
                Assert.Equal(HostKeyVerdict.Match, connection.HostKey.Verdict);
            }
        }

        [SshdFact]
        public void Changed_host_key_fails_even_with_AcceptNew_and_names_both_fingerprints()
        {
            string knownHosts = Path.Combine(_sshd.KnownHostsFolder, "changed-" + Guid.NewGuid().ToString("N"));
            string before = _sshd.KnownHostsLine(_sshd["OTHER_HOST_KEY_PUB"]);
            File.WriteAllText(knownHosts, before);
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.KnownHostsPath = knownHosts;
            options.HostKeyPolicy = HostKeyPolicy.AcceptNew;

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(options));

            Assert.Equal(NodeAccessError.HostKeyChanged, ex.Error);
            Assert.Contains(KnownHosts.Fingerprint(SshdFixture.PublicKeyBlob(_sshd["HOST_KEY_PUB"])), ex.Message);
            Assert.Contains(KnownHosts.Fingerprint(SshdFixture.PublicKeyBlob(_sshd["OTHER_HOST_KEY_PUB"])), ex.Message);
            Assert.Equal(before, File.ReadAllText(knownHosts));
        }

        [SshdFact]
        public void Revoked_host_key_is_refused()
        {
            string knownHosts = Path.Combine(_sshd.KnownHostsFolder, "revoked-" + Guid.NewGuid().ToString("N"));
            string line = _sshd.KnownHostsLine(_sshd["HOST_KEY_PUB"]);
            File.WriteAllText(knownHosts, line + "@revoked * " + line.Substring(line.IndexOf(' ') + 1));
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.KnownHostsPath = knownHosts;

            Assert.Equal(NodeAccessError.HostKeyRevoked, Assert.Throws<NodeAccessException>(() => SshConnection.Open(options)).Error);
        }

        [SshdFact]
        public void Entries_hashed_by_ssh_keygen_match()
        {
            string knownHosts = Path.Combine(_sshd.KnownHostsFolder, "hashed-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(knownHosts, _sshd.KnownHostsLine(_sshd["HOST_KEY_PUB"]));
            Programs.Run("ssh-keygen", "-H", "-f", knownHosts);
            Assert.StartsWith("|1|", File.ReadAllText(knownHosts));
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.KnownHostsPath = knownHosts;

            using (SshConnection connection = SshConnection.Open(options))
            {
                Assert.Equal(HostKeyVerdict.Match, connection.HostKey.Verdict);
            }
        }

        [SshdFact]
        public void Known_ecdsa_key_is_asked_for_although_the_server_also_has_ed25519()
        {
            string knownHosts = Path.Combine(_sshd.KnownHostsFolder, "ecdsa-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(knownHosts, _sshd.KnownHostsLine(_sshd["HOST_ECDSA_KEY_PUB"]));
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.KnownHostsPath = knownHosts;

            using (SshConnection connection = SshConnection.Open(options))
            {
                Assert.Equal("ecdsa-sha2-nistp256", connection.HostKey.KeyType);
            }
        }

        [SshdFact]
        public void Dead_port_is_ConnectionRefused_quickly()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.Port = port;
            Stopwatch clock = Stopwatch.StartNew();

            var ex = Assert.Throws<NodeAccessException>(() => SshConnection.Open(options));

            Assert.Equal(NodeAccessError.ConnectionRefused, ex.Error);
            Assert.Equal(ErrorKind.ConnectionError, ErrorCatalog.Find(ex.ErrorId).Kind);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
        }

        [SshdFact]
        public void Quoted_values_reach_the_remote_shell_unchanged()
        {
            string marker = Path.Combine(_sshd.WorkDir, "pwned-quote");
            string[] values =
            {
                "it's", "'", "''", "a;touch " + marker, "$(touch " + marker + ")", "`touch " + marker + "`",
                "x\ntouch " + marker, "\\'", "\"$HOME\"", "*", "-n", " lead and trail ", "café ✓",
            };
            using (SshConnection connection = SshConnection.Open(_sshd.Options("kcsudo")))
            {
                foreach (string value in values)
                {
                    Assert.Equal(value, connection.Run("printf '%s' " + PosixShell.Quote(value), null, false, CancellationToken.None).OutputText);
                    Assert.Equal(value, connection.Run("printf '%s' " + PosixShell.Quote(value), null, true, CancellationToken.None).OutputText);
                }
            }

            Assert.False(File.Exists(marker));
        }
    }
}
