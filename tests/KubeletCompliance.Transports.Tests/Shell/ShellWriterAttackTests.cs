using System;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Shell
{
    /// <summary>The shell writer against links a node could plant, run by a local channel over a fixture tree.</summary>
    public sealed class ShellWriterAttackTests : IDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "kc-shell-writer-" + Guid.NewGuid().ToString("N"));

        public ShellWriterAttackTests()
        {
            Directory.CreateDirectory(Path.Combine(_work, "root", "var", "lib", "kubelet"));
            Directory.CreateDirectory(Path.Combine(_work, "outside", "kubernetes"));
        }

        public void Dispose() => Directory.Delete(_work, true);

        private string Root => Path.Combine(_work, "root");

        [Theory]
        [InlineData("sh")]
        [InlineData("bash")]
        [InlineData("busybox", "sh")]
        public void A_symlinked_folder_under_a_remote_root_does_not_carry_a_write_out_of_it(params string[] shell)
        {
            if (!LocalShellChannel.IsInstalled(shell[0]))
            {
                return;
            }

            string victim = Path.Combine(_work, "outside", "kubernetes", "kubelet.conf");
            File.WriteAllText(victim, "outside\n");
            Directory.CreateDirectory(Path.Combine(Root, "etc"));
            File.CreateSymbolicLink(Path.Combine(Root, "etc", "kubernetes"), Path.Combine(_work, "outside", "kubernetes"));
            var writer = new ShellNodeWriter(new LocalShellChannel(shell), Root, SudoMode.Never);

            var write = Assert.Throws<NodeWriteException>(() => writer.WriteFileAtomic("/etc/kubernetes/kubelet.conf", "planted\n", "outside\n"));
            var backup = Assert.Throws<NodeWriteException>(() => writer.Backup("/etc/kubernetes/kubelet.conf", "20260101T000000000Z"));

            Assert.Contains("leaves the remote root", write.Message);
            Assert.Contains("leaves the remote root", backup.Message);
            Assert.Equal("outside\n", File.ReadAllText(victim));
            Assert.Single(Directory.GetFileSystemEntries(Path.Combine(_work, "outside", "kubernetes")));
        }

        [Theory]
        [InlineData("sh")]
        [InlineData("bash")]
        [InlineData("busybox", "sh")]
        public void A_link_planted_at_the_absent_marker_name_is_not_written_through(params string[] shell)
        {
            if (!LocalShellChannel.IsInstalled(shell[0]))
            {
                return;
            }

            string victim = Path.Combine(_work, "outside", "victim");
            File.WriteAllText(victim, "precious\n");
            string stamp = "20260101T000000000Z";
            string marker = Path.Combine(Root, "var", "lib", "kubelet", "config.yaml" + BackupNames.Suffix(stamp) + BackupNames.AbsentMarker);
            File.CreateSymbolicLink(marker, victim);
            var writer = new ShellNodeWriter(new LocalShellChannel(shell), "/", SudoMode.Never);

            Assert.Throws<NodeWriteException>(() => writer.Backup(Path.Combine(Root, "var", "lib", "kubelet", "config.yaml"), stamp));

            Assert.Equal("precious\n", File.ReadAllText(victim));
        }

        [Theory]
        [InlineData("sh")]
        [InlineData("bash")]
        [InlineData("busybox", "sh")]
        public void Backup_write_and_restore_leave_no_temporary_file_and_keep_the_mode(params string[] shell)
        {
            if (!LocalShellChannel.IsInstalled(shell[0]))
            {
                return;
            }

            string file = Path.Combine(Root, "var", "lib", "kubelet", "config.yaml");
            File.WriteAllText(file, "anonymous: true\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var writer = new ShellNodeWriter(new LocalShellChannel(shell), "/", SudoMode.Never);

            string backup = writer.Backup(file, "20260101T000000000Z");
            writer.WriteFileAtomic(file, "anonymous: false\n", "anonymous: true\n");

            Assert.Equal("anonymous: false\n", File.ReadAllText(file));
            Assert.Equal("anonymous: true\n", File.ReadAllText(backup));
            Assert.Equal(File.GetUnixFileMode(backup), File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
            Assert.Equal(new[] { "config.yaml", Path.GetFileName(backup) }.OrderBy(n => n), Directory.GetFileSystemEntries(Path.GetDirectoryName(file)).Select(Path.GetFileName).OrderBy(n => n));
        }
    }
}
