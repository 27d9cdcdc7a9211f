using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Resolution
{
    public class ConfigDirDropInTests
    {
        private const string Disabled = "authentication:\n  anonymous:\n    enabled: false\n";
        private const string Enabled = "authentication:\n  anonymous:\n    enabled: true\n";

        private static InMemoryNode NodeWithConfigDir() =>
            new InMemoryNode().Unit("/usr/bin/kubelet --config=/c.yaml --config-dir=/d").Config("/c.yaml", "");

        [Fact]
        public void OnlyDotConfFiles_Count()
        {
            var node = NodeWithConfigDir()
                .Config("/d/10.conf", Disabled)
                .Config("/d/20.yaml", Enabled)
                .Config("/d/30.json", Enabled)
                .Config("/d/40.conf.bak", Enabled)
                .Config("/d/50.CONF", Enabled);
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal("/d/10.conf", setting.Effective.SourcePath);
        }

        [Fact]
        public void LaterFiles_OverrideEarlierOnes()
        {
            var node = NodeWithConfigDir().Config("/d/10-a.conf", Disabled).Config("/d/20-b.conf", Enabled);
            var setting = Resolve.Node(node);
            Assert.True(setting.Enabled);
            Assert.Equal("/d/20-b.conf", setting.Effective.SourcePath);
        }

        [Fact]
        public void SubFolders_AreWalkedDepthFirstInWalkDirOrder()
        {
            // WalkDir sorts each folder's entries by name: the folder "a" sorts before "a.conf", so a/z.conf is applied first.
            var node = NodeWithConfigDir().Config("/d/a/z.conf", Enabled).Config("/d/a.conf", Disabled);
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal("/d/a.conf", setting.Effective.SourcePath);

            var nested = NodeWithConfigDir().Config("/d/10.conf", Disabled).Config("/d/90-site/50.conf", Enabled);
            Assert.Equal("/d/90-site/50.conf", Resolve.Node(nested).Effective.SourcePath);
        }

        [Fact]
        public void EmptyDropIn_StopsTheKubelet()
        {
            var node = NodeWithConfigDir().File("/d/10-empty.conf", "");
            var setting = Resolve.Node(node);
            Assert.Equal(ErrorIds.DropInEmpty, setting.Problem.ErrorId);
            Assert.Equal("/d/10-empty.conf", setting.Problem.Path);
        }

        [Fact]
        public void DropInWithoutKind_StopsTheKubelet()
        {
            var node = NodeWithConfigDir().File("/d/10.conf", Disabled);
            Assert.Equal(ErrorIds.ConfigNotKubeletConfiguration, Resolve.Node(node).Problem.ErrorId);
        }

        [Fact]
        public void DropInSettingNull_DoesNotChangeTheValue()
        {
            var node = NodeWithConfigDir().Config("/d/10.conf", Disabled).Config("/d/20.conf", "authentication:\n  anonymous:\n    enabled: null\n");
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal("/d/10.conf", setting.Effective.SourcePath);
        }

        [Fact]
        public void MissingConfigDir_StopsTheKubelet()
        {
            // WalkDir returns the lstat error of a missing root and the kubelet exits with it.
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --config=/c.yaml --config-dir=/missing").Config("/c.yaml", Disabled);
            var setting = Resolve.Node(node);
            Assert.Equal(ErrorIds.ConfigDirMissing, setting.Problem.ErrorId);
            Assert.Equal("/missing", setting.Problem.Path);
        }

        [Fact]
        public void JsonDropIn_IsReadLikeYaml()
        {
            var node = NodeWithConfigDir().File("/d/40-nodeadm.conf",
                "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"authentication\":{\"anonymous\":{\"enabled\":false}}}");
            Assert.False(Resolve.Node(node).Enabled);
        }
    }
}
