using KubeletCompliance.Core.Config;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Config
{
    public class ConfigFileRulesTests
    {
        private static NodeSetting WithConfig(string content) =>
            Resolve.Node(new InMemoryNode().Unit("/usr/bin/kubelet --config=/c").File("/c", content));

        private const string Header = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

        [Fact]
        public void Json_IsReadWhateverTheFileIsCalled()
        {
            var setting = WithConfig("{\n  \"kind\": \"KubeletConfiguration\",\n  \"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n  \"authentication\": {\n    \"anonymous\": {\n      \"enabled\": false\n    }\n  }\n}\n");
            Assert.False(setting.Enabled);
            Assert.Equal(SettingSource.ConfigFile, setting.Source);
        }

        [Fact]
        public void JsonIndentedWithTabs_IsRead() =>
            Assert.False(WithConfig("{\n\t\"kind\": \"KubeletConfiguration\",\n\t\"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n\t\"authentication\": {\"anonymous\": {\"enabled\": false}}\n}\n").Enabled);

        [Fact]
        public void Keys_AreCaseSensitive()
        {
            var setting = WithConfig(Header + "Authentication:\n  Anonymous:\n    Enabled: true\n");
            Assert.Equal(SettingSource.Default, setting.Source);
            Assert.False(setting.Enabled);
        }

        [Theory]
        [InlineData("no", false)]
        [InlineData("off", false)]
        [InlineData("n", false)]
        [InlineData("False", false)]
        [InlineData("yes", true)]
        [InlineData("on", true)]
        [InlineData("Y", true)]
        public void Yaml11Booleans_AreBooleans(string value, bool expected)
        {
            // Pinned choice (unverified in the shared notes): the kubelet's sigs.k8s.io/yaml uses go-yaml v2 (YAML 1.1).
            var setting = WithConfig(Header + "authentication:\n  anonymous:\n    enabled: " + value + "\n");
            Assert.Equal(expected, setting.Enabled);
            Assert.Equal(SettingSource.ConfigFile, setting.Source);
        }

        [Theory]
        [InlineData("\"false\"")]
        [InlineData("'false'")]
        [InlineData("0")]
        public void NonBooleanValues_AreWrongTypes(string value)
        {
            // Pinned choice: a quoted "false" is a string, which the kubelet cannot decode into a bool.
            var setting = WithConfig(Header + "authentication:\n  anonymous:\n    enabled: " + value + "\n");
            Assert.Equal(ErrorIds.ConfigWrongType, setting.Problem.ErrorId);
        }

        [Fact]
        public void DuplicateKeys_TheLastWins()
        {
            // Pinned choice: strict decoding fails on the duplicate, lenient decoding keeps the last value.
            var setting = WithConfig(Header + "authentication:\n  anonymous:\n    enabled: true\n    enabled: false\n");
            Assert.False(setting.Enabled);
        }

        [Fact]
        public void NullOrEmptyValue_CountsAsNotSet()
        {
            Assert.Equal(SettingSource.Default, WithConfig(Header + "authentication:\n  anonymous:\n    enabled:\n").Source);
            Assert.Equal(SettingSource.Default, WithConfig(Header + "authentication:\n  anonymous:\n    enabled: ~\n").Source);
        }

        [Fact]
        public void FlowStyle_IsRead() =>
            Assert.False(WithConfig(Header + "authentication: {anonymous: {enabled: false}, webhook: {enabled: true}}\n").Enabled);

        [Fact]
        public void CommentsBomAndCrlf_AreRead() =>
            Assert.False(WithConfig("\uFEFF# managed by ansible\r\n" + Header.Replace("\n", "\r\n") + "authentication:\r\n  anonymous:\r\n    enabled: false # CIS 4.2.1\r\n").Enabled);

        [Fact]
        public void Anchors_AreFollowed() =>
            Assert.False(WithConfig(Header + "x-off: &off false\nauthentication:\n  anonymous:\n    enabled: *off\n").Enabled);

        [Fact]
        public void EmptyFile_StopsTheKubelet() => Assert.Equal(ErrorIds.ConfigEmpty, WithConfig("").Problem.ErrorId);

        [Fact]
        public void CommentOnlyFile_StopsTheKubelet() => Assert.Equal(ErrorIds.ConfigEmpty, WithConfig("# nothing\n").Problem.ErrorId);

        [Fact]
        public void SyntaxError_IsReportedWithItsLine()
        {
            var setting = WithConfig(Header + "authentication:\n  anonymous:\n    enabled: [false\n");
            Assert.Equal(ErrorIds.ConfigSyntaxError, setting.Problem.ErrorId);
            Assert.Equal("/c", setting.Problem.Path);
        }

        [Fact]
        public void WrongKindOrApiVersion_StopsTheKubelet()
        {
            Assert.Equal(ErrorIds.ConfigNotKubeletConfiguration, WithConfig("authentication:\n  anonymous:\n    enabled: false\n").Problem.ErrorId);
            Assert.Equal(ErrorIds.ConfigNotKubeletConfiguration, WithConfig("apiVersion: kubelet.config.k8s.io/v1\nkind: KubeletConfiguration\n").Problem.ErrorId);
        }

        [Fact]
        public void AuthenticationThatIsNotAMapping_IsAWrongType() =>
            Assert.Equal(ErrorIds.ConfigWrongType, WithConfig(Header + "authentication: true\n").Problem.ErrorId);

    }
}
