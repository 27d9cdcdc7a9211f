using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Resolution
{
    public class PrecedenceTests
    {
        private const string Disabled = "authentication:\n  anonymous:\n    enabled: false\n";
        private const string Enabled = "authentication:\n  anonymous:\n    enabled: true\n";

        [Fact]
        public void Flag_OverridesConfigFile()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true")
                .Config("/var/lib/kubelet/config.yaml", Disabled);
            var setting = Resolve.Node(node);
            Assert.True(setting.Enabled);
            Assert.Equal(SettingSource.CommandLine, setting.Source);
            Assert.Equal("/etc/systemd/system/kubelet.service", setting.Effective.SourcePath);
            Assert.Equal(ControlStatus.Fail, Resolve.Verdict(node).Status);
        }

        [Fact]
        public void Flag_OverridesDropIn()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config-dir=/etc/kubelet.d --anonymous-auth=false")
                .Config("/etc/kubelet.d/10.conf", Enabled);
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal(SettingSource.CommandLine, setting.Source);
        }

        [Fact]
        public void DropIn_OverridesConfigFile()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=/c.yaml --config-dir=/etc/kubelet.d")
                .Config("/c.yaml", Enabled)
                .Config("/etc/kubelet.d/10-anon.conf", Disabled);
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal(SettingSource.ConfigDropIn, setting.Source);
            Assert.Equal("/etc/kubelet.d/10-anon.conf", setting.Effective.SourcePath);
            Assert.Equal(ControlStatus.Pass, Resolve.Verdict(node).Status);
        }

        [Fact]
        public void DropInThatDoesNotNameTheField_KeepsTheConfigFileValue()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=/c.yaml --config-dir=/etc/kubelet.d")
                .Config("/c.yaml", Disabled)
                .Config("/etc/kubelet.d/10-other.conf", "authentication:\n  webhook:\n    enabled: true\n");
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal(SettingSource.ConfigFile, setting.Source);
            Assert.Equal("/c.yaml", setting.Effective.SourcePath);
        }

        [Fact]
        public void ConfigFileOmittingTheField_DefaultsToFalseButIsNotExplicit()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=/c.yaml")
                .Config("/c.yaml", "authorization:\n  mode: Webhook\n");
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal(SettingSource.Default, setting.Source);
            Assert.False(setting.Effective.Explicit);
            var verdict = Resolve.Verdict(node);
            Assert.Equal(ControlStatus.Fail, verdict.Status);
            Assert.Contains("only by default", verdict.Reason);
            Assert.Contains("/c.yaml", verdict.Remediation);
        }

        [Fact]
        public void NoConfigFile_DefaultsToTheLegacyTrue()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf");
            var setting = Resolve.Node(node);
            Assert.True(setting.Enabled);
            Assert.Equal(SettingSource.Default, setting.Source);
            Assert.Equal(ControlStatus.Fail, Resolve.Verdict(node).Status);
        }

        [Fact]
        public void ConfigDirWithoutConfig_StartsFromTheLegacyTrue()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config-dir=/etc/kubelet.d")
                .Config("/etc/kubelet.d/10-logging.conf", "logging:\n  verbosity: 2\n");
            var setting = Resolve.Node(node);
            Assert.True(setting.Enabled);
            Assert.Equal(SettingSource.Default, setting.Source);
        }

        [Fact]
        public void ConfigDirWithoutConfig_DropInSettingFalse_Passes()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config-dir=/var/lib/rancher/k3s/agent/etc/kubelet.conf.d")
                .Config("/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-defaults.conf", Disabled);
            Assert.Equal(ControlStatus.Pass, Resolve.Verdict(node).Status);
        }

        [Fact]
        public void RelativeConfig_IsResolvedAgainstTheUnitsWorkingDirectory()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service", "[Service]\nWorkingDirectory=/var/lib/kubelet\nExecStart=/usr/bin/kubelet --config=config.yaml\n")
                .Config("/var/lib/kubelet/config.yaml", Disabled);
            var setting = Resolve.Node(node);
            Assert.Equal("/var/lib/kubelet/config.yaml", setting.Effective.ConfigPath);
            Assert.False(setting.Enabled);
        }

        [Fact]
        public void RelativeConfig_WithoutWorkingDirectory_IsRelativeToRoot()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=var/lib/kubelet/config.yaml")
                .Config("/var/lib/kubelet/config.yaml", Disabled);
            Assert.Equal("/var/lib/kubelet/config.yaml", Resolve.Node(node).Effective.ConfigPath);
        }

        [Fact]
        public void RelativeConfig_OfARunningKubelet_IsRelativeToItsCwd()
        {
            var node = new InMemoryNode()
                .Process(new Evidence.NodeProcess(77, new[] { "/usr/bin/kubelet", "--config", "kubelet.json" }, "/etc/kubernetes", null, null, "kubelet", new Evidence.ProcessIdentity(0, 0, "/system.slice/kubelet.service", false, null)))
                .File("/etc/kubernetes/kubelet.json", "{\"apiVersion\": \"kubelet.config.k8s.io/v1beta1\", \"kind\": \"KubeletConfiguration\", \"authentication\": {\"anonymous\": {\"enabled\": false}}}");
            var setting = Resolve.Node(node);
            Assert.Equal(EvidenceBasis.Process, setting.Effective.Launch.Basis);
            Assert.Equal("/etc/kubernetes/kubelet.json", setting.Effective.ConfigPath);
            Assert.False(setting.Enabled);
        }

        [Fact]
        public void MissingConfigFile_IsAnError()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --config=/nowhere.yaml --anonymous-auth=false");
            var setting = Resolve.Node(node);
            Assert.Equal(ErrorIds.ConfigFileMissing, setting.Problem.ErrorId);
            Assert.Null(setting.Enabled);
            Assert.Equal(ControlStatus.Error, Resolve.Verdict(node).Status);
        }

        [Fact]
        public void UnreadableConfigFile_IsAnError()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --config=/c.yaml").Unreadable("/c.yaml");
            Assert.Equal(ErrorIds.ConfigFileUnreadable, Resolve.Node(node).Problem.ErrorId);
        }

        [Fact]
        public void EmptyConfigFlag_MeansNoConfigFile()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --config=");
            var setting = Resolve.Node(node);
            Assert.Null(setting.Effective.ConfigPath);
            Assert.True(setting.Enabled);
        }

        [Fact]
        public void NoKubelet_IsNotFoundAndNotApplicable()
        {
            var node = new InMemoryNode().File("/etc/hostname", "x\n");
            var setting = Resolve.Node(node);
            Assert.Equal(SettingSource.NotFound, setting.Source);
            Assert.Null(setting.Enabled);
            Assert.Equal(ControlStatus.NotApplicable, Resolve.Verdict(node).Status);
        }

        [Fact]
        public void ExplicitFalseInConfig_Passes()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --config=/c.yaml").Config("/c.yaml", Disabled);
            var verdict = Resolve.Verdict(node);
            Assert.Equal(ControlStatus.Pass, verdict.Status);
            Assert.Equal(string.Empty, verdict.Remediation);
        }
    }
}
