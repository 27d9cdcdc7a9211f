using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Shell
{
    /// <summary>
    /// The shell reader's evidence script under every shell a node may offer (a node pod may have only busybox): read
    /// through a local channel, each fixture tree gives exactly what the file-system reader gives.
    /// </summary>
    public sealed class ShellReaderShellsTests
    {
        public static IEnumerable<object[]> Cases() =>
            from shell in new[] { "dash", "bash", "busybox" }
            from tree in new[] { "kubeadm-current", "config-dir-dropins", "k3s-config-d", "two-kubelets", "microk8s" }
            select new object[] { shell, tree };

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_fixture_tree_reads_the_same_through_the_shell_as_from_the_file_system(string shell, string tree)
        {
            if (!LocalShellChannel.IsInstalled(shell))
            {
                return;
            }

            string root = Path.Combine(RepositoryPaths.NodeFixtures, tree);
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => "/" + Path.GetRelativePath(root, f))
                .Where(f => !f.StartsWith("/proc", StringComparison.Ordinal)).Concat(new[] { "/etc/missing.conf", "/nowhere/at/all" }).ToList();
            var directories = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Select(d => "/" + Path.GetRelativePath(root, d))
                .Where(d => !d.StartsWith("/proc", StringComparison.Ordinal)).Concat(new[] { "/", "/missing" }).ToList();
            string[] command = shell == "busybox" ? new[] { "busybox", "sh" } : new[] { shell };
            var local = new FileSystemNode(root);
            var reader = new ShellNodeReader(new LocalShellChannel(command), root, SudoMode.Never);

            reader.Prefetch(files, directories);

            foreach (string file in files)
            {
                NodeFile expected = local.ReadFile(file);
                NodeFile actual = reader.ReadFile(file);
                Assert.True(expected.State == actual.State, file + ": " + expected.State + " from the file system, " + actual.State + " through " + shell);
                Assert.Equal(expected.Content, actual.Content);
            }

            foreach (string directory in directories)
            {
                Assert.Equal(
                    local.ListDirectory(directory).Entries.Select(e => e.Name + (e.IsDirectory ? "/" : "")).OrderBy(n => n, StringComparer.Ordinal),
                    reader.ListDirectory(directory).Entries.Select(e => e.Name + (e.IsDirectory ? "/" : "")).OrderBy(n => n, StringComparer.Ordinal));
            }

            Assert.Equal(
                local.ListProcesses().Select(p => p.Pid + " " + string.Join(" ", p.Argv)).OrderBy(p => p),
                reader.ListProcesses().Select(p => p.Pid + " " + string.Join(" ", p.Argv)).OrderBy(p => p));
        }
    }
}
