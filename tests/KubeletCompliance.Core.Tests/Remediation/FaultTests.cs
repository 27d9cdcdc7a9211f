using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.FileSystem;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>
    /// Failures while writing: the node must end with every planned edit or none, and no partial file. Tests run
    /// as root, so read-only is made with chattr +i and a full disk with a small tmpfs.
    /// </summary>
    public class FaultTests
    {
        private const string Header = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

        private static Dictionary<string, string> ConfigNode(string config) => new Dictionary<string, string>
        {
            ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n",
            ["/var/lib/kubelet/config.yaml"] = config,
        };

        /// <summary>The flag in two files: the unit's ExecStart (edited first) and an environment file (second).</summary>
        private static Dictionary<string, string> TwoFileNode() => new Dictionary<string, string>
        {
            ["/etc/systemd/system/kubelet.service"] = "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet --anonymous-auth=true $KUBELET_EXTRA_ARGS\n",
            ["/etc/default/kubelet"] = "KUBELET_EXTRA_ARGS=\"--v=2 --anonymous-auth=true\"\n",
        };

        [Fact]
        public void MalformedConfig_IsRefused_AndNothingIsWritten()
        {
            using (var tree = TempNodeTree.FromFiles(ConfigNode(Header + "authentication:\n  anonymous:\n    enabled: [true\n")))
            {
                var before = tree.Snapshot();

                var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out var plan);

                Assert.Equal(RemediationStatus.Refused, outcome.Status);
                Assert.Equal(ErrorIds.ConfigSyntaxError, outcome.ErrorId);
                Assert.Empty(plan.Edits);
                Assert.Equal(before, tree.Snapshot());
            }
        }

        [Fact]
        public void OpenShiftNode_IsRefused_PointingAtKubeletConfig()
        {
            var files = new Dictionary<string, string>
            {
                ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubenswrapper /usr/bin/kubelet --config=/etc/kubernetes/kubelet.conf\n",
                ["/etc/kubernetes/kubelet.conf"] = Header + "authentication:\n  anonymous:\n    enabled: true\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                var before = tree.Snapshot();
                var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _);

                Assert.Equal(RemediationStatus.Refused, outcome.Status);
                Assert.Equal("ManagedByCluster", outcome.ErrorId);
                Assert.Contains("KubeletConfig", outcome.Reason);
                Assert.Equal(before, tree.Snapshot());
            }
        }

        [Fact]
        public void ImmutableFile_FailsTheWrite_AndLeavesTheOriginalAndNoTemporaryFile()
        {
            using (var tree = TempNodeTree.FromFiles(ConfigNode(Header + "authentication:\n  anonymous:\n    enabled: true\n")))
            {
                string config = tree.Host("/var/lib/kubelet/config.yaml");
                var original = tree.Bytes("/var/lib/kubelet/config.yaml");
                Immutable(config, true);
                try
                {
                    var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _);

                    Assert.Equal(RemediationStatus.Failed, outcome.Status);
                    Assert.Equal(ErrorIds.WriteFailed, outcome.ErrorId);
                    Assert.Equal(original, tree.Bytes("/var/lib/kubelet/config.yaml"));
                    Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(config)), f => f.Contains(".kctmp-"));
                }
                finally
                {
                    Immutable(config, false);
                }
            }
        }

        [Fact]
        public void ImmutableFolder_FailsTheBackup_AndNothingChanges()
        {
            using (var tree = TempNodeTree.FromFiles(ConfigNode(Header + "authentication:\n  anonymous:\n    enabled: true\n")))
            {
                var before = tree.Snapshot();
                string folder = tree.Host("/var/lib/kubelet");
                Immutable(folder, true);
                try
                {
                    var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _);

                    Assert.Equal(RemediationStatus.Failed, outcome.Status);
                    Assert.Equal(ErrorIds.BackupFailed, outcome.ErrorId);
                    Assert.Equal(before, tree.Snapshot());
                }
                finally
                {
                    Immutable(folder, false);
                }
            }
        }

        [Fact]
        public void SecondFileFails_FirstFileIsRestoredFromItsBackup()
        {
            using (var tree = TempNodeTree.FromFiles(TwoFileNode()))
            {
                var unit = tree.Bytes("/etc/systemd/system/kubelet.service");
                var environment = tree.Bytes("/etc/default/kubelet");
                string environmentHost = tree.Host("/etc/default/kubelet");
                Immutable(environmentHost, true);
                try
                {
                    var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out var plan);

                    Assert.Equal(new[] { "/etc/systemd/system/kubelet.service", "/etc/default/kubelet" }, plan.Edits.Select(e => e.Path));
                    Assert.Equal(RemediationStatus.Failed, outcome.Status);
                    Assert.Contains("Restored /etc/systemd/system/kubelet.service", outcome.Reason);
                    Assert.Equal(unit, tree.Bytes("/etc/systemd/system/kubelet.service"));
                    Assert.Equal(environment, tree.Bytes("/etc/default/kubelet"));
                }
                finally
                {
                    Immutable(environmentHost, false);
                }
            }
        }

        [Fact]
        public void DiskFullAfterTheBackup_FailsTheWrite_AndLeavesTheOriginalWhole()
        {
            using (var tree = TempNodeTree.FromFiles(new Dictionary<string, string>
            {
                ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n",
            }))
            {
                string folder = tree.Host("/var/lib/kubelet");
                Directory.CreateDirectory(folder);
                Assert.Equal(0, System.Diagnostics.Process.Start("mount", $"-t tmpfs -o size=64k tmpfs {folder}").WaitForExitAndCode());
                try
                {
                    tree.Write("/var/lib/kubelet/config.yaml", Header + "# " + new string('x', 2000) + "\nauthentication:\n  anonymous:\n    enabled: true\n");
                    var original = tree.Bytes("/var/lib/kubelet/config.yaml");
                    string filler = Path.Combine(folder, "filler");

                    var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _, point =>
                    {
                        if (point == "after-backup")
                        {
                            FillDisk(filler);
                        }
                    });

                    Assert.Equal(RemediationStatus.Failed, outcome.Status);
                    Assert.Equal(ErrorIds.WriteFailed, outcome.ErrorId);
                    Assert.Contains("space", outcome.Reason, StringComparison.OrdinalIgnoreCase);
                    Assert.Equal(original, tree.Bytes("/var/lib/kubelet/config.yaml"));
                    Assert.DoesNotContain(Directory.GetFiles(folder), f => f.Contains(".kctmp-"));
                }
                finally
                {
                    System.Diagnostics.Process.Start("umount", folder).WaitForExit();
                }
            }
        }

        [Fact]
        public void FileChangedAfterPlanning_IsNotOverwritten()
        {
            using (var tree = TempNodeTree.FromFiles(ConfigNode(Header + "authentication:\n  anonymous:\n    enabled: true\n")))
            {
                var node = new FileSystemNode(tree.Root);
                var plan = RemediationPlanner.Default.Plan(node, NodeResolver.Default.Resolve(node), false);
                tree.Write("/var/lib/kubelet/config.yaml", Header + "# edited by someone else\nauthentication:\n  anonymous:\n    enabled: true\n");
                var edited = tree.Bytes("/var/lib/kubelet/config.yaml");

                var outcome = RemediationExecution.Apply(plan, new FileSystemNodeWriter(node), "20261128T120000000Z");

                Assert.Equal(RemediationStatus.Failed, outcome.Status);
                Assert.Equal(ErrorIds.FileChangedSincePlanned, outcome.ErrorId);
                Assert.Equal(edited, tree.Bytes("/var/lib/kubelet/config.yaml"));
            }
        }

        [Fact]
        public void BackupNames_AreLoadedByNoneOfTheFolderScanners()
        {
            string name = "20-site.conf" + BackupNames.Suffix(BackupNames.NewStamp(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)));

            Assert.Equal("20-site.conf.kcbak-20261128T120000000Z", name);
            Assert.All(new[] { ".conf", ".yaml", ".yml", ".json" }, extension => Assert.False(name.EndsWith(extension, StringComparison.Ordinal)));
            Assert.True(BackupNames.TryParse(name, out string original, out string stamp, out bool absent));
            Assert.Equal(("20-site.conf", "20261128T120000000Z", false), (original, stamp, absent));
        }

        private static void FillDisk(string filler)
        {
            try
            {
                using (var stream = new FileStream(filler, FileMode.Create))
                {
                    var block = new byte[1024];
                    while (true)
                    {
                        stream.Write(block, 0, block.Length);
                        stream.Flush();
                    }
                }
            }
            catch (IOException)
            {
                // The disk is full: what the test wants.
            }
        }

        private static void Immutable(string path, bool on)
        {
            int code = System.Diagnostics.Process.Start("chattr", (on ? "+i " : "-i ") + path).WaitForExitAndCode();
            Assert.True(code == 0, "chattr failed; these tests need root and a file system with the immutable attribute (ext4, xfs, btrfs).");
        }
    }
}
