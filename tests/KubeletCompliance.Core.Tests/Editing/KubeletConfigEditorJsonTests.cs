using KubeletCompliance.Core.Editing;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    /// <summary>The kubelet config editor on JSON files (EKS writes JSON): the same rules as YAML, in JSON's own layout.</summary>
    public class KubeletConfigEditorJsonTests
    {
        // The EKS Amazon Linux 2 kubelet-config.json, shortened.
        private const string EksConfig =
            "{\n" +
            "  \"kind\": \"KubeletConfiguration\",\n" +
            "  \"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n" +
            "  \"address\": \"0.0.0.0\",\n" +
            "  \"authentication\": {\n" +
            "    \"anonymous\": {\n" +
            "      \"enabled\": true\n" +
            "    },\n" +
            "    \"webhook\": {\n" +
            "      \"cacheTTL\": \"2m0s\",\n" +
            "      \"enabled\": true\n" +
            "    },\n" +
            "    \"x509\": {\n" +
            "      \"clientCAFile\": \"/etc/kubernetes/pki/ca.crt\"\n" +
            "    }\n" +
            "  },\n" +
            "  \"authorization\": {\n" +
            "    \"mode\": \"Webhook\"\n" +
            "  },\n" +
            "  \"clusterDomain\": \"cluster.local\",\n" +
            "  \"readOnlyPort\": 0,\n" +
            "  \"featureGates\": {\n" +
            "    \"RotateKubeletServerCertificate\": true\n" +
            "  },\n" +
            "  \"serverTLSBootstrap\": true\n" +
            "}\n";

        [Fact]
        public void Json_EksConfig_OnlyTheValueChanges()
        {
            string edited = EditAssert.DisableAnonymous(EksConfig);

            Assert.Equal(EksConfig.Replace("      \"enabled\": true\n    },\n    \"webhook\"", "      \"enabled\": false\n    },\n    \"webhook\""), edited);
            EditAssert.OnlyLinesChanged(EksConfig, edited, new[] { "      \"enabled\": true" }, new[] { "      \"enabled\": false" });
        }

        [Fact]
        public void Json_QuotedStringValue_BecomesJsonBoolean()
        {
            string content = "{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"anonymous\": {\"enabled\": \"true\"}}}";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"anonymous\": {\"enabled\": false}}}", edited);
        }

        [Fact]
        public void Json_TwoSpaces_MissingAuthenticationIsAppendedPrettyPrinted()
        {
            string content = "{\n  \"kind\": \"KubeletConfiguration\",\n  \"featureGates\": {\n    \"RotateKubeletServerCertificate\": true\n  },\n  \"serverTLSBootstrap\": true\n}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\n  \"kind\": \"KubeletConfiguration\",\n  \"featureGates\": {\n    \"RotateKubeletServerCertificate\": true\n  },\n  \"serverTLSBootstrap\": true,\n  \"authentication\": {\n    \"anonymous\": {\n      \"enabled\": false\n    }\n  }\n}\n", edited);
            EditAssert.OnlyLinesChanged(
                content,
                edited,
                new[] { "  \"serverTLSBootstrap\": true" },
                new[] { "  \"serverTLSBootstrap\": true,", "  \"authentication\": {", "    \"anonymous\": {", "      \"enabled\": false", "    }", "  }" });
        }

        [Fact]
        public void Json_FourSpaces_MissingAnonymousIsInsertedAtDepth()
        {
            string content = "{\n    \"kind\": \"KubeletConfiguration\",\n    \"authentication\": {\n        \"webhook\": {\n            \"enabled\": true\n        }\n    }\n}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\n    \"kind\": \"KubeletConfiguration\",\n    \"authentication\": {\n        \"webhook\": {\n            \"enabled\": true\n        },\n        \"anonymous\": {\n            \"enabled\": false\n        }\n    }\n}\n", edited);
        }

        [Fact]
        public void Json_Tabs_MissingAuthenticationIsIndentedWithTabs()
        {
            string content = "{\n\t\"kind\": \"KubeletConfiguration\",\n\t\"logging\": {\n\t\t\"verbosity\": 2\n\t}\n}";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\n\t\"kind\": \"KubeletConfiguration\",\n\t\"logging\": {\n\t\t\"verbosity\": 2\n\t},\n\t\"authentication\": {\n\t\t\"anonymous\": {\n\t\t\t\"enabled\": false\n\t\t}\n\t}\n}", edited);
        }

        [Fact]
        public void Json_Tabs_ExistingValueChanges()
        {
            string content = "{\n\t\"kind\": \"KubeletConfiguration\",\n\t\"authentication\": {\n\t\t\"anonymous\": {\n\t\t\t\"enabled\": true\n\t\t}\n\t}\n}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal(content.Replace("\"enabled\": true", "\"enabled\": false"), edited);
        }

        [Fact]
        public void Json_Compact_MissingAuthenticationIsAppendedCompact()
        {
            string content = "{\"kind\":\"KubeletConfiguration\",\"cgroupDriver\":\"systemd\"}";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\"kind\":\"KubeletConfiguration\",\"cgroupDriver\":\"systemd\",\"authentication\":{\"anonymous\":{\"enabled\":false}}}", edited);
        }

        [Fact]
        public void Json_CompactWithSpaces_MissingAnonymousKeepsTheSpacing()
        {
            string content = "{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"webhook\": {\"enabled\": true}}}\n";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"webhook\": {\"enabled\": true}, \"anonymous\": {\"enabled\": false}}}\n", edited);
        }

        [Fact]
        public void Json_NullAnonymous_BecomesAnObject()
        {
            string content = "{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"anonymous\": null}}";

            string edited = EditAssert.DisableAnonymous(content);

            Assert.Equal("{\"kind\": \"KubeletConfiguration\", \"authentication\": {\"anonymous\": {\"enabled\": false}}}", edited);
        }
    }
}
