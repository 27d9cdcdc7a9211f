using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class KubeletConfigEditorTests
    {
        // What kubeadm init writes to /var/lib/kubelet/config.yaml, with anonymous auth turned on.
        private const string KubeadmConfig =
            "apiVersion: kubelet.config.k8s.io/v1beta1\n" +
            "authentication:\n" +
            "  anonymous:\n" +
            "    enabled: true\n" +
            "  webhook:\n" +
            "    cacheTTL: 0s\n" +
            "    enabled: true\n" +
            "  x509:\n" +
            "    clientCAFile: /etc/kubernetes/pki/ca.crt\n" +
            "authorization:\n" +
            "  mode: Webhook\n" +
            "  webhook:\n" +
            "    cacheAuthorizedTTL: 0s\n" +
            "    cacheUnauthorizedTTL: 0s\n" +
            "cgroupDriver: systemd\n" +
            "clusterDNS:\n" +
            "- 10.96.0.10\n" +
            "clusterDomain: cluster.local\n" +
            "containerRuntimeEndpoint: \"\"\n" +
            "cpuManagerReconcilePeriod: 0s\n" +
            "healthzBindAddress: 127.0.0.1\n" +
            "healthzPort: 10248\n" +
            "kind: KubeletConfiguration\n" +
            "logging:\n" +
            "  flushFrequency: 0\n" +
            "  options:\n" +
            "    json:\n" +
            "      infoBufferSize: \"0\"\n" +
            "  verbosity: 0\n" +
            "memorySwap: {}\n" +
            "resolvConf: /run/systemd/resolve/resolv.conf\n" +
            "rotateCertificates: true\n" +
            "staticPodPath: /etc/kubernetes/manifests\n" +
            "syncFrequency: 0s\n";

        [Fact]
        public void ExistingValue_InKubeadmConfig_OnlyThatTokenChanges()
        {
            string edited = EditAssert.DisableAnonymous(KubeadmConfig);

            Assert.Equal(KubeadmConfig.Replace("  anonymous:\n    enabled: true", "  anonymous:\n    enabled: false"), edited);
            EditAssert.OnlyLinesChanged(KubeadmConfig, edited, new[] { "    enabled: true" }, new[] { "    enabled: false" });
        }

        [Fact]
        public void AlreadyFalse_ReturnsTheInputUnchanged()
        {
            string content = KubeadmConfig.Replace("    enabled: true\n  webhook", "    enabled: false\n  webhook");

            Assert.Same(content, KubeletConfigEditor.SetAnonymousEnabled(content, false));
        }

        [Fact]
        public void Enabling_WritesPlainTrue()
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n";

            string edited = KubeletConfigEditor.SetAnonymousEnabled(content, true);

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n", edited);
            Assert.Equal("true", EditAssert.ReadAnonymousEnabled(edited));
        }

        [Fact]
        public void MissingEnabled_IsInsertedAtTheSiblingsIndentation()
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    # left blank on purpose\n    other: 1\n  webhook:\n    enabled: true\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    # left blank on purpose\n    other: 1\n    enabled: false\n  webhook:\n    enabled: true\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "    enabled: false" });
        }

        [Fact]
        public void EmptyAnonymous_GetsEnabledOneIndentDeeperThanItsKey()
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n    anonymous:\n    webhook:\n        enabled: true\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n    anonymous:\n        enabled: false\n    webhook:\n        enabled: true\n", edited);
        }

        [Fact]
        public void EmptyEnabledValue_GetsFalse()
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: # to be decided\n";

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false # to be decided\n", EditAssert.DisableAnonymous(content));
        }

        [Fact]
        public void NullAnonymousInBlockYaml_BecomesAFlowMapping()
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n  anonymous: ~\n";

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: false}\n", EditAssert.DisableAnonymous(content));
        }

        [Fact]
        public void MissingAnonymous_InKubeadmConfig_NestedBlockIsAddedAfterTheLastSibling()
        {
            string content = KubeadmConfig.Replace("  anonymous:\n    enabled: true\n", string.Empty);

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal(content.Replace("    clientCAFile: /etc/kubernetes/pki/ca.crt\n", "    clientCAFile: /etc/kubernetes/pki/ca.crt\n  anonymous:\n    enabled: false\n"), edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "  anonymous:", "    enabled: false" });
        }

        [Fact]
        public void MissingAuthentication_IsAppendedAtTopLevelWithTheFilesIndentUnit()
        {
            string content = "# kubelet settings\nkind: KubeletConfiguration\nlogging:\n    verbosity: 2\nsyncFrequency: 1m # tuned\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("# kubelet settings\nkind: KubeletConfiguration\nlogging:\n    verbosity: 2\nsyncFrequency: 1m # tuned\nauthentication:\n    anonymous:\n        enabled: false\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "authentication:", "    anonymous:", "        enabled: false" });
        }

        [Fact]
        public void MissingAuthentication_WithoutTrailingNewline_StaysWithoutOne()
        {
            string content = "kind: KubeletConfiguration\ncgroupDriver: systemd";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\ncgroupDriver: systemd\nauthentication:\n  anonymous:\n    enabled: false", edited);
        }

        [Fact]
        public void CommentsCrlfAndBom_ArePreserved()
        {
            string content = "\uFEFF# managed by hand\r\nkind: KubeletConfiguration\r\nauthentication:\r\n  anonymous:\r\n    enabled: true # CIS 4.2.1 says false\r\n  webhook:\r\n    enabled: true\r\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("\uFEFF# managed by hand\r\nkind: KubeletConfiguration\r\nauthentication:\r\n  anonymous:\r\n    enabled: false # CIS 4.2.1 says false\r\n  webhook:\r\n    enabled: true\r\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new[] { "    enabled: true # CIS 4.2.1 says false" }, new[] { "    enabled: false # CIS 4.2.1 says false" });
        }

        [Fact]
        public void CrlfAndBom_InsertedLinesUseCrlf()
        {
            string content = "\uFEFFkind: KubeletConfiguration\r\nauthentication:\r\n  webhook:\r\n    enabled: true\r\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("\uFEFFkind: KubeletConfiguration\r\nauthentication:\r\n  webhook:\r\n    enabled: true\r\n  anonymous:\r\n    enabled: false\r\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "  anonymous:", "    enabled: false" });
        }

        [Theory]
        [InlineData("yes")]
        [InlineData("on")]
        [InlineData("True")]
        [InlineData("\"true\"")]
        [InlineData("'true'")]
        [InlineData("!!bool true")]
        public void QuotedOrYaml11Value_IsReplacedByPlainFalse(string spelled)
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: " + spelled + "}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: false}\n", edited);
        }

        [Fact]
        public void FlowMapping_StaysFlow()
        {
            string content = "kind: KubeletConfiguration\nauthentication: {anonymous: {enabled: true}, webhook: {enabled: true}}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\nauthentication: {anonymous: {enabled: false}, webhook: {enabled: true}}\n", edited);
        }

        [Fact]
        public void FlowMappingWithoutAnonymous_GetsAFlowMember()
        {
            string content = "kind: KubeletConfiguration\nauthentication: {webhook: {enabled: true}}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\nauthentication: {webhook: {enabled: true}, anonymous: {enabled: false}}\n", edited);
        }

        [Fact]
        public void EmptyFlowMapping_GetsAFlowMember()
        {
            string content = "kind: KubeletConfiguration\nauthentication: {}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\nauthentication: {anonymous: {enabled: false}}\n", edited);
        }

        [Fact]
        public void DuplicateKeys_TheLastOccurrenceIsEdited()
        {
            string content = "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthentication:\n  anonymous:\n    enabled: true\n    enabled: true\n";

            string edited = KubeletConfigEditor.SetAnonymousEnabled(content, false);

            Assert.Equal("kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthentication:\n  anonymous:\n    enabled: true\n    enabled: false\n", edited);
            Assert.Same(edited, KubeletConfigEditor.SetAnonymousEnabled(edited, false));
        }

        [Fact]
        public void MultiDocument_TheKubeletConfigurationDocumentIsEdited()
        {
            string content = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal(content.Substring(0, content.Length - "true\n".Length) + "false\n", edited);
        }

        [Fact]
        public void MultiDocument_MissingAuthentication_IsAddedToTheKubeletDocumentNotTheLast()
        {
            string content = "kind: KubeletConfiguration\ncgroupDriver: systemd\n---\nkind: KubeProxyConfiguration\nmode: ipvs\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("kind: KubeletConfiguration\ncgroupDriver: systemd\nauthentication:\n  anonymous:\n    enabled: false\n---\nkind: KubeProxyConfiguration\nmode: ipvs\n", edited);
        }

        [Theory]
        [InlineData("kind: KubeletConfiguration\nauthentication:\n  anonymous: [enabled\n")]
        [InlineData("kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n   bad indent: 1\n")]
        [InlineData("kind: KubeletConfiguration\nauthentication: \"unterminated\n")]
        public void MalformedYaml_IsRefused(string content)
        {
            var refusal = Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled(content, false));

            Assert.Equal(ErrorIds.MalformedYaml, refusal.ErrorId);
            Assert.Contains("line", refusal.Message);
        }

        [Theory]
        [InlineData("{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"anonymous\": {\"enabled\": true}}")]
        [InlineData("{\"kind\": \"KubeletConfiguration\" \"authentication\": {}}")]
        [InlineData("{\n\t\"kind\": \"KubeletConfiguration\",\n\t\"authentication\": {\"anonymous\": ]\n}\n")]
        public void MalformedJson_IsRefused(string content)
        {
            var refusal = Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled(content, false));

            Assert.Equal(ErrorIds.MalformedJson, refusal.ErrorId);
        }

        [Theory]
        [InlineData("")]
        [InlineData("# only a comment\n")]
        public void EmptyFile_IsRefused(string content)
        {
            var refusal = Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled(content, false));

            Assert.Equal(ErrorIds.EmptyDocument, refusal.ErrorId);
        }

        [Fact]
        public void AuthenticationThatIsNotAMapping_IsRefused()
        {
            var refusal = Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled("kind: KubeletConfiguration\nauthentication: webhook\n", false));

            Assert.Equal(ErrorIds.UnexpectedNodeType, refusal.ErrorId);
            Assert.Contains("'authentication'", refusal.Message);
        }

        [Fact]
        public void SeveralDocumentsWithoutKubeletConfiguration_AreRefused()
        {
            var refusal = Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled("kind: A\n---\nkind: B\n", false));

            Assert.Equal(ErrorIds.NoKubeletConfigurationDocument, refusal.ErrorId);
        }

        [Fact]
        public void KeysAreCaseSensitive_CapitalisedKeysAreNotTheSetting()
        {
            string content = "kind: KubeletConfiguration\nAuthentication:\n  Anonymous:\n    Enabled: true\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal(content + "authentication:\n  anonymous:\n    enabled: false\n", edited);
        }
    }
}
