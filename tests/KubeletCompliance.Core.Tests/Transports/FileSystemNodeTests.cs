using System.IO;
using System.Linq;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Core.Tests.Transports
{
    public class FileSystemNodeTests
    {
        [Fact]
        public void AbsoluteSymlinks_ResolveInsideTheRoot()
        {
            using var tree = new TempTree();
            tree.Write("/opt/kubelet/config.yaml", "inside");
            Directory.CreateDirectory(tree.Path + "/var/lib/kubelet");
            File.CreateSymbolicLink(tree.Path + "/var/lib/kubelet/config.yaml", "/opt/kubelet/config.yaml");
            var file = new FileSystemNode(tree.Path).ReadFile("/var/lib/kubelet/config.yaml");
            Assert.Equal("inside", file.Content);
            Assert.Equal("/var/lib/kubelet/config.yaml", file.Path);
        }

        [Fact]
        public void Symlinks_NeverEscapeTheRoot()
        {
            using var tree = new TempTree();
            using var outside = new TempTree();
            outside.Write("/secret", "host file");
            Directory.CreateDirectory(tree.Path + "/etc");
            File.CreateSymbolicLink(tree.Path + "/etc/abs", outside.Path + "/secret");
            File.CreateSymbolicLink(tree.Path + "/etc/rel", "../../../../../../../../" + outside.Path + "/secret");
            var node = new FileSystemNode(tree.Path);
            Assert.Equal(NodeFileState.NotFound, node.ReadFile("/etc/abs").State);
            Assert.Equal(NodeFileState.NotFound, node.ReadFile("/etc/rel").State);
            Assert.Equal(NodeFileState.NotFound, node.ReadFile("/../../../../" + outside.Path + "/secret").State);
        }

        [Fact]
        public void SymlinkToDevNull_ReadsEmpty_SoTheUnitIsMasked()
        {
            using var tree = new TempTree();
            tree.Write("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n");
            Directory.CreateDirectory(tree.Path + "/etc/systemd/system");
            File.CreateSymbolicLink(tree.Path + "/etc/systemd/system/kubelet.service", "/dev/null");
            var setting = NodeResolver.Default.Resolve(new FileSystemNode(tree.Path));
            Assert.Equal(SettingSource.NotFound, setting.Source);
        }

        [Fact]
        public void Processes_AreReadFromProcBelowTheRoot()
        {
            var node = new FileSystemNode(RepositoryPaths.NodeFixture("flags-only-running"));
            var kubelet = node.ListProcesses().Single();
            Assert.Equal(4242, kubelet.Pid);
            Assert.Equal("/usr/local/bin/kubelet", kubelet.Argv[0]);
            Assert.Equal("--anonymous-auth=false", kubelet.Argv[1]);
            Assert.Equal("/", kubelet.WorkingDirectory);
            Assert.Equal("kubelet", kubelet.Name);
        }

        [Fact]
        public void ProcessStartTime_ComesFromStatAndBootTime()
        {
            using var tree = new TempTree();
            tree.Write("/proc/stat", "cpu  1 2 3\nbtime 1700000000\n");
            tree.Write("/proc/9/cmdline", "/usr/bin/kubelet\0");
            // Field 22 (start time) is 12345 ticks: 123.45 s after boot. The command name holds a space and ')'.
            tree.Write("/proc/9/stat", "9 (kube let)) S 1 9 9 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 0 0\n");
            var process = new FileSystemNode(tree.Path).ListProcesses().Single();
            Assert.Equal(1700000000 + 123.45, process.StartTime.Value.ToUnixTimeMilliseconds() / 1000.0, 2);
        }

        [Fact]
        public void Directories_ListRealFoldersOnly()
        {
            using var tree = new TempTree();
            tree.Write("/d/a.conf", "x");
            tree.Write("/d/sub/b.conf", "y");
            File.CreateSymbolicLink(tree.Path + "/d/linked", tree.Path + "/d/sub");
            var listing = new FileSystemNode(tree.Path).ListDirectory("/d");
            Assert.True(listing.Entries.Single(e => e.Name == "sub").IsDirectory);
            Assert.False(listing.Entries.Single(e => e.Name == "linked").IsDirectory);
            Assert.False(new FileSystemNode(tree.Path).ListDirectory("/nope").Exists);
        }

        [Fact]
        public void ReadingADirectory_IsUnreadableNotMissing()
        {
            using var tree = new TempTree();
            Directory.CreateDirectory(tree.Path + "/var/lib/kubelet/config.yaml");
            Assert.Equal(NodeFileState.Unreadable, new FileSystemNode(tree.Path).ReadFile("/var/lib/kubelet/config.yaml").State);
        }
    }
}
