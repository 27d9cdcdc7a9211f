using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>Fixes that write a new file: a drop-in overriding a packaged unit's command, and a --config-dir drop-in.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class NewDropInTests
    {
        private const string Header = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
        private const string PackagedUnit = "/usr/lib/systemd/system/kubelet.service";

        private static RemediationPlan Plan(InMemoryNode node) => RemediationPlanner.Default.Plan(node, NodeResolver.Default.Resolve(node), enabled: false);

        [Theory]
        [InlineData("/usr/lib/systemd/system")]
        [InlineData("/lib/systemd/system")]
        [InlineData("/usr/local/lib/systemd/system")]
        public void FlagInAPackagedUnit_IsOverriddenByAnAdminDropIn_AndThePackagedFileIsLeftAlone(string folder)
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet \\\n    --anonymous-auth=true \\\n    --v=2", folder);

            var plan = Plan(node);

            var edit = Assert.Single(plan.Edits);
            Assert.Equal("/etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf", edit.Path);
            Assert.Null(edit.OriginalContent);
            Assert.EndsWith("[Service]\nExecStart=\nExecStart=/usr/bin/kubelet \\\n    --anonymous-auth=false \\\n    --v=2\n", edit.NewContent);
            Assert.Equal(SettingSource.CommandLine, plan.Predicted.Source);
            Assert.Equal(edit.Path, plan.Predicted.SourcePath);
            Assert.True(plan.ChangesUnitFiles);
        }

        [Fact]
        public void FlagInAPackagedDropInsEnvironment_AndInItsCommand_OneOverrideRedefinesTheVariableAndTheCommand()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet", "/usr/lib/systemd/system")
                .File("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
                    "[Service]\nEnvironment=\"KUBELET_SYSTEM_PODS_ARGS=--pod-manifest-path=/etc/kubernetes/manifests --anonymous-auth=true\" \"OTHER=a\\\"b\"\n"
                    + "ExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_SYSTEM_PODS_ARGS --anonymous-auth=true\n");

            var plan = Plan(node);

            var edit = Assert.Single(plan.Edits);
            Assert.Equal("/etc/systemd/system/kubelet.service.d/99-kubelet-compliance.conf", edit.Path);
            Assert.Contains("\nEnvironment=\"KUBELET_SYSTEM_PODS_ARGS=--pod-manifest-path=/etc/kubernetes/manifests --anonymous-auth=false\"\n", edit.NewContent);
            Assert.Contains("\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_SYSTEM_PODS_ARGS --anonymous-auth=false\n", edit.NewContent);
            Assert.DoesNotContain("OTHER", edit.NewContent);
            Assert.Single(edit.NewContent.Split('\n'), line => line == "[Service]");
            Assert.True(plan.Predicted.Explicit);
            Assert.False(plan.Predicted.Enabled);
        }

        [Fact]
        public void PackagedFlagsOnlyUnit_WithADropInThatSortsLate_GetsANameSortingAfterIt()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --v=2", "/usr/lib/systemd/system")
                .File("/usr/lib/systemd/system/kubelet.service.d/zz-site.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --v=4\n")
                .File("/etc/systemd/system/kubelet.service.d/50-limits.conf", "[Service]\nLimitNOFILE=65536\n");

            var plan = Plan(node);

            var edit = Assert.Single(plan.Edits);
            Assert.Equal("/etc/systemd/system/kubelet.service.d/zz-site.conf-kubelet-compliance.conf", edit.Path);
            Assert.Contains("ExecStart=/usr/bin/kubelet --v=4 --anonymous-auth=false\n", edit.NewContent);
            Assert.True(plan.Predicted.Explicit);
        }

        [Fact]
        public void PackagedUnitWithConfigDir_GetsAConfigDropIn_RatherThanAnOverride()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config-dir=/etc/kubernetes/kubelet.conf.d", "/lib/systemd/system")
                .Config("/etc/kubernetes/kubelet.conf.d/10-base.conf", "cgroupDriver: systemd\n");

            var plan = Plan(node);

            var edit = Assert.Single(plan.Edits);
            Assert.Equal("/etc/kubernetes/kubelet.conf.d/99-kubelet-compliance.conf", edit.Path);
            Assert.Contains(Header + "authentication:\n  anonymous:\n    enabled: false\n", edit.NewContent);
            Assert.Equal(SettingSource.ConfigDropIn, plan.Predicted.Source);
            Assert.Contains("Write a --config-dir drop-in in /etc/kubernetes/kubelet.conf.d", Cis421.Judge(NodeResolver.Default.Resolve(node)).Remediation);
        }

        [Fact]
        public void RunningKubeletWithOnlyConfigDir_AndNoUnit_GetsADropInSortingAfterAFolderNamedLast()
        {
            var node = new InMemoryNode()
                .Process(4242, "/usr/local/bin/kubelet", "--config-dir=/etc/kubelet.d")
                .Config("/etc/kubelet.d/zz/50-nested.conf", "authentication:\n  webhook:\n    enabled: true\n");

            var plan = Plan(node);

            var edit = Assert.Single(plan.Edits);
            Assert.Equal("/etc/kubelet.d/zz-kubelet-compliance.conf", edit.Path);
            Assert.False(plan.Predicted.Enabled);
            Assert.Equal(edit.Path, plan.Predicted.SourcePath);
        }

        /// <summary>systemd itself (systemd-analyze --root cat-config) lists the override last, after a packaged drop-in named zz.</summary>
        [Fact]
        public void OverrideDropIn_IsTheLastOneSystemdApplies()
        {
            var files = new Dictionary<string, string>
            {
                [PackagedUnit] = "[Service]\nExecStart=/usr/bin/kubelet --v=2\n",
                ["/usr/lib/systemd/system/kubelet.service.d/zz-vendor.conf"] = "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --v=3 --anonymous-auth=true\n",
                ["/etc/systemd/system/kubelet.service.d/10-site.conf"] = "[Service]\nLimitNOFILE=65536\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out var plan);
                Assert.Equal(RemediationStatus.Changed, outcome.Status);
                string dropIn = Assert.Single(outcome.FilesChanged);
                Assert.Equal("/etc/systemd/system/kubelet.service.d/zz-vendor.conf-kubelet-compliance.conf", dropIn);

                string analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
                if (analyze == null)
                {
                    Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "CI installs systemd for systemd-analyze");
                    return;
                }

                string listing = PlannerRoundTripTests.Run(analyze, "--root=" + tree.Root + " cat-config systemd/system/kubelet.service");
                var applied = listing.Split('\n').Where(line => line.StartsWith("# /", StringComparison.Ordinal)).Select(line => line.Substring(2 + tree.Root.Length)).ToList();
                Assert.Equal(new[] { PackagedUnit, "/etc/systemd/system/kubelet.service.d/10-site.conf", "/usr/lib/systemd/system/kubelet.service.d/zz-vendor.conf", dropIn }, applied);
            }
        }

        [Theory]
        [InlineData(new string[0], "99-kubelet-compliance.conf")]
        [InlineData(new[] { "00-k3s-defaults.conf", "50-site.conf" }, "99-kubelet-compliance.conf")]
        [InlineData(new[] { "99-kubelet-compliance.conf", "10-a.conf" }, "99-kubelet-compliance.conf")]
        [InlineData(new[] { "99-z.conf", "10-a.conf" }, "99-z.conf-kubelet-compliance.conf")]
        [InlineData(new[] { "override.conf" }, "override.conf-kubelet-compliance.conf")]
        public void SortingLast_NamesAFileAfterEveryExistingName(string[] existing, string expected)
        {
            string name = DropInNames.SortingLast(existing);

            Assert.Equal(expected, name);
            Assert.All(existing.Where(e => e != name), e => Assert.True(string.CompareOrdinal(e, name) < 0, e));
        }
    }
}
