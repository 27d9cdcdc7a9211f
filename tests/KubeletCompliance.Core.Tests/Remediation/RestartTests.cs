using System;
using System.Collections.Generic;
using System.IO;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.FileSystem;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>-Restart: a failing restart or a kubelet that never becomes healthy puts every file back.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class RestartTests
    {
        private const string Stamp = "20261128T120000000Z";

        private static Dictionary<string, string> FlagsOnlyNode() => new Dictionary<string, string>
        {
            ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet --v=2\n",
        };

        private sealed class FakeService : IKubeletService
        {
            public int RestartExit;
            public bool Healthy = true;
            public readonly List<string> Calls = new List<string>();

            public CommandResult ReloadUnits()
            {
                Calls.Add("daemon-reload");
                return new CommandResult(0, string.Empty);
            }

            public CommandResult Restart(string serviceName)
            {
                Calls.Add("restart " + serviceName);
                int exit = RestartExit;
                RestartExit = 0;    // the restart after rolling back succeeds
                return new CommandResult(exit, exit == 0 ? string.Empty : "Job for kubelet.service failed.");
            }

            public bool WaitUntilHealthy(TimeSpan timeout) => Healthy;
        }

        private static RemediationOutcome ApplyAndRestart(TempNodeTree tree, IKubeletService service, out RemediationPlan plan)
        {
            var node = new FileSystemNode(tree.Root);
            var writer = new FileSystemNodeWriter(node);
            plan = RemediationPlanner.Default.Plan(node, NodeResolver.Default.Resolve(node), false);
            var applied = RemediationExecution.Apply(plan, writer, Stamp);
            return RemediationExecution.Restart(plan, applied, writer, service, () => NodeResolver.Default.Resolve(node), TimeSpan.FromSeconds(1));
        }

        [Fact]
        public void FilesAlreadyFixedButNotRestarted_OnlyRestart_AndWriteNothing()
        {
            var files = new Dictionary<string, string>
            {
                ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                var before = tree.Snapshot();
                var node = new FileSystemNode(tree.Root);
                var plan = RemediationPlanner.Default.Plan(node, NodeResolver.Default.Resolve(node), false);
                Assert.True(plan.NothingToChange);
                var service = new FakeService();

                var outcome = RemediationExecution.RestartOnly(plan, service, () => NodeResolver.Default.Resolve(node), TimeSpan.FromSeconds(1));

                Assert.Equal(RemediationStatus.NoChange, outcome.Status);
                Assert.True(outcome.Restarted);
                Assert.Equal(new[] { "daemon-reload", "restart kubelet.service" }, service.Calls);
                Assert.Equal(before, tree.Snapshot());
            }
        }

        [Fact]
        public void RestartOnly_ThatNeverBecomesHealthy_FailsWithNothingToRollBack()
        {
            var files = new Dictionary<string, string>
            {
                ["/etc/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                var node = new FileSystemNode(tree.Root);
                var plan = RemediationPlanner.Default.Plan(node, NodeResolver.Default.Resolve(node), false);
                var outcome = RemediationExecution.RestartOnly(plan, new FakeService { Healthy = false }, () => NodeResolver.Default.Resolve(node), TimeSpan.FromSeconds(1));

                Assert.Equal(RemediationStatus.Failed, outcome.Status);
                Assert.Equal(ErrorIds.KubeletUnhealthy, outcome.ErrorId);
                Assert.False(outcome.RolledBack);
                Assert.Contains("No file was changed", outcome.Reason);
            }
        }

        [Fact]
        public void HealthyRestart_ReloadsUnitsRestartsAndReportsChanged()
        {
            using (var tree = TempNodeTree.FromFiles(FlagsOnlyNode()))
            {
                var service = new FakeService();
                var outcome = ApplyAndRestart(tree, service, out _);

                Assert.Equal(RemediationStatus.Changed, outcome.Status);
                Assert.True(outcome.Restarted);
                Assert.Equal(new[] { "daemon-reload", "restart kubelet.service" }, service.Calls);
                PlannerRoundTripTests.AssertPasses(tree, NodeResolver.Default);
            }
        }

        [Fact]
        public void FailingRestart_RestoresTheFiles_AndReportsRolledBack()
        {
            using (var tree = TempNodeTree.FromFiles(FlagsOnlyNode()))
            {
                var original = tree.Bytes("/etc/systemd/system/kubelet.service");
                var service = new FakeService { RestartExit = 1 };

                var outcome = ApplyAndRestart(tree, service, out _);

                Assert.Equal(RemediationStatus.RolledBack, outcome.Status);
                Assert.Equal(ErrorIds.RestartFailed, outcome.ErrorId);
                Assert.True(outcome.RolledBack);
                Assert.Equal(original, tree.Bytes("/etc/systemd/system/kubelet.service"));
                Assert.Equal(new[] { "daemon-reload", "restart kubelet.service", "daemon-reload", "restart kubelet.service" }, service.Calls);
            }
        }

        [Fact]
        public void FakeSystemctlThatFails_AndAHealthzNothingAnswers_RollBack()
        {
            using (var tree = TempNodeTree.FromFiles(FlagsOnlyNode()))
            {
                var original = tree.Bytes("/etc/systemd/system/kubelet.service");
                string systemctl = Path.Combine(tree.Root, "fake-systemctl");
                File.WriteAllText(systemctl, "#!/bin/sh\necho \"fake systemctl $*\" >&2\n[ \"$1\" = daemon-reload ] && exit 0\nexit 3\n");
                File.SetUnixFileMode(systemctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                var runner = new FileSystemNodeWriter(FileSystemNode.Local());
                var service = new SystemdService(runner, systemctl, new Uri("http://127.0.0.1:9/healthz"));

                var outcome = ApplyAndRestart(tree, service, out _);

                Assert.Equal(RemediationStatus.RolledBack, outcome.Status);
                Assert.Contains("exit code 3", outcome.Reason);
                Assert.Contains("fake systemctl restart kubelet.service", outcome.Reason);
                Assert.Equal(original, tree.Bytes("/etc/systemd/system/kubelet.service"));
            }
        }

        [Fact]
        public void KubeletThatNeverBecomesHealthy_IsRolledBack()
        {
            using (var tree = TempNodeTree.FromFiles(FlagsOnlyNode()))
            {
                var original = tree.Bytes("/etc/systemd/system/kubelet.service");
                string systemctl = Path.Combine(tree.Root, "fake-systemctl");
                File.WriteAllText(systemctl, "#!/bin/sh\nexit 0\n");
                File.SetUnixFileMode(systemctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                var service = new SystemdService(new FileSystemNodeWriter(FileSystemNode.Local()), systemctl, new Uri("http://127.0.0.1:9/healthz"));

                var outcome = ApplyAndRestart(tree, service, out _);

                Assert.Equal(RemediationStatus.RolledBack, outcome.Status);
                Assert.Equal(ErrorIds.KubeletUnhealthy, outcome.ErrorId);
                Assert.Equal(original, tree.Bytes("/etc/systemd/system/kubelet.service"));
            }
        }

        [Fact]
        public void CommandsAreNotRunForANodeBelowARoot()
        {
            using (var tree = TempNodeTree.FromFiles(FlagsOnlyNode()))
            {
                var writer = new FileSystemNodeWriter(new FileSystemNode(tree.Root));
                Assert.Throws<NodeWriteException>(() => writer.RunCommand("true", Array.Empty<string>(), TimeSpan.FromSeconds(5)));
            }
        }
    }
}
