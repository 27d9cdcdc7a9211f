using KubeletCompliance.Core.Editing;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class FlagTextEditorTests
    {
        // kubeadm's 10-kubeadm.conf drop-in, with the flag added to KUBELET_CONFIG_ARGS.
        private const string KubeadmDropIn =
            "# Note: This dropin only works with kubeadm and kubelet v1.11+\n" +
            "[Service]\n" +
            "Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf\"\n" +
            "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml --anonymous-auth=true\"\n" +
            "# This is a file that \"kubeadm init\" and \"kubeadm join\" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically\n" +
            "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n" +
            "EnvironmentFile=-/etc/default/kubelet\n" +
            "ExecStart=\n" +
            "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n";

        private static string Disable(string content)
        {
            string edited = FlagTextEditor.ReplaceAnonymousAuth(content, false);
            Assert.Same(edited, FlagTextEditor.ReplaceAnonymousAuth(edited, false));
            return edited;
        }

        [Fact]
        public void KubeadmDropIn_FlagInsideEnvironmentLineIsRewritten()
        {
            string edited = Disable(KubeadmDropIn);

            Assert.Equal(KubeadmDropIn.Replace("config.yaml --anonymous-auth=true\"", "config.yaml --anonymous-auth=false\""), edited);
            EditAssert.OnlyLinesChanged(
                KubeadmDropIn,
                edited,
                new[] { "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml --anonymous-auth=true\"" },
                new[] { "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml --anonymous-auth=false\"" });
        }

        [Fact]
        public void AksLikeEnvironmentLine_FlagFirstInTheValueIsRewritten()
        {
            string content = "[Service]\nEnvironment=\"KUBELET_FLAGS=--anonymous-auth=true --authentication-token-webhook=true --authorization-mode=Webhook\"\nExecStart=/usr/local/bin/kubelet $KUBELET_FLAGS\n";

            string edited = Disable(content);

            Assert.Equal("[Service]\nEnvironment=\"KUBELET_FLAGS=--anonymous-auth=false --authentication-token-webhook=true --authorization-mode=Webhook\"\nExecStart=/usr/local/bin/kubelet $KUBELET_FLAGS\n", edited);
        }

        [Fact]
        public void ContinuedExecStart_BareFlagBecomesExplicitFalse()
        {
            string content = "[Service]\nExecStart=/usr/bin/kubelet \\\n  --anonymous-auth \\\n  --config=/var/lib/kubelet/config.yaml\n";

            string edited = Disable(content);

            Assert.Equal("[Service]\nExecStart=/usr/bin/kubelet \\\n  --anonymous-auth=false \\\n  --config=/var/lib/kubelet/config.yaml\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new[] { "  --anonymous-auth \\" }, new[] { "  --anonymous-auth=false \\" });
        }

        [Theory]
        [InlineData("--anonymous-auth false --v=2", "--anonymous-auth=false --v=2")]
        [InlineData("--anonymous-auth\tFalse", "--anonymous-auth=false")]
        [InlineData("--anonymous-auth true --v=2", "--anonymous-auth=false --v=2")]
        [InlineData("--anonymous-auth 0", "--anonymous-auth=false")]
        public void SpaceForm_BothWordsAreReplaced(string flags, string expected)
        {
            string edited = Disable("ExecStart=/usr/bin/kubelet " + flags + "\n");

            Assert.Equal("ExecStart=/usr/bin/kubelet " + expected + "\n", edited);
        }

        [Fact]
        public void SpaceForm_ANonBooleanNextWordIsLeftAlone()
        {
            string edited = Disable("ExecStart=/usr/bin/kubelet --anonymous-auth --v=2 falsehood\n");

            Assert.Equal("ExecStart=/usr/bin/kubelet --anonymous-auth=false --v=2 falsehood\n", edited);
        }

        [Fact]
        public void UnderscoreSpelling_IsNormalisedToDashes()
        {
            Assert.Equal("ExecStart=/usr/bin/kubelet --anonymous-auth=false\n", Disable("ExecStart=/usr/bin/kubelet --anonymous_auth=TRUE\n"));
        }

        [Fact]
        public void EveryOccurrence_IsRewritten()
        {
            string content = "ExecStart=/usr/bin/kubelet --anonymous-auth=false --v=2 --anonymous-auth=true\n";

            Assert.Equal("ExecStart=/usr/bin/kubelet --anonymous-auth=false --v=2 --anonymous-auth=false\n", Disable(content));
        }

        [Fact]
        public void SimilarWords_AreNotTheFlag()
        {
            string content = "ExecStart=/usr/bin/kubelet --anonymous-authx=true --no-anonymous-auth=true -anonymous-auth=true x--anonymous-auth --Anonymous-Auth=true\n";

            Assert.Same(content, FlagTextEditor.ReplaceAnonymousAuth(content, false));
        }

        [Fact]
        public void CommentLines_AreNotTouched()
        {
            string content = "# ExecStart=/usr/bin/kubelet --anonymous-auth=true\n; KUBELET_EXTRA_ARGS=--anonymous-auth=true\nKUBELET_EXTRA_ARGS=--anonymous-auth=true\n";

            Assert.Equal("# ExecStart=/usr/bin/kubelet --anonymous-auth=true\n; KUBELET_EXTRA_ARGS=--anonymous-auth=true\nKUBELET_EXTRA_ARGS=--anonymous-auth=false\n", Disable(content));
        }

        [Theory]
        [InlineData("KUBELET_EXTRA_ARGS=\"--anonymous-auth=true --node-ip=10.0.0.5\"", "KUBELET_EXTRA_ARGS=\"--anonymous-auth=false --node-ip=10.0.0.5\"")]
        [InlineData("KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5 --anonymous-auth=true'", "KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5 --anonymous-auth=false'")]
        [InlineData("KUBELET_EXTRA_ARGS=--anonymous-auth=true", "KUBELET_EXTRA_ARGS=--anonymous-auth=false")]
        public void EnvironmentFile_QuotingIsKept(string line, string expected)
        {
            string content = "# /etc/default/kubelet\r\n" + line + "\r\n";

            string edited = Disable(content);

            Assert.Equal("# /etc/default/kubelet\r\n" + expected + "\r\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new[] { line }, new[] { expected });
        }

        [Fact]
        public void Enabling_WritesExplicitTrue()
        {
            Assert.Equal("--anonymous-auth=true\n", FlagTextEditor.ReplaceAnonymousAuth("--anonymous-auth=false\n", true));
        }

        [Fact]
        public void NoOccurrence_ReturnsTheInputUnchanged()
        {
            string content = KubeadmDropIn.Replace(" --anonymous-auth=true", string.Empty);

            Assert.Same(content, FlagTextEditor.ReplaceAnonymousAuth(content, false));
        }
    }
}
