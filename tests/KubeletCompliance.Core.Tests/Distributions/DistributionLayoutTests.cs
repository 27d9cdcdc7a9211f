using System.Linq;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Distributions;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using Xunit;

namespace KubeletCompliance.Core.Tests.Distributions
{
    /// <summary>Each fixture node resolves to the value, source and distribution its installer's files give.</summary>
    public class DistributionLayoutTests
    {
        [Theory]
        [InlineData("kubeadm-current", false, SettingSource.ConfigFile, "/var/lib/kubelet/config.yaml", Distribution.Kubeadm, ControlStatus.Pass)]
        [InlineData("eks-al2", false, SettingSource.ConfigFile, "/etc/kubernetes/kubelet/kubelet-config.json", Distribution.Eks, ControlStatus.Pass)]
        [InlineData("eks-al2023", false, SettingSource.ConfigFile, "/etc/kubernetes/kubelet/config.json", Distribution.Eks, ControlStatus.Pass)]
        [InlineData("gke", false, SettingSource.ConfigFile, "/home/kubernetes/kubelet-config.yaml", Distribution.Gke, ControlStatus.Pass)]
        [InlineData("aks", false, SettingSource.CommandLine, "/etc/default/kubelet", Distribution.Aks, ControlStatus.Pass)]
        [InlineData("openshift4", false, SettingSource.ConfigFile, "/etc/kubernetes/kubelet.conf", Distribution.OpenShift, ControlStatus.Pass)]
        [InlineData("k3s-server", false, SettingSource.ConfigDropIn, "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf", Distribution.K3s, ControlStatus.Pass)]
        [InlineData("k3s-config-d", false, SettingSource.CommandLine, "/etc/rancher/k3s/config.yaml.d/20-cis.yaml", Distribution.K3s, ControlStatus.Pass)]
        [InlineData("k3s-moved-data-dir", true, SettingSource.ConfigDropIn, "/srv/k3s/agent/etc/kubelet.conf.d/50-debug.conf", Distribution.K3s, ControlStatus.Fail)]
        [InlineData("k3s-service-kubelet-arg", true, SettingSource.CommandLine, "/etc/systemd/system/k3s.service", Distribution.K3s, ControlStatus.Fail)]
        [InlineData("rke2-server", false, SettingSource.ConfigDropIn, "/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/00-rke2-defaults.conf", Distribution.Rke2, ControlStatus.Pass)]
        [InlineData("microk8s", false, SettingSource.CommandLine, "/var/snap/microk8s/current/args/kubelet", Distribution.MicroK8s, ControlStatus.Pass)]
        public void Fixture_resolves_to_its_installers_setting(string fixture, bool enabled, SettingSource source, string sourcePath, string distribution, ControlStatus status)
        {
            var setting = NodeFixtures.Resolve(fixture);
            var verdict = NodeFixtures.Judge(setting);

            Assert.Null(setting.Problem);
            Assert.Equal(enabled, setting.Enabled);
            Assert.True(setting.Effective.Explicit);
            Assert.Equal(source, setting.Source);
            Assert.Equal(sourcePath, setting.Effective.SourcePath);
            Assert.Equal(distribution, setting.Distribution);
            Assert.Equal(status, verdict.Status);
            Assert.False(setting.PendingRestart, setting.DriftEvidence);
        }

        [Theory]
        [InlineData("k3s-server", "k3s.service", EvidenceBasis.Process)]
        [InlineData("k3s-moved-data-dir", "k3s-agent.service", EvidenceBasis.ServiceUnit)]
        [InlineData("rke2-server", "rke2-server.service", EvidenceBasis.Process)]
        [InlineData("microk8s", MicroK8sKubeletLayout.KubeliteService, EvidenceBasis.Process)]
        [InlineData("eks-al2023", "kubelet.service", EvidenceBasis.ServiceUnit)]
        public void Fixture_names_its_service_and_evidence(string fixture, string serviceName, EvidenceBasis basis)
        {
            var launch = NodeFixtures.Resolve(fixture).Effective.Launch;

            Assert.Equal(serviceName, launch.ServiceName);
            Assert.Equal(basis, launch.Basis);
        }

        [Fact]
        public void K3s_adds_its_config_dir_as_a_distribution_default()
        {
            var words = NodeFixtures.Resolve("k3s-server").Effective.Launch.KubeletArguments;

            var configDir = Assert.Single(words, w => w.Text.StartsWith("--config-dir=", System.StringComparison.Ordinal));
            Assert.Equal("--config-dir=/var/lib/rancher/k3s/agent/etc/kubelet.conf.d", configDir.Text);
            Assert.Equal(WordOriginKind.DistributionDefault, configDir.Origin.Kind);
        }

        [Fact]
        public void K3s_config_d_replaces_a_plain_kubelet_arg_and_appends_a_plus_one_and_skips_other_names()
        {
            var setting = NodeFixtures.Resolve("k3s-config-d");
            var userWords = setting.Effective.Launch.KubeletArguments
                .Where(w => w.Origin.Kind == WordOriginKind.DistributionConfig)
                .Select(w => w.Text + " @ " + w.Origin.Path)
                .ToList();

            Assert.Equal(
                new[]
                {
                    "--max-pods=150 @ /etc/rancher/k3s/config.yaml.d/10-site.yaml",
                    "--anonymous-auth=false @ /etc/rancher/k3s/config.yaml.d/20-cis.yaml",
                },
                userWords);
            Assert.Single(setting.Effective.FlagOccurrences);
        }

        [Fact]
        public void K3s_moved_data_dir_reads_drop_ins_below_the_new_dir_only()
        {
            var setting = NodeFixtures.Resolve("k3s-moved-data-dir");

            Assert.Equal("/srv/k3s/agent/etc/kubelet.conf.d", setting.Effective.ConfigDir);
            Assert.DoesNotContain(setting.Effective.ConfigFilesRead, f => f.StartsWith("/var/lib/rancher/", System.StringComparison.Ordinal));
            // The module adds the command that does it (Audit.Tests.ps1 checks the whole sentence).
            var verdict = NodeFixtures.Judge(setting);
            Assert.Equal("Set authentication.anonymous.enabled: false in /srv/k3s/agent/etc/kubelet.conf.d/50-debug.conf, then restart k3s-agent.service.", verdict.Remediation);
            Assert.Equal(VerdictRemedy.SetAnonymousAuthFalse, verdict.Remedy);
        }

        [Fact]
        public void K3s_service_line_kubelet_arg_comes_after_config_yaml_and_wins()
        {
            var setting = NodeFixtures.Resolve("k3s-service-kubelet-arg");
            var occurrences = setting.Effective.FlagOccurrences;

            Assert.Equal(2, occurrences.Count);
            Assert.Equal(WordOriginKind.DistributionConfig, occurrences[0].Word.Origin.Kind);
            Assert.Equal("/etc/rancher/k3s/config.yaml", occurrences[0].Word.Origin.Path);
            Assert.Equal(WordOriginKind.UnitExecStart, occurrences[1].Word.Origin.Kind);
            Assert.True(occurrences[1].Value);
            var targets = FixTargets.Choose(setting.Configured, out var refusal);
            Assert.Null(refusal);
            Assert.Equal(new[] { "/etc/rancher/k3s/config.yaml", "/etc/systemd/system/k3s.service" }, targets.Select(t => t.Path).ToArray());
        }

        [Fact]
        public void K3s_extra_flags_home_is_its_config_yaml()
        {
            var home = NodeFixtures.Resolve("k3s-server").Effective.Launch.ExtraFlagsHome;

            Assert.Equal(WordOriginKind.DistributionConfig, home.Kind);
            Assert.Equal("/etc/rancher/k3s/config.yaml", home.Path);
            Assert.Equal("kubelet-arg", home.Variable);
        }

        [Fact]
        public void MicroK8s_args_file_is_read_with_snap_variables_quotes_and_comments()
        {
            var words = MicroK8sKubeletLayout.ArgsFileWords("/var/snap/microk8s/current/args/kubelet",
                "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n# --anonymous-auth=true\n\n--root-dir=$SNAP_COMMON/var/lib/kubelet\n--node-labels=\"a=b,c=d\"  # trailing comment\n--v 2\n");

            Assert.Equal(
                new[]
                {
                    "--kubeconfig=/var/snap/microk8s/current/credentials/kubelet.config",
                    "--root-dir=/var/snap/microk8s/common/var/lib/kubelet",
                    "--node-labels=a=b,c=d",
                    "--v",
                    "2",
                },
                words.Select(w => w.Text).ToArray());
            Assert.All(words, w => Assert.Equal(WordOriginKind.ArgsFile, w.Origin.Kind));
        }

        [Fact]
        public void MicroK8s_extra_flags_home_is_the_args_file()
        {
            var setting = NodeFixtures.Resolve("microk8s");

            Assert.Equal(WordOriginKind.ArgsFile, setting.Configured.Launch.ExtraFlagsHome.Kind);
            Assert.Equal(MicroK8sKubeletLayout.ArgsFilePath, setting.Configured.Launch.ExtraFlagsHome.Path);
        }

        [Fact]
        public void OpenShift_remediation_points_to_a_KubeletConfig_object_not_the_file()
        {
            var setting = NodeFixtures.Resolve("openshift4");

            Assert.True(setting.Effective.Launch.ManagedByCluster);
            var targets = FixTargets.Choose(setting.Configured, out var refusal);
            Assert.Empty(targets);
            Assert.Equal("ManagedByCluster", refusal.ErrorId);
            string remediation = FixTargets.Describe(setting.Configured, enabled: false, out _);
            Assert.Contains("KubeletConfig", remediation);
            Assert.Contains("instead of editing files", remediation);
        }
        [Fact]
        public void OpenShift_is_recognised_in_the_older_hyperkube_form_too()
        {
            using (var copy = NodeFixtures.Copy("openshift4"))
            {
                string unit = copy.Path + "/etc/systemd/system/kubelet.service";
                System.IO.File.WriteAllText(unit, System.IO.File.ReadAllText(unit)
                    .Replace("/usr/local/bin/kubenswrapper \\\n    /usr/bin/kubelet", "/usr/bin/hyperkube \\\n    kubelet"));
                var setting = NodeFixtures.Resolve(copy.Node);

                Assert.Contains("/usr/bin/hyperkube", setting.Effective.Launch.CommandLine);
                Assert.Equal(Distribution.OpenShift, setting.Distribution);
                Assert.True(setting.Effective.Launch.ManagedByCluster);
            }
        }
    }
}
