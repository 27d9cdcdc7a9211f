using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.FileSystem;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>
    /// Tried as a user would: Set- to false, add maxPods by hand, Restore-: the hand edit was gone with no copy and the
    /// row said Changed; a second Restore- rewrote an identical file. Restore now refuses a file changed since its
    /// backup unless forced, keeps what it replaces, and leaves a file that already matches alone. A Set- that fails
    /// leaves no orphan backup.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class RestoreLosesNothingTests
    {
        private const string Config = "/var/lib/kubelet/config.yaml";
        private const string RestoreStamp = "20261128T130000000Z";

        private static TempNodeTree Node() => TempNodeTree.FromFiles(new Dictionary<string, string>
        {
            ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n",
            [Config] = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n",
        });

        private static RemediationOutcome Restore(TempNodeTree tree, bool force)
        {
            var node = new FileSystemNode(tree.Root);
            return UndoExecution.Undo(UndoPlanner.Plan(node, NodeResolver.Default.Resolve(node)), new FileSystemNodeWriter(node), force, RestoreStamp);
        }

        [Fact]
        public void Hand_edit_made_after_Set_is_not_silently_lost_by_Restore()
        {
            using var tree = Node();
            string original = tree.Text(Config);
            Assert.Equal(RemediationStatus.Changed, PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _).Status);
            File.AppendAllText(tree.Host(Config), "maxPods: 250\n");
            string edited = tree.Text(Config);

            var refused = Restore(tree, force: false);
            Assert.Equal(RemediationStatus.Refused, refused.Status);
            Assert.Equal(ErrorIds.RestoreFileChanged, refused.ErrorId);
            Assert.Equal(edited, tree.Text(Config));

            var forced = Restore(tree, force: true);
            Assert.Equal(RemediationStatus.Changed, forced.Status);
            Assert.Equal(original, tree.Text(Config));
            string kept = Assert.Single(forced.Backups);
            Assert.EndsWith(".replaced", kept);
            Assert.Equal(edited, tree.Text(kept));
        }

        [Fact]
        public void Second_Restore_rewrites_nothing_and_says_NoChange()
        {
            using var tree = Node();
            Assert.Equal(RemediationStatus.Changed, PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _).Status);
            Assert.Equal(RemediationStatus.Changed, Restore(tree, force: false).Status);
            string inode = PlannerRoundTripTests.Run("stat", "-c %i:%Y " + tree.Host(Config));

            var again = Restore(tree, force: false);
            Assert.Equal(RemediationStatus.NoChange, again.Status);
            Assert.Equal(inode, PlannerRoundTripTests.Run("stat", "-c %i:%Y " + tree.Host(Config)));
        }

        [Fact]
        public void Failed_Set_on_an_immutable_file_leaves_no_orphan_backup()
        {
            using var tree = Node();
            string config = tree.Host(Config);
            Assert.Equal(0, System.Diagnostics.Process.Start("chattr", "+i " + config).WaitForExitAndCode());
            try
            {
                var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _);
                Assert.Equal(RemediationStatus.Failed, outcome.Status);
                Assert.Empty(outcome.Backups);
                Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(config)).Where(f => f.Contains(".kcbak-")));
            }
            finally
            {
                System.Diagnostics.Process.Start("chattr", "-i " + config).WaitForExitAndCode();
            }
        }
    }
}
