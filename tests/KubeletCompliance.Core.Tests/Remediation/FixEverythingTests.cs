using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Distributions;
using KubeletCompliance.Core.Tests.Support;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>
    /// The fix-everything property, over every node tree under tests/ (found, not listed): where the audit fails,
    /// Set-KubeletAnonymousAuth -Enabled $false on a copy gives Pass on re-audit (for a running kubelet: at its next
    /// start, and PendingRestart now), or NoChange with PendingRestart when the files of a running kubelet already say
    /// false, or a refusal for a layout the cluster manages (OpenShift). Only the files the result names change, besides
    /// their backups, and a second run changes nothing.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class FixEverythingTests
    {
        private const string Stamp = "20261201T000000000Z";
        private const string SecondStamp = "20261201T000000001Z";

        public static IEnumerable<object[]> FailingTrees() =>
            NodeTrees().Where(tree => Audit(tree).Status == ControlStatus.Fail).Select(tree => new object[] { Name(tree) });

        [Fact]
        public void Discovery_FindsEveryFixtureTree_AndTheFailingOnesIncludeEachKindOfFix()
        {
            var names = NodeTrees().Select(Name).ToList();
            Assert.Contains("fixtures/nodes/kubeadm-current", names);
            Assert.Contains("ssh/fixture-node", names);
            Assert.DoesNotContain(names, name => name.Contains("/var/") || name.Contains("/etc/"));

            var failing = FailingTrees().Select(row => (string)row[0]).ToList();
            foreach (string expected in new[]
            {
                "fixtures/nodes/kubeadm-1.10", "fixtures/nodes/flags-only-default", "fixtures/nodes/k3s-service-kubelet-arg",
                "fixtures/nodes/k3s-agent-kubelet-arg", "fixtures/nodes/packaged-kubelet-flags", "fixtures/nodes/config-dir-only-running",
                "fixtures/nodes/drift-running-true-disk-false", "fixtures/nodes/openshift4-kubeletconfig-anonymous", "fixtures/nodes/rke2-agent-rpm-override",
            })
            {
                Assert.Contains(expected, failing);
            }
        }

        [Theory]
        [MemberData(nameof(FailingTrees))]
        public void FailingTree_IsFixed_ByChangingOnlyTheFilesNamed_AndASecondRunChangesNothing(string name)
        {
            using (var copy = new TempTree())
            {
                NodeFixtures.CopyTree(Path.Combine(TestsFolder, name), copy.Path);
                var node = new FileSystemNode(copy.Path);
                var before = Snapshot(copy.Path);
                var setting = NodeResolver.Default.Resolve(node);

                var plan = RemediationPlanner.Default.Plan(node, setting, enabled: false);
                var outcome = RemediationExecution.Apply(plan, new FileSystemNodeWriter(node), Stamp);

                if ((setting.Configured ?? setting.Effective).Launch.ManagedByCluster)
                {
                    Assert.Equal(RemediationStatus.Refused, outcome.Status);
                    Assert.Equal("ManagedByCluster", outcome.ErrorId);
                    Assert.Contains("KubeletConfig", outcome.Reason);
                    Assert.Equal(before, Snapshot(copy.Path));
                    return;
                }

                if (outcome.Status == RemediationStatus.NoChange)
                {
                    Assert.True(setting.PendingRestart, name + ": " + outcome.Reason);
                    Assert.Equal(EvidenceBasis.Process, setting.Effective.Launch.Basis);
                    Assert.True(setting.Configured.Explicit && setting.Configured.Enabled == false, name);
                    Assert.Equal(before, Snapshot(copy.Path));
                    return;
                }

                Assert.True(outcome.Status == RemediationStatus.Changed, $"{name}: {outcome.Status} {outcome.ErrorId}: {outcome.Reason}");
                var after = Snapshot(copy.Path);
                var changed = after.Keys.Union(before.Keys)
                    .Where(path => !IsBackup(path) && (!before.TryGetValue(path, out var old) || !after.TryGetValue(path, out var now) || old != now))
                    .OrderBy(path => path, StringComparer.Ordinal);
                Assert.Equal(outcome.FilesChanged.OrderBy(path => path, StringComparer.Ordinal), changed);
                Assert.DoesNotContain(outcome.FilesChanged, FixTargets.IsVendorUnitFile);
                Assert.Equal(outcome.Backups.OrderBy(path => path, StringComparer.Ordinal), after.Keys.Where(IsBackup).OrderBy(path => path, StringComparer.Ordinal));

                AssertPassesAtNextStart(name, copy.Path);

                var again = RemediationPlanner.Default.Plan(node, NodeResolver.Default.Resolve(node), enabled: false);
                var second = RemediationExecution.Apply(again, new FileSystemNodeWriter(node), SecondStamp);
                Assert.True(second.Status == RemediationStatus.NoChange, $"{name}, second run: {second.Status}: {second.Reason}");
                Assert.Equal(after, Snapshot(copy.Path));
            }
        }

        /// <summary>A kubelet that is not running passes now; a running one passes once restarted (its processes gone, its files start it).</summary>
        private static void AssertPassesAtNextStart(string name, string root)
        {
            var setting = NodeResolver.Default.Resolve(new FileSystemNode(root));
            var verdict = Cis421.Judge(setting);
            if (setting.Effective?.Launch.Basis == EvidenceBasis.Process && verdict.Status != ControlStatus.Pass)
            {
                Assert.True(setting.PendingRestart, $"{name}: {verdict.Reason}");
                verdict = Cis421.Judge(NodeResolver.Default.Resolve(new Stopped(new FileSystemNode(root))));
            }

            Assert.True(verdict.Status == ControlStatus.Pass, $"{name}: {verdict.Status}: {verdict.Reason}");
        }

        /// <summary>The node with its kubelet stopped: the same files, no processes.</summary>
        private sealed class Stopped : INodeReader
        {
            private readonly INodeReader node;

            public Stopped(INodeReader node) => this.node = node;

            public NodeFile ReadFile(string path) => node.ReadFile(path);

            public NodeDirectory ListDirectory(string path) => node.ListDirectory(path);

            public IReadOnlyList<NodeProcess> ListProcesses() => Array.Empty<NodeProcess>();
        }

        private static string TestsFolder => Path.Combine(RepositoryPaths.Root, "tests");

        /// <summary>Every folder under tests/ that holds a node's etc/, not looking inside one it found.</summary>
        private static IEnumerable<string> NodeTrees()
        {
            var pending = new Stack<string>(new[] { TestsFolder });
            while (pending.Count > 0)
            {
                string folder = pending.Pop();
                if (Directory.Exists(Path.Combine(folder, "etc")))
                {
                    yield return folder;
                    continue;
                }

                foreach (string child in Directory.EnumerateDirectories(folder))
                {
                    string leaf = Path.GetFileName(child);
                    if (leaf != "bin" && leaf != "obj" && new DirectoryInfo(child).LinkTarget == null)
                    {
                        pending.Push(child);
                    }
                }
            }
        }

        private static string Name(string tree) => Path.GetRelativePath(TestsFolder, tree).Replace('\\', '/');

        private static ControlVerdict Audit(string tree) => Cis421.Judge(NodeResolver.Default.Resolve(new FileSystemNode(tree)));

        private static bool IsBackup(string nodePath) => BackupNames.TryParse(Path.GetFileName(nodePath), out _, out _, out _);

        /// <summary>Every file and symlink below the root by node path: a hash of a file's bytes, a link's target.</summary>
        private static SortedDictionary<string, string> Snapshot(string root)
        {
            var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var pending = new Stack<string>(new[] { root });
            while (pending.Count > 0)
            {
                foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
                {
                    string nodePath = "/" + Path.GetRelativePath(root, entry.FullName);
                    if (entry.LinkTarget != null)
                    {
                        snapshot[nodePath] = "-> " + entry.LinkTarget;
                    }
                    else if (entry is DirectoryInfo)
                    {
                        pending.Push(entry.FullName);
                    }
                    else if (TempNodeTree.IsBackupRecord(nodePath))
                    {
                        // A backup's record goes with its backup; the property compares files and backups.
                    }
                    else
                    {
                        snapshot[nodePath] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry.FullName)));
                    }
                }
            }

            return snapshot;
        }
    }
}
