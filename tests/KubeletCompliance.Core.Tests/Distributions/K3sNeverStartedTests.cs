using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Distributions
{
    /// <summary>k3s writes 00-k3s-defaults.conf (anonymous disabled) at every start, so an image where it never ran gets it too.</summary>
    public class K3sNeverStartedTests
    {
        private const string DefaultsPath = "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf";

        private static InMemoryNode K3sImage() => new InMemoryNode()
            .File("/etc/systemd/system/k3s.service", "[Service]\nType=notify\nExecStart=/usr/local/bin/k3s \\\n    server \\\n\n");

        [Fact]
        public void ImageWhereK3sNeverRan_GetsTheDefaultsDropInAtFirstStart()
        {
            var setting = Resolve.Node(K3sImage());
            Assert.False(setting.Enabled);
            Assert.Equal(SettingSource.ConfigDropIn, setting.Source);
            Assert.Equal(DefaultsPath, setting.Effective.SourcePath);
            Assert.Equal(ControlStatus.Pass, Resolve.Verdict(K3sImage()).Status);
        }

        [Fact]
        public void AnEditedDefaultsDropIn_IsOverwrittenAtTheNextStart()
        {
            var node = K3sImage().Config(DefaultsPath, "authentication:\n  anonymous:\n    enabled: true\n");
            Assert.False(Resolve.Node(node).Enabled);
        }

        [Fact]
        public void AFixForK3s_GoesToItsConfigYamlNotToTheDefaultsDropIn()
        {
            var configured = Resolve.Node(K3sImage()).Configured;
            var targets = Core.Remediation.FixTargets.Choose(configured, out var refusal);
            Assert.Null(refusal);
            Assert.Equal("/etc/rancher/k3s/config.yaml", Assert.Single(targets).Path);
        }

        [Fact]
        public void ConfigFileNamedByK3sConfigFile_InTheServiceEnvironment_IsRead()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/k3s.service", "[Service]\nEnvironmentFile=-/etc/systemd/system/k3s.service.env\nExecStart=/usr/local/bin/k3s server\n")
                .File("/etc/systemd/system/k3s.service.env", "K3S_CONFIG_FILE=/opt/k3s/config.yaml\n")
                .File("/opt/k3s/config.yaml", "kubelet-arg:\n  - anonymous-auth=true\n");
            var setting = Resolve.Node(node);
            Assert.True(setting.Enabled);
            Assert.Equal(SettingSource.CommandLine, setting.Source);
            Assert.Equal("/opt/k3s/config.yaml", setting.Effective.SourcePath);
        }
    }
}
