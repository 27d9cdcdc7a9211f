using System;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Resolution;
using Xunit;

namespace KubeletCompliance.Core.Tests.Distributions
{
    /// <summary>A running kubelet against the files a restart would use: argv that differs in effect, files changed since the start.</summary>
    public class DriftTests
    {
        private static readonly TimeSpan Start = TimeSpan.FromMinutes(10);

        [Fact]
        public void Running_false_but_disk_true_passes_with_a_restart_warning()
        {
            var setting = NodeFixtures.Resolve("drift-running-false-disk-true");
            var verdict = NodeFixtures.Judge(setting);

            Assert.Equal(false, setting.Enabled);
            Assert.Equal(SettingSource.CommandLine, setting.Source);
            Assert.Equal("/proc/4242/cmdline", setting.Effective.SourcePath);
            Assert.Equal(true, setting.Configured.Enabled);
            Assert.Equal(SettingSource.Default, setting.Configured.Source);
            Assert.True(setting.PendingRestart);
            Assert.Equal(ControlStatus.Pass, verdict.Status);
            Assert.Contains("a restart would change that", verdict.Reason);
        }

        [Fact]
        public void Running_true_but_disk_false_fails_and_says_the_files_already_fix_it()
        {
            var setting = NodeFixtures.Resolve("drift-running-true-disk-false");
            var verdict = NodeFixtures.Judge(setting);

            Assert.Equal(true, setting.Enabled);
            Assert.Equal(SettingSource.Default, setting.Source);
            Assert.Equal(false, setting.Configured.Enabled);
            Assert.Equal("/etc/systemd/system/kubelet.service", setting.Configured.SourcePath);
            Assert.True(setting.PendingRestart);
            Assert.Equal(ControlStatus.Fail, verdict.Status);
            Assert.Contains("next restart", verdict.Reason);
        }

        [Fact]
        public void Files_unchanged_since_the_start_are_no_drift()
        {
            using (var copy = NodeFixtures.CopyWithStartTime("kubeadm-running", 4242, Start))
            {
                var setting = NodeFixtures.Resolve(copy.Node);

                Assert.Equal(NodeFixtures.BootTime + Start, setting.ProcessStart);
                Assert.False(setting.PendingRestart, setting.DriftEvidence);
                Assert.Equal("/var/lib/kubelet/config.yaml", setting.Effective.SourcePath);
            }
        }

        [Theory]
        [InlineData("/var/lib/kubelet/config.yaml")]
        [InlineData("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf")]
        [InlineData("/var/lib/kubelet/kubeadm-flags.env")]
        public void A_file_modified_after_the_start_is_drift(string file)
        {
            using (var copy = NodeFixtures.CopyWithStartTime("kubeadm-running", 4242, Start))
            {
                copy.Touch(file, Start + TimeSpan.FromMinutes(5));
                var setting = NodeFixtures.Resolve(copy.Node);

                Assert.True(setting.PendingRestart);
                Assert.StartsWith(file + " was modified at", setting.DriftEvidence);
                Assert.Equal(ControlStatus.Pass, NodeFixtures.Judge(setting).Status);
            }
        }

        [Fact]
        public void K3s_rewriting_its_defaults_drop_in_at_start_is_no_drift()
        {
            using (var copy = NodeFixtures.CopyWithStartTime("k3s-server", 1234, Start))
            {
                copy.Touch("/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf", Start + TimeSpan.FromSeconds(3));
                var setting = NodeFixtures.Resolve(copy.Node);

                Assert.False(setting.PendingRestart, setting.DriftEvidence);
            }
        }

        [Fact]
        public void K3s_config_yaml_changed_after_the_start_is_drift()
        {
            using (var copy = NodeFixtures.CopyWithStartTime("k3s-server", 1234, Start))
            {
                copy.Touch("/etc/rancher/k3s/config.yaml", Start + TimeSpan.FromMinutes(1));
                var setting = NodeFixtures.Resolve(copy.Node);

                Assert.True(setting.PendingRestart);
                Assert.StartsWith("/etc/rancher/k3s/config.yaml was modified", setting.DriftEvidence);
            }
        }

        [Fact]
        public void Two_kubelet_processes_are_an_error()
        {
            var setting = NodeFixtures.Resolve("two-kubelets");

            Assert.Equal(ErrorIds.MultipleKubelets, setting.Problem.ErrorId);
            Assert.Null(setting.Enabled);
            Assert.Equal(ControlStatus.Error, NodeFixtures.Judge(setting).Status);
        }

        [Fact]
        public void A_kubelet_whose_cmdline_cannot_be_read_is_an_error_not_the_unit()
        {
            var setting = NodeFixtures.Resolve("kubelet-unreadable");

            Assert.Equal(ErrorIds.ProcessUnreadable, setting.Problem.ErrorId);
            Assert.Equal("/proc/4242/cmdline", setting.Problem.Path);
            Assert.Null(setting.Enabled);
            Assert.Equal(ControlStatus.Error, NodeFixtures.Judge(setting).Status);
        }
    }
}
