using System.IO;
using System.Linq;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Distributions;
using KubeletCompliance.Core.Tests.Support;
using KubeletCompliance.Transports.FileSystem;
using Xunit;

namespace KubeletCompliance.Core.Tests.Processes
{
    /// <summary>
    /// Any user can start <c>exec -a kubelet ./x --config=/tmp/mine/kubelet.yaml</c>. Such a process is evidence of
    /// nothing: the node is judged from its real kubelet or its unit files, and the row says what was ignored.
    /// </summary>
    public class LookAlikeKubeletTests
    {
        private static InMemoryNode FailingNode() => new InMemoryNode()
            .Unit("/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml")
            .Config("/var/lib/kubelet/config.yaml", "authentication:\n  anonymous:\n    enabled: true\n")
            .File("/tmp/mine/kubelet.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n")
            .File("/tmp/mine/pwn.kcbak-99991231T235959999Z", "owned\n");

        [Fact]
        public void Forged_pass_from_a_user_process_named_kubelet_is_ignored()
        {
            var node = FailingNode().LookAlike(100, "kubelet", "--config=/tmp/mine/kubelet.yaml");
            var setting = Resolve.Node(node);
            var verdict = Cis421.Judge(setting);

            Assert.Equal(ControlStatus.Fail, verdict.Status);
            Assert.Equal(EvidenceBasis.ServiceUnit, setting.Effective.Launch.Basis);
            Assert.Contains("pid 100", setting.IgnoredProcesses);
            Assert.Contains("uid 1001", setting.IgnoredProcesses);
            Assert.Contains(setting.IgnoredProcesses, verdict.Reason);
        }

        [Fact]
        public void Forged_pass_is_ignored_while_the_real_kubelet_runs_at_a_higher_pid()
        {
            var node = FailingNode()
                .LookAlike(100, "kubelet", "--config=/tmp/mine/kubelet.yaml")
                .Process(4242, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml");
            var setting = Resolve.Node(node);

            Assert.Null(setting.NodeProblem);
            Assert.Equal(4242, setting.Effective.Launch.Pid);
            Assert.Equal(ControlStatus.Fail, Cis421.Judge(setting).Status);
            Assert.Contains("pid 100", setting.IgnoredProcesses);
        }

        [Fact]
        public void Restore_never_looks_in_the_folders_a_look_alike_names()
        {
            var node = FailingNode().LookAlike(100, "kubelet", "--config=/tmp/mine/kubelet.yaml");
            var plan = UndoPlanner.Plan(node, Resolve.Node(node));
            Assert.Empty(plan.Steps);
        }

        [Fact]
        public void Restore_takes_only_backups_of_files_the_service_files_name()
        {
            var node = FailingNode()
                .File("/var/lib/kubelet/config.yaml.kcbak-20260101T000000000Z", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n")
                .File("/var/lib/kubelet/pwn.kcbak-99991231T235959999Z", "owned\n");
            var plan = UndoPlanner.Plan(node, Resolve.Node(node));
            Assert.Equal(new[] { "/var/lib/kubelet/config.yaml" }, plan.Steps.Select(s => s.Path));
        }

        [Fact]
        public void Restore_refuses_a_node_with_two_kubelets()
        {
            var node = FailingNode()
                .File("/var/lib/kubelet/config.yaml.kcbak-20260101T000000000Z", "x")
                .Process(4242, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml")
                .Process(4343, "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml");
            var plan = UndoPlanner.Plan(node, Resolve.Node(node));
            Assert.Equal(Core.Errors.ErrorIds.RestoreNodeUnresolved, plan.Refusal.ErrorId);
            Assert.Equal(RemediationStatus.Refused, UndoExecution.Undo(plan, null, true, "20261128T130000000Z").Status);
        }

        [Fact]
        public void Under_Root_the_fixture_procfs_decides_a_look_alike_is_ignored()
        {
            using var copy = NodeFixtures.Copy("kubeadm-running");
            string fake = Path.Combine(copy.Path, "proc", "777");
            Directory.CreateDirectory(fake);
            File.WriteAllText(Path.Combine(fake, "cmdline"), "kubelet\0--config=/tmp/mine/kubelet.yaml\0");
            File.WriteAllText(Path.Combine(fake, "comm"), "x\n");
            File.WriteAllText(Path.Combine(fake, "status"), "Name:\tx\nUid:\t1001\t1001\t1001\t1001\nGid:\t1001\t1001\t1001\t1001\n");
            File.WriteAllText(Path.Combine(fake, "cgroup"), "0::/user.slice/user-1001.slice/session-2.scope\n");

            var setting = NodeFixtures.Resolve(new FileSystemNode(copy.Path));
            Assert.Null(setting.NodeProblem);
            Assert.Equal(4242, setting.Effective.Launch.Pid);
            Assert.Contains("pid 777", setting.IgnoredProcesses);
        }
    }
}
