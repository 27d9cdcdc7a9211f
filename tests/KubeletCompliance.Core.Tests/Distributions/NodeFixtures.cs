using System;
using System.Globalization;
using System.IO;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.TestSupport;

namespace KubeletCompliance.Core.Tests.Distributions
{
    /// <summary>The node trees under tests/fixtures/nodes, resolved the way the cmdlets resolve a node under a root.</summary>
    internal static class NodeFixtures
    {
        /// <summary>Boot time written into copies; every file is dated at boot unless a test moves it.</summary>
        public static readonly DateTimeOffset BootTime = DateTimeOffset.FromUnixTimeSeconds(1700000000);

        public static NodeSetting Resolve(string name) => Resolve(new FileSystemNode(RepositoryPaths.NodeFixture(name)));

        public static NodeSetting Resolve(FileSystemNode node) => NodeResolver.Default.Resolve(node);

        public static ControlVerdict Judge(NodeSetting setting) => Cis421.Judge(setting);

        /// <summary>
        /// Copies a fixture to a temp folder, gives process <paramref name="pid"/> a start time of
        /// <paramref name="startAfterBoot"/> (via /proc/stat btime and /proc/PID/stat field 22) and dates every file at boot,
        /// since git keeps no file times.
        /// </summary>
        public static TempNode CopyWithStartTime(string name, int pid, TimeSpan startAfterBoot)
        {
            var copy = Copy(name);
            File.WriteAllText(System.IO.Path.Combine(copy.Path, "proc", "stat"),
                "cpu  1 2 3 4\nbtime " + BootTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n");
            long ticks = (long)(startAfterBoot.TotalSeconds * 100);
            string fields = "S 1 " + pid + " " + pid + " 0 -1 4194560 1 0 0 0 10 10 0 0 20 0 30 0 " + ticks.ToString(CultureInfo.InvariantCulture) + " 1000 100";
            File.WriteAllText(System.IO.Path.Combine(copy.Path, "proc", pid.ToString(CultureInfo.InvariantCulture), "stat"), pid + " (proc) " + fields + "\n");
            foreach (string file in Directory.EnumerateFiles(copy.Path, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, BootTime.UtcDateTime);
            }

            return copy;
        }

        /// <summary>Copies a fixture to a temp folder a test may change.</summary>
        public static TempNode Copy(string name)
        {
            var copy = new TempNode();
            CopyTree(RepositoryPaths.NodeFixture(name), copy.Path);
            return copy;
        }

        /// <summary>Copies a node tree, symlinks kept as links.</summary>
        internal static void CopyTree(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                string target = System.IO.Path.Combine(to, entry.Name);
                if (entry.LinkTarget != null)
                {
                    File.CreateSymbolicLink(target, entry.LinkTarget);
                }
                else if (entry is DirectoryInfo)
                {
                    CopyTree(entry.FullName, target);
                }
                else
                {
                    File.Copy(entry.FullName, target);
                }
            }
        }
    }

    internal sealed class TempNode : IDisposable
    {
        public TempNode()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kubelet-node-" + Guid.NewGuid().ToString("N"));
        }

        public string Path { get; }

        public FileSystemNode Node => new FileSystemNode(Path);

        /// <summary>Sets a node file's modification time, <paramref name="afterBoot"/> after boot.</summary>
        public void Touch(string nodePath, TimeSpan afterBoot) =>
            File.SetLastWriteTimeUtc(Path + nodePath, (NodeFixtures.BootTime + afterBoot).UtcDateTime);

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
