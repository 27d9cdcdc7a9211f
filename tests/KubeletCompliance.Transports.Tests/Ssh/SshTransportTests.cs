using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>The SSH transport against a real OpenSSH server on 127.0.0.1 (see tests/ssh/sshd-harness.sh).</summary>
    [Collection(SshdCollection.Name)]
    public class SshTransportTests
    {
        private readonly SshdFixture _sshd;

        public SshTransportTests(SshdFixture sshd)
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
            Run("ssh-keygen", "-H", "-f", knownHosts);
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
        public void Passwordless_sudo_reads_root_only_files_after_a_denied_plain_read()
        {
            using (SshConnection connection = SshConnection.Open(_sshd.Options("kcsudo")))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                NodeFile file = reader.ReadFile("/etc/kubernetes/root-only.conf");

                Assert.Equal(NodeFileState.Found, file.State);
                Assert.Contains("enabled: true", file.Content);
                Assert.Equal(2, reader.RoundTrips);
                Assert.Equal(new[] { "50-hidden.conf" }, reader.ListDirectory("/etc/kubernetes/root-only.d").Entries.Select(e => e.Name));
                Assert.Equal(3, reader.RoundTrips);
            }
        }

        [SshdFact]
        public void Drop_in_files_come_with_their_directory_listing()
        {
            using (SshConnection connection = SshConnection.Open(_sshd.Options("kcsudo")))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                reader.Prefetch(null, new[] { "/etc/systemd/system/kubelet.service.d", "/etc/kubernetes/kubelet.conf.d" });
                reader.FetchPending();
                Assert.Equal(1, reader.RoundTrips);

                NodeFile dropIn = reader.TryReadCached("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf");
                Assert.NotNull(dropIn);
                Assert.Equal(File.ReadAllText(_sshd.NodeRoot + "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"), dropIn.Content);
                Assert.Equal(NodeFileState.Found, reader.TryReadCached("/etc/kubernetes/kubelet.conf.d/20-ignored.yaml")?.State);
                // A subfolder's files are not sent along: they cost a round trip when asked for.
                Assert.Null(reader.TryReadCached("/etc/kubernetes/kubelet.conf.d/nested/30-nested.conf"));
                Assert.Equal(NodeFileState.Found, reader.ReadFile("/etc/kubernetes/kubelet.conf.d/10-anonymous.conf").State);
                Assert.Equal(1, reader.RoundTrips);
            }
        }

        [SshdFact]
        public void Sudo_password_goes_through_standard_input()
        {
            SshConnectionOptions options = _sshd.Options("kcpass");
            options.UseSudo = SudoMode.Always;
            options.SudoPassword = _sshd["PASSWORD_KCPASS"];

            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                Assert.Equal(NodeFileState.Found, reader.ReadFile("/etc/kubernetes/root-only.conf").State);
                Assert.Equal(1, reader.RoundTrips);
            }
        }

        [SshdFact]
        public void Wrong_sudo_password_is_SudoPasswordWrong()
        {
            SshConnectionOptions options = _sshd.Options("kcpass");
            options.UseSudo = SudoMode.Always;
            options.SudoPassword = "wrong-sudo-password";

            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                var ex = Assert.Throws<NodeAccessException>(() => reader.ReadFile("/etc/kubernetes/root-only.conf"));

                Assert.Equal(NodeAccessError.SudoPasswordWrong, ex.Error);
                Assert.DoesNotContain("wrong-sudo-password", ex.ToString());
            }
        }

        [SshdFact]
        public void Refused_sudo_fails_when_required_and_leaves_files_unreadable_in_Auto()
        {
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.UseSudo = SudoMode.Always;
            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                var ex = Assert.Throws<NodeAccessException>(() => reader.ReadFile("/etc/kubernetes/root-only.conf"));
                Assert.Equal("SudoRefused", ex.ErrorId);
                Assert.Equal(ErrorKind.PermissionDenied, ErrorCatalog.Find(ex.ErrorId).Kind);
            }

            options.UseSudo = SudoMode.Auto;
            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                NodeFile file = reader.ReadFile("/etc/kubernetes/root-only.conf");
                Assert.Equal(NodeFileState.Unreadable, file.State);
                Assert.Contains("sudo", file.Error);
                Assert.Equal(NodeFileState.Found, reader.ReadFile("/var/lib/kubelet/config.yaml").State);
                Assert.Equal(3, reader.RoundTrips);
            }
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

        [SshdFact]
        public void Hostile_paths_names_and_user_names_run_nothing()
        {
            string marker = Path.Combine(_sshd.WorkDir, "pwned-path");
            string[] paths =
            {
                "/etc/x'; touch " + marker + "; '", "/etc/$(touch " + marker + ")", "/etc/`touch " + marker + "`",
                "/etc/a\ntouch " + marker, "/etc/a\" ; touch " + marker + " ; \"",
            };
            SshConnectionOptions options = _sshd.Options("kcsudo");
            options.UseSudo = SudoMode.Always;
            options.RemoteRoot = _sshd.NodeRoot + "/'$(touch " + marker + ")'";
            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                reader.Prefetch(paths, paths);
                foreach (string path in paths)
                {
                    Assert.Equal(NodeFileState.NotFound, reader.ReadFile(path).State);
                    Assert.False(reader.ListDirectory(path).Exists);
                }

                Assert.Equal(1, reader.RoundTrips);
            }

            using (SshConnection connection = SshConnection.Open(_sshd.Options("kcsudo")))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                Assert.Equal(
                    new[] { "it's $(touch kc-pwned-list)\nline two", "semi;colon `touch kc-pwned-list`" },
                    reader.ListDirectory("/etc/hostile").Entries.Select(e => e.Name));
            }

            SshConnectionOptions hostileUser = _sshd.Options("kcsudo;touch " + marker, password: "x';touch " + marker + ";'");
            Assert.Equal(NodeAccessError.AuthenticationFailed, Assert.Throws<NodeAccessException>(() => SshConnection.Open(hostileUser)).Error);

            Assert.False(File.Exists(marker));
            foreach (string user in new[] { "kcsudo", "kcpass", "kcnone" })
            {
                Assert.False(File.Exists(Path.Combine("/home", user, "kc-pwned-list")));
            }
        }

        [SshdFact]
        public void Reads_over_ssh_equal_a_local_read_of_the_same_tree_in_one_round_trip()
        {
            string root = _sshd.NodeRoot;
            var directories = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
                .Select(d => "/" + Path.GetRelativePath(root, d))
                .Where(d => !d.StartsWith("/proc", StringComparison.Ordinal))
                .Concat(new[] { "/", "/missing", "/etc/kubernetes/config.yaml", "/etc/kubernetes/empty.conf/below" })
                .ToList();
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => "/" + Path.GetRelativePath(root, f))
                .Where(f => !f.StartsWith("/proc", StringComparison.Ordinal))
                .Concat(new[] { "/etc/missing.conf", "/etc/kubernetes", "/nowhere/at/all" })
                .ToList();
            SshConnectionOptions options = _sshd.Options("kcsudo");
            options.UseSudo = SudoMode.Always;

            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeReader reader = SshShell.Reader(connection);
                reader.Prefetch(files, directories);

                foreach (string file in files)
                {
                    NodeFile remote = reader.ReadFile(file);
                    NodeFile local = LocalRead(root, file);
                    Assert.True(local.State == remote.State, file + ": " + local.State + " locally, " + remote.State + " over SSH");
                    Assert.Equal(local.Content, remote.Content);
                    Assert.Equal(local.Modified, remote.Modified);
                    Assert.Equal(file, remote.Path);
                }

                foreach (string directory in directories)
                {
                    NodeDirectory remote = reader.ListDirectory(directory);
                    NodeDirectory local = LocalList(root, directory);
                    Assert.True(local.Exists == remote.Exists, directory);
                    Assert.Equal(local.Entries.Select(e => e.Name + (e.IsDirectory ? "/" : "")), remote.Entries.Select(e => e.Name + (e.IsDirectory ? "/" : "")));
                }

                IReadOnlyList<NodeProcess> processes = reader.ListProcesses();
                NodeProcess kubelet = Assert.Single(processes, p => p.Pid == 4242);
                Assert.Equal("/system.slice/kubelet.service", kubelet.Identity.ControlGroup);
                Assert.Equal(0, kubelet.Identity.EffectiveUid);
                Assert.False(kubelet.Identity.Live);
                NodeProcess lookAlike = Assert.Single(processes, p => p.Pid == 4000);
                Assert.Equal(1001, lookAlike.Identity.RealUid);
                Assert.Equal("/user.slice/user-1001.slice/user@1001.service/app.slice/kubelet.service", lookAlike.Identity.ControlGroup);
                Assert.Equal("kubelet", kubelet.Name);
                Assert.Equal(new[] { "/usr/bin/kubelet", "--config=config.yaml", "--anonymous-auth=false" }, kubelet.Argv);
                Assert.Equal("/var/lib/kubelet", kubelet.WorkingDirectory);
                long ticksPerSecond = long.Parse(Run("getconf", "CLK_TCK").Trim());
                Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddSeconds(123400.0 / ticksPerSecond), kubelet.StartTime);

                Assert.Equal(1, reader.RoundTrips);
            }
        }

        [SshdFact]
        public void Running_kubelet_is_found_with_argv_working_directory_and_start_time()
        {
            string program = Path.Combine(_sshd.WorkDir, "bin", "kubelet");
            Directory.CreateDirectory(Path.GetDirectoryName(program));
            File.Copy("/bin/sleep", program, true);
            string workingDirectory = Path.Combine(_sshd.NodeRoot, "var", "lib", "kubelet");
            var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory };
            start.ArgumentList.Add("30");
            using (Process process = Process.Start(start))
            {
                try
                {
                    SshConnectionOptions options = _sshd.Options("kcsudo");
                    options.RemoteRoot = "/";
                    using (SshConnection connection = SshConnection.Open(options))
                    {
                        ShellNodeReader reader = SshShell.Reader(connection);
                        IReadOnlyList<NodeProcess> processes = reader.ListProcesses();

                        NodeProcess kubelet = Assert.Single(processes, p => p.Pid == process.Id);
                        Assert.Equal(new[] { program, "30" }, kubelet.Argv);
                        Assert.Equal("kubelet", kubelet.Name);
                        Assert.True(kubelet.Identity.Live);
                        Assert.Equal(0, kubelet.Identity.RealUid);
                        Assert.True(kubelet.Identity.Executable.OnlyRootCanChange);
                        Assert.NotNull(kubelet.Identity.ControlGroup);
                        // A root process's cwd is hidden from kcsudo: seeing it proves Auto went through sudo.
                        Assert.Equal(workingDirectory, kubelet.WorkingDirectory);
                        Assert.InRange(kubelet.StartTime.Value, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(2));
                        Assert.DoesNotContain(processes, p => p.Argv != null && p.Argv.Any(a => a.Contains("kc-begin")));
                    }
                }
                finally
                {
                    process.Kill();
                }
            }
        }

        [SshdTheory]
        [InlineData("kcsudo", "PASSWORD_KCSUDO")]
        [InlineData("kcpass", "PASSWORD_KCPASS")]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void Writer_replaces_files_atomically_keeping_owner_and_mode(string user, string sudoPassword)
        {
            // kcsudo needs no sudo password, so sudo leaves the password line unread: it must not reach the file.
            SshConnectionOptions options = _sshd.Options(user);
            options.SudoPassword = _sshd[sudoPassword];
            string folder = "/etc/written-by-" + user;
            Directory.CreateDirectory(_sshd.NodeRoot + folder);
            string existing = folder + "/root-only.conf";
            File.WriteAllText(_sshd.NodeRoot + existing, "old\n");
            File.SetUnixFileMode(_sshd.NodeRoot + existing, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            string content = "new 'content' $(touch x)\nline two\n";

            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeWriter writer = SshShell.Writer(connection);
                string backup = writer.Backup(existing, "20261128T120000000Z");
                writer.WriteFileAtomic(existing, content, "old\n");
                Assert.Throws<NodeWriteException>(() => writer.WriteFileAtomic(existing, "other\n", "old\n"));
                string absent = writer.Backup(folder + "/fresh.conf", "20261128T120000000Z");
                writer.WriteFileAtomic(folder + "/fresh.conf", content, null);
                CommandResult id = writer.RunCommand("id", new[] { "-u" }, TimeSpan.FromSeconds(30));

                Assert.Equal(existing + ".kcbak-20261128T120000000Z", backup);
                Assert.EndsWith(".absent", absent);
                Assert.Equal("0\n", id.Output);
                Assert.Equal("old\n", File.ReadAllText(_sshd.NodeRoot + backup));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_sshd.NodeRoot + backup));
                Assert.Equal(1, writer.RunCommand("false", new string[0], TimeSpan.FromSeconds(30)).ExitCode);
            }

            Assert.Equal(content, File.ReadAllText(_sshd.NodeRoot + existing));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_sshd.NodeRoot + existing));
            Assert.Equal(content, File.ReadAllText(_sshd.NodeRoot + folder + "/fresh.conf"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_sshd.NodeRoot + folder + "/fresh.conf"));
            using (SshConnection connection = SshConnection.Open(options))
            {
                ShellNodeWriter writer = SshShell.Writer(connection);
                writer.Restore(existing + ".kcbak-20261128T120000000Z", existing);
                writer.Restore(folder + "/fresh.conf.kcbak-20261128T120000000Z.absent", folder + "/fresh.conf");
            }

            Assert.Equal("old\n", File.ReadAllText(_sshd.NodeRoot + existing));
            Assert.False(File.Exists(_sshd.NodeRoot + folder + "/fresh.conf"));
            Assert.Equal(3, Directory.GetFiles(_sshd.NodeRoot + folder).Length); // the file and its two backups
        }

        [SshdFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void Writer_changes_a_symlinked_file_where_it_points_and_keeps_the_link()
        {
            // With the node's real root, as on a live node: the link stays a link and its target gets the new content.
            string folder = Path.Combine("/tmp", "kc-ssh-link-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                File.WriteAllText(folder + "/target.yaml", "old\n");
                File.CreateSymbolicLink(folder + "/config.yaml", folder + "/target.yaml");
                SshConnectionOptions options = _sshd.Options("kcsudo");
                options.RemoteRoot = "/";
                using (SshConnection connection = SshConnection.Open(options))
                {
                    ShellNodeWriter writer = SshShell.Writer(connection);
                    string backup = writer.Backup(folder + "/config.yaml", "20261128T130000000Z");
                    writer.WriteFileAtomic(folder + "/config.yaml", "new\n", "old\n");
                    Assert.Equal(folder + "/config.yaml.kcbak-20261128T130000000Z", backup);
                    Assert.Equal("old\n", File.ReadAllText(backup));
                }

                Assert.NotNull(new FileInfo(folder + "/config.yaml").LinkTarget);
                Assert.Equal("new\n", File.ReadAllText(folder + "/target.yaml"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [SshdFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void Writer_refuses_a_symlink_below_a_remote_root_that_would_point_outside_the_image()
        {
            // The shared node tree is read whole by other tests: the link lives only as long as this test.
            string folder = "/etc/linked-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(_sshd.NodeRoot + folder);
            try
            {
                File.CreateSymbolicLink(_sshd.NodeRoot + folder + "/config.yaml", "/etc/hostname");
                using (SshConnection connection = SshConnection.Open(_sshd.Options("kcsudo")))
                {
                    ShellNodeWriter writer = SshShell.Writer(connection);
                    // The expected content is what the link's host target holds, so only the refusal stops the write.
                    string hostFile = File.ReadAllText("/etc/hostname");
                    var refused = Assert.Throws<NodeWriteException>(() => writer.WriteFileAtomic(folder + "/config.yaml", "new\n", hostFile));
                    Assert.Contains("symlink below a remote root", refused.Message);
                    Assert.Equal(hostFile, File.ReadAllText("/etc/hostname"));
                }
            }
            finally
            {
                Directory.Delete(_sshd.NodeRoot + folder, recursive: true);
            }
        }

        [SshdFact]
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public void Hang_and_flood_attacks_with_a_fifo_or_a_huge_config_are_refused_over_ssh()
        {
            string folder = "/etc/hostile-files-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(_sshd.NodeRoot + folder);
            try
            {
                using (Process mkfifo = Process.Start("mkfifo", _sshd.NodeRoot + folder + "/fifo.yaml"))
                {
                    mkfifo.WaitForExit();
                    Assert.Equal(0, mkfifo.ExitCode);
                }

                File.WriteAllText(_sshd.NodeRoot + folder + "/huge.yaml", new string('x', 5 * 1024 * 1024));
                using (SshConnection connection = SshConnection.Open(_sshd.Options("kcsudo")))
                {
                    ShellNodeReader reader = SshShell.Reader(connection);
                    var read = System.Threading.Tasks.Task.Run(() => (reader.ReadFile(folder + "/fifo.yaml"), reader.ReadFile(folder + "/huge.yaml")));
                    Assert.True(read.Wait(TimeSpan.FromSeconds(60)), "the remote evidence script blocked on the FIFO");
                    var (fifo, huge) = read.Result;
                    Assert.Equal(NodeFileState.Unreadable, fifo.State);
                    Assert.Contains("not a regular file", fifo.Error);
                    Assert.Equal(NodeFileState.Unreadable, huge.State);
                    Assert.Contains("4 MiB", huge.Error);
                }
            }
            finally
            {
                Directory.Delete(_sshd.NodeRoot + folder, recursive: true);
            }
        }

        private static NodeFile LocalRead(string root, string path)
        {
            string full = root + path;
            if (Directory.Exists(full))
            {
                return NodeFile.Unreadable(path, "is a directory");
            }

            if (!File.Exists(full))
            {
                return NodeFile.NotFound(path);
            }

            return NodeFile.Found(path, File.ReadAllText(full, new UTF8Encoding(false)), DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(File.GetLastWriteTimeUtc(full)).ToUnixTimeSeconds()));
        }

        private static NodeDirectory LocalList(string root, string path)
        {
            string full = (root + path).TrimEnd('/');
            if (!Directory.Exists(full))
            {
                return NodeDirectory.Missing(path);
            }

            var entries = Directory.EnumerateFileSystemEntries(full)
                .Select(e => new NodeDirectoryEntry(Path.GetFileName(e), Directory.Exists(e)))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            return new NodeDirectory(path, true, entries);
        }

        private static string Run(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using (Process process = Process.Start(start))
            {
                string output = process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode);
                return output;
            }
        }
    }
}
