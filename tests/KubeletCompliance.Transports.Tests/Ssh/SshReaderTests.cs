using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Tests.Support;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>The shell reader over SSH against a real OpenSSH server on 127.0.0.1: sudo, hostile names, the same answers as a local read, hang and flood attacks.</summary>
    [Collection(SshdCollection.Name)]
    public class SshReaderTests
    {
        private readonly SshdFixture _sshd;

        public SshReaderTests(SshdFixture sshd)
        {
            _sshd = sshd;
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
                long ticksPerSecond = long.Parse(Programs.Run("getconf", "CLK_TCK").Trim());
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
    }
}
