using System;
using System.IO;
using System.Threading.Tasks;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Remediation;
using KubeletCompliance.Core.Tests.Support;
using KubeletCompliance.Transports.FileSystem;
using Xunit;

namespace KubeletCompliance.Core.Tests.Transports
{
    /// <summary>
    /// A --config that is a FIFO once hung the audit, and one that leads to /dev/zero or a huge file flooded it. Only
    /// regular files are read, each up to 4 MiB; anything else is an unreadable file, so the node is an Error.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class HostileFileTests
    {
        private static NodeSetting ResolveWithin(TempTree tree, TimeSpan limit)
        {
            var audit = Task.Run(() => NodeResolver.Default.Resolve(new FileSystemNode(tree.Path)));
            Assert.True(audit.Wait(limit), "the audit did not finish: it is blocked on the file");
            return audit.Result;
        }

        private static TempTree NodeWithConfig()
        {
            var tree = new TempTree();
            tree.Write("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n");
            Directory.CreateDirectory(tree.Path + "/var/lib/kubelet");
            return tree;
        }

        [Fact]
        public void Hang_attack_with_a_fifo_as_the_config_is_an_error_not_a_hang()
        {
            using var tree = NodeWithConfig();
            string fifo = tree.Path + "/var/lib/kubelet/config.yaml";
            Assert.Equal(0, System.Diagnostics.Process.Start("mkfifo", fifo).WaitForExitAndCode());
            try
            {
                var setting = ResolveWithin(tree, TimeSpan.FromSeconds(20));
                Assert.Equal(ErrorIds.ConfigFileUnreadable, setting.Problem.ErrorId);
                Assert.Contains("not a regular file", setting.Problem.Message);
            }
            finally
            {
                // Releases a reader the old code left blocked on the FIFO.
                using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write | FileAccess.Read))
                {
                }
            }
        }

        [Fact]
        public void Flood_attack_with_a_config_leading_to_dev_zero_is_an_error()
        {
            using var tree = NodeWithConfig();
            Directory.CreateDirectory(tree.Path + "/dev");
            Assert.Equal(0, System.Diagnostics.Process.Start("mknod", $"-m 0444 {tree.Path}/dev/zero c 1 5").WaitForExitAndCode());
            File.CreateSymbolicLink(tree.Path + "/var/lib/kubelet/config.yaml", "/dev/zero");
            var setting = ResolveWithin(tree, TimeSpan.FromSeconds(20));
            Assert.Equal(ErrorIds.ConfigFileUnreadable, setting.Problem.ErrorId);
        }

        [Fact]
        public void Flood_attack_with_a_5_MiB_config_is_an_error()
        {
            using var tree = NodeWithConfig();
            File.WriteAllText(tree.Path + "/var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n#" + new string('x', 5 * 1024 * 1024) + "\n");
            var setting = ResolveWithin(tree, TimeSpan.FromSeconds(20));
            Assert.Equal(ErrorIds.ConfigFileUnreadable, setting.Problem.ErrorId);
            Assert.Contains("4 MiB", setting.Problem.Message);
        }
    }
}
