using System;
using System.IO;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>The shell writer over SSH against a real OpenSSH server on 127.0.0.1: atomic replacement, backups, links.</summary>
    [Collection(SshdCollection.Name)]
    public class SshWriterTests
    {
        private readonly SshdFixture _sshd;

        public SshWriterTests(SshdFixture sshd)
        {
            _sshd = sshd;
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
    }
}
