using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class DistributionConfigEditorTests
    {
        private const string K3sConfig =
            "# /etc/rancher/k3s/config.yaml\n" +
            "write-kubeconfig-mode: \"0644\"\n" +
            "tls-san:\n" +
            "  - \"k3s.example.com\"\n" +
            "kubelet-arg:\n" +
            "  - \"max-pods=200\"\n" +
            "  - \"anonymous-auth=true\" # temporary, for the old probe\n" +
            "node-label:\n" +
            "  - \"tier=edge\"\n";

        private static string Disable(string content)
        {
            string edited = DistributionConfigEditor.SetKubeletArg(content, false);
            Assert.Same(edited, DistributionConfigEditor.SetKubeletArg(edited, false));
            return edited;
        }

        [Fact]
        public void BlockListEntry_OnlyItsValueChanges()
        {
            string edited = Disable(K3sConfig);

            Assert.Equal(K3sConfig.Replace("\"anonymous-auth=true\"", "\"anonymous-auth=false\""), edited);
            EditAssert.OnlyLinesChanged(K3sConfig, edited, new[] { "  - \"anonymous-auth=true\" # temporary, for the old probe" }, new[] { "  - \"anonymous-auth=false\" # temporary, for the old probe" });
            Assert.Equal(new[] { "max-pods=200", "anonymous-auth=false" }, EditAssert.ReadKubeletArgs(edited));
        }

        [Theory]
        [InlineData("- --anonymous-auth=true", "- --anonymous-auth=false")]
        [InlineData("- 'anonymous-auth=true'", "- 'anonymous-auth=false'")]
        [InlineData("- \"--anonymous_auth=true\"", "- \"--anonymous-auth=false\"")]
        [InlineData("- anonymous-auth", "- anonymous-auth=false")]
        public void BlockListEntry_KeepsItsDashesAndQuoting(string entry, string expected)
        {
            string content = "kubelet-arg:\n" + entry + "\n";

            Assert.Equal("kubelet-arg:\n" + expected + "\n", Disable(content));
        }

        [Fact]
        public void BlockListWithoutEntry_GetsOneInTheListsStyle()
        {
            string content = "kubelet-arg:\n    - --max-pods=200\n    - --v=2\nnode-label:\n    - tier=edge\n";

            string edited = Disable(content);

            Assert.Equal("kubelet-arg:\n    - --max-pods=200\n    - --v=2\n    - --anonymous-auth=false\nnode-label:\n    - tier=edge\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "    - --anonymous-auth=false" });
            Assert.Equal(new[] { "--max-pods=200", "--v=2", "--anonymous-auth=false" }, EditAssert.ReadKubeletArgs(edited));
        }

        [Fact]
        public void FlowListEntry_OnlyItsValueChanges()
        {
            string content = "kubelet-arg: [\"max-pods=200\", \"anonymous-auth=true\"]\n";

            Assert.Equal("kubelet-arg: [\"max-pods=200\", \"anonymous-auth=false\"]\n", Disable(content));
        }

        [Fact]
        public void FlowListWithoutEntry_GetsOneInFlowStyle()
        {
            string content = "kubelet-arg: [\"max-pods=200\"]\n";

            string edited = Disable(content);

            Assert.Equal("kubelet-arg: [\"max-pods=200\", \"anonymous-auth=false\"]\n", edited);
            Assert.Equal(new[] { "max-pods=200", "anonymous-auth=false" }, EditAssert.ReadKubeletArgs(edited));
        }

        [Fact]
        public void EmptyFlowList_GetsTheEntry()
        {
            Assert.Equal("kubelet-arg: [\"anonymous-auth=false\"]\n", Disable("kubelet-arg: []\n"));
        }

        [Fact]
        public void SingleStringThatIsTheFlag_KeepsItsForm()
        {
            Assert.Equal("kubelet-arg: \"anonymous-auth=false\"\n", Disable("kubelet-arg: \"anonymous-auth=true\"\n"));
        }

        [Fact]
        public void SingleStringThatIsAnotherFlag_BecomesABlockListOfTwo()
        {
            string content = "token: secret\nkubelet-arg: \"max-pods=200\"\nnode-name: edge-1\n";

            string edited = Disable(content);

            Assert.Equal("token: secret\nkubelet-arg:\n  - \"max-pods=200\"\n  - \"anonymous-auth=false\"\nnode-name: edge-1\n", edited);
            Assert.Equal(new[] { "max-pods=200", "anonymous-auth=false" }, EditAssert.ReadKubeletArgs(edited));
        }

        [Fact]
        public void MissingKey_IsAppendedAsABlockList()
        {
            string content = "# RKE2 server\nwrite-kubeconfig-mode: \"0644\"\ncni: calico\n";

            string edited = Disable(content);

            Assert.Equal(content + "kubelet-arg:\n  - \"anonymous-auth=false\"\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "kubelet-arg:", "  - \"anonymous-auth=false\"" });
        }

        [Fact]
        public void MissingKey_CrlfBomAndNoTrailingNewline_ArePreserved()
        {
            string content = "\uFEFFcni: calico\r\ntoken: x";

            Assert.Equal("\uFEFFcni: calico\r\ntoken: x\r\nkubelet-arg:\r\n  - \"anonymous-auth=false\"", Disable(content));
        }

        [Fact]
        public void EmptyFile_GetsTheKey()
        {
            Assert.Equal("kubelet-arg:\n  - \"anonymous-auth=false\"\n", Disable(string.Empty));
        }

        [Fact]
        public void MalformedYaml_IsRefused()
        {
            var refusal = Assert.Throws<EditRefusedException>(() => DistributionConfigEditor.SetKubeletArg("kubelet-arg: [\"max-pods=200\"\n", false));

            Assert.Equal(ErrorIds.MalformedYaml, refusal.ErrorId);
        }

        [Fact]
        public void KubeletArgThatIsAMapping_IsRefused()
        {
            var refusal = Assert.Throws<EditRefusedException>(() => DistributionConfigEditor.SetKubeletArg("kubelet-arg:\n  max-pods: 200\n", false));

            Assert.Equal(ErrorIds.UnexpectedNodeType, refusal.ErrorId);
        }
    }
}
