using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Core.Tests.Resolution
{
    /// <summary>Real installer layouts under tests/fixtures/nodes, resolved through the file-system transport.</summary>
    public class FixtureNodeTests
    {
        [Theory]
        [InlineData("kubeadm-current", false, true, SettingSource.ConfigFile, "/var/lib/kubelet/config.yaml", "kubeadm", ControlStatus.Pass)]
        [InlineData("kubeadm-1.10", true, false, SettingSource.Default, null, "kubeadm", ControlStatus.Fail)]
        [InlineData("kubeadm-1.10-hardened", false, true, SettingSource.CommandLine, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "kubeadm", ControlStatus.Pass)]
        [InlineData("flags-only-running", false, true, SettingSource.CommandLine, "/etc/systemd/system/kubelet.service", "Generic", ControlStatus.Pass)]
        [InlineData("flags-only-default", true, false, SettingSource.Default, null, "Generic", ControlStatus.Fail)]
        [InlineData("config-dir-dropins", false, true, SettingSource.ConfigDropIn, "/etc/kubernetes/kubelet.conf.d/20-hardening.conf", "Generic", ControlStatus.Pass)]
        public void Fixture_ResolvesAsTheKubeletWould(string fixture, bool enabled, bool isExplicit, SettingSource source, string sourcePath, string distribution, ControlStatus status)
        {
            var setting = NodeResolver.Default.Resolve(new FileSystemNode(RepositoryPaths.NodeFixture(fixture)));
            Assert.Null(setting.Problem);
            Assert.Equal(enabled, setting.Enabled);
            Assert.Equal(isExplicit, setting.Effective.Explicit);
            Assert.Equal(source, setting.Source);
            Assert.Equal(sourcePath, setting.Effective.SourcePath);
            Assert.Equal(distribution, setting.Distribution);
            Assert.Equal(status, Cis421.Judge(setting).Status);
        }

        [Fact]
        public void RunningKubelet_IsJudgedFromItsProcessAndNamesTheUnitThatCarriesTheFlag()
        {
            var setting = NodeResolver.Default.Resolve(new FileSystemNode(RepositoryPaths.NodeFixture("flags-only-running")));
            Assert.Equal(EvidenceBasis.Process, setting.Effective.Launch.Basis);
            Assert.Equal(4242, setting.Effective.Launch.Pid);
            Assert.False(setting.PendingRestart);
        }

        [Fact]
        public void KubeadmCurrent_RemediationForTheDefaultCaseWouldNameTheConfigFile()
        {
            var setting = NodeResolver.Default.Resolve(new FileSystemNode(RepositoryPaths.NodeFixture("kubeadm-1.10")));
            var verdict = Cis421.Judge(setting);
            Assert.Contains("legacy default true", verdict.Reason);
        }
    }
}
