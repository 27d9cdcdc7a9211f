using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using KubeletCompliance.Cluster;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.StandIns;
using Xunit;

namespace KubeletCompliance.Live.Tests
{
    public sealed class ClusterAuditorTests : IClassFixture<TestCertificateAuthority>
    {
        private readonly TestCertificateAuthority _pki;

        public ClusterAuditorTests(TestCertificateAuthority pki)
        {
            _pki = pki;
        }

        private static FakeNode[] ThreeNodes() => new[]
        {
            new FakeNode("cp-1", false, labels: new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "", ["zone"] = "a" }) { InternalIP = "127.1.0.1" },
            new FakeNode("worker-1", true, labels: new Dictionary<string, string> { ["zone"] = "a" }) { InternalIP = "127.1.0.2" },
            new FakeNode("worker-2", false, labels: new Dictionary<string, string> { ["zone"] = "b" }) { InternalIP = "127.1.0.3" },
        };

        private static async Task<List<NodeConfigz>> AuditAsync(string kubeconfig, Action<ClusterAuditOptions> configure = null)
        {
            var options = new ClusterAuditOptions { KubeconfigPath = kubeconfig };
            configure?.Invoke(options);
            var results = new List<NodeConfigz>();
            await foreach (NodeConfigz result in ClusterAuditor.AuditNodes(options))
                results.Add(result);
            return results.OrderBy(r => r.NodeName, StringComparer.Ordinal).ToList();
        }

        [Fact]
        public async Task Bearer_token_reads_every_nodes_anonymous_setting_and_InternalIP()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write());

            Assert.Equal(new[] { "cp-1", "worker-1", "worker-2" }, results.Select(r => r.NodeName));
            Assert.Equal(new bool?[] { false, true, false }, results.Select(r => r.Enabled));
            Assert.Equal(new[] { "127.1.0.1", "127.1.0.2", "127.1.0.3" }, results.Select(r => r.InternalIP));
            Assert.All(results, r => Assert.Null(r.ErrorId));
            Assert.All(server.Identities, identity => Assert.Equal("token:" + ApiServerStandIn.ValidToken, identity));
        }

        [Fact]
        public async Task Client_certificate_given_inline_authenticates()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem)
                .WithClientCertificateData(_pki.ClientCertificatePem, _pki.ClientKeyPem);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write());

            Assert.Equal(3, results.Count(r => r.ErrorId == null));
            Assert.Contains(server.Identities, identity => identity.StartsWith("certificate:") && identity.Contains("CN=" + TestCertificateAuthority.ClientCommonName));
        }

        [Fact]
        public async Task Client_certificate_and_CA_given_as_files_authenticate()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityFile(_pki.CertificatePem)
                .WithClientCertificateFiles(_pki.ClientCertificatePem, _pki.ClientKeyPem);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write());

            Assert.Equal(3, results.Count(r => r.ErrorId == null));
            Assert.All(server.Identities, identity => Assert.StartsWith("certificate:", identity));
        }

        [Fact]
        public async Task Server_certificate_from_another_CA_is_refused_as_ApiServerUnreachable()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            var stranger = TestCertificateAuthority.Named("Some other CA");
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(stranger.CertificatePem).WithToken(ApiServerStandIn.ValidToken);

            var failure = await Assert.ThrowsAsync<ClusterAuditException>(() => AuditAsync(kubeconfig.Write()));

            Assert.Equal(ErrorIds.ApiServerUnreachable, failure.ErrorId);
            Assert.Contains("certificate-authority", failure.Message);
            Assert.Empty(server.Identities);
        }

        [Fact]
        public async Task Node_streaming_an_endless_configz_is_ConfigzTooLarge_and_the_others_still_answer()
        {
            var nodes = ThreeNodes().Append(new FakeNode("flood", false, ConfigzBehaviour.Endless) { InternalIP = "127.1.0.9" });
            await using var server = await ApiServerStandIn.StartAsync(_pki, nodes);
            using var kubeconfig = new Kubeconfig(server.Url).WithInsecureSkipTlsVerify().WithToken(ApiServerStandIn.ValidToken);
            long allocatedBefore = GC.GetTotalAllocatedBytes(true);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write(), o => o.RequestTimeout = TimeSpan.FromSeconds(60));

            Assert.Equal(ErrorIds.ConfigzTooLarge, results.Single(r => r.NodeName == "flood").ErrorId);
            Assert.Equal(3, results.Count(r => r.ErrorId == null));
            Assert.True(GC.GetTotalAllocatedBytes(true) - allocatedBefore < 512L * 1024 * 1024, "allocated without bound");
        }

        [Fact]
        public async Task A_kubeconfig_that_turns_off_TLS_verification_is_said_to_and_a_verifying_one_is_not()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var insecure = new Kubeconfig(server.Url).WithInsecureSkipTlsVerify().WithToken(ApiServerStandIn.ValidToken);
            using var verifying = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);

            Assert.True(ClusterAuditor.SkipsTlsVerification(new ClusterAuditOptions { KubeconfigPath = insecure.Write() }));
            Assert.False(ClusterAuditor.SkipsTlsVerification(new ClusterAuditOptions { KubeconfigPath = verifying.Write() }));
        }

        [Fact]
        public async Task Insecure_skip_tls_verify_connects_without_the_CA()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithInsecureSkipTlsVerify().WithToken(ApiServerStandIn.ValidToken);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write());

            Assert.Equal(3, results.Count(r => r.ErrorId == null));
        }

        [Fact]
        [UnsupportedOSPlatform("windows")]
        public async Task Exec_credential_plugin_token_is_what_the_API_server_sees()
        {
            const string pluginToken = "token-from-exec-plugin";
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes(), pluginToken);
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithExecPluginPrintingToken(pluginToken);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write());

            Assert.Equal(3, results.Count(r => r.ErrorId == null));
            Assert.NotEmpty(server.Identities);
            Assert.All(server.Identities, identity => Assert.Equal("token:" + pluginToken, identity));
        }

        [Fact]
        [UnsupportedOSPlatform("windows")]
        public async Task Failing_exec_credential_plugin_is_KubeconfigInvalid()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithFailingExecPlugin();

            var failure = await Assert.ThrowsAsync<ClusterAuditException>(() => AuditAsync(kubeconfig.Write()));

            Assert.Equal(ErrorIds.KubeconfigInvalid, failure.ErrorId);
            Assert.Contains("exec", failure.Message);
        }

        [Fact]
        public async Task Wrong_token_is_ApiServerUnauthorized()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken("stolen-or-expired");

            var failure = await Assert.ThrowsAsync<ClusterAuditException>(() => AuditAsync(kubeconfig.Write()));

            Assert.Equal(ErrorIds.ApiServerUnauthorized, failure.ErrorId);
        }

        [Fact]
        public async Task Identity_that_may_not_list_nodes_is_NodeListForbidden_naming_the_permission()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.NoListToken);

            var failure = await Assert.ThrowsAsync<ClusterAuditException>(() => AuditAsync(kubeconfig.Write()));

            Assert.Equal(ErrorIds.NodeListForbidden, failure.ErrorId);
            Assert.Contains("'list' on 'nodes'", failure.Message);
        }

        [Fact]
        public async Task Missing_kubeconfig_and_unknown_context_are_KubeconfigInvalid()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithToken(ApiServerStandIn.ValidToken);
            string path = kubeconfig.Write();

            var missing = await Assert.ThrowsAsync<ClusterAuditException>(() => AuditAsync(Path.Combine(kubeconfig.Folder, "absent")));
            var unknownContext = await Assert.ThrowsAsync<ClusterAuditException>(() => AuditAsync(path, o => o.Context = "production"));

            Assert.Equal(ErrorIds.KubeconfigInvalid, missing.ErrorId);
            Assert.Equal(ErrorIds.KubeconfigInvalid, unknownContext.ErrorId);
            Assert.Contains("production", unknownContext.Message);
        }

        [Fact]
        public async Task NodeName_wildcards_select_like_PowerShell_like()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);
            string path = kubeconfig.Write();

            List<NodeConfigz> workers = await AuditAsync(path, o => o.NodeName = new[] { "WORKER-*" });
            List<NodeConfigz> oneCharacter = await AuditAsync(path, o => o.NodeName = new[] { "worker-?", "cp-[0-9]" });
            List<NodeConfigz> none = await AuditAsync(path, o => o.NodeName = new[] { "worker" });

            Assert.Equal(new[] { "worker-1", "worker-2" }, workers.Select(r => r.NodeName));
            Assert.Equal(new[] { "cp-1", "worker-1", "worker-2" }, oneCharacter.Select(r => r.NodeName));
            Assert.Empty(none);
        }

        [Fact]
        public async Task LabelSelector_is_applied_by_the_API_server()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, ThreeNodes());
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);
            string path = kubeconfig.Write();

            List<NodeConfigz> zoneA = await AuditAsync(path, o => o.LabelSelector = "zone=a");
            List<NodeConfigz> zoneAWorkers = await AuditAsync(path, o => o.LabelSelector = "zone==a,node-role.kubernetes.io/control-plane!=");

            Assert.Equal(new[] { "cp-1", "worker-1" }, zoneA.Select(r => r.NodeName));
            Assert.Equal(new[] { "worker-1" }, zoneAWorkers.Select(r => r.NodeName));
        }

        [Fact]
        public async Task Forbidden_configz_is_ConfigzForbidden_naming_nodes_proxy_while_other_nodes_answer()
        {
            var nodes = ThreeNodes().Append(new FakeNode("locked", behaviour: ConfigzBehaviour.Forbidden));
            await using var server = await ApiServerStandIn.StartAsync(_pki, nodes);
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write());

            NodeConfigz locked = Assert.Single(results, r => r.NodeName == "locked");
            Assert.Equal(ErrorIds.ConfigzForbidden, locked.ErrorId);
            Assert.Equal(403, locked.StatusCode);
            Assert.Null(locked.Enabled);
            Assert.Contains("'get' on 'nodes/proxy'", locked.Error);
            Assert.Equal(3, results.Count(r => r.ErrorId == null));
        }

        [Fact]
        public async Task Configz_without_a_kubelet_configuration_is_ConfigzMalformed()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, new[] { new FakeNode("odd", behaviour: ConfigzBehaviour.NotKubeletConfig) });
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);

            NodeConfigz odd = Assert.Single(await AuditAsync(kubeconfig.Write()));

            Assert.Equal(ErrorIds.ConfigzMalformed, odd.ErrorId);
            Assert.Contains("kubeletconfig", odd.Error);
        }

        [Fact]
        public async Task Two_hundred_nodes_stream_past_a_slow_node_and_a_failing_one_within_the_throttle_limit()
        {
            var nodes = Enumerable.Range(1, 198).Select(i => new FakeNode("node-" + i.ToString("000"), i % 2 == 0)).ToList();
            nodes.Add(new FakeNode("slow", behaviour: ConfigzBehaviour.Slow));
            nodes.Add(new FakeNode("broken", behaviour: ConfigzBehaviour.KubeletDown));
            await using var server = await ApiServerStandIn.StartAsync(_pki, nodes);
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);
            var options = new ClusterAuditOptions { KubeconfigPath = kubeconfig.Write(), ThrottleLimit = 16 };

            var arrived = new List<NodeConfigz>();
            int arrivedBeforeSlowNodeAnswered = 0;
            await foreach (NodeConfigz result in ClusterAuditor.AuditNodes(options))
            {
                arrived.Add(result);
                if (!server.SlowNodesAnswered)
                    arrivedBeforeSlowNodeAnswered++;
                // The slow node answers only once everything else has been received, or after a long delay when
                // results were held back; so the count above tells streaming from collecting.
                if (arrived.Count == nodes.Count - 1)
                    server.ReleaseSlowNodes();
            }

            Assert.Equal(nodes.Count - 1, arrivedBeforeSlowNodeAnswered);
            Assert.Equal("slow", arrived.Last().NodeName);
            Assert.Equal(200, arrived.Select(r => r.NodeName).Distinct().Count());
            NodeConfigz broken = Assert.Single(arrived, r => r.ErrorId != null);
            Assert.Equal("broken", broken.NodeName);
            Assert.Equal(ErrorIds.ConfigzUnavailable, broken.ErrorId);
            Assert.Equal(503, broken.StatusCode);
            Assert.Equal(99, arrived.Count(r => r.Enabled == true));
            Assert.InRange(server.MostConfigzInFlight, 1, 16);
        }

        [Fact]
        public async Task Node_slower_than_the_request_timeout_is_ConfigzUnavailable()
        {
            await using var server = await ApiServerStandIn.StartAsync(_pki, new[] { new FakeNode("stuck", behaviour: ConfigzBehaviour.Slow), new FakeNode("fine") });
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);

            List<NodeConfigz> results = await AuditAsync(kubeconfig.Write(), o => o.RequestTimeout = TimeSpan.FromSeconds(1));

            Assert.False(server.SlowNodesAnswered);
            Assert.Null(results.Single(r => r.NodeName == "fine").ErrorId);
            NodeConfigz stuck = results.Single(r => r.NodeName == "stuck");
            Assert.Equal(ErrorIds.ConfigzUnavailable, stuck.ErrorId);
            Assert.Contains("no answer within 1 s", stuck.Error);
        }

        [Fact]
        public async Task Stopping_after_the_first_results_does_not_wait_for_the_remaining_nodes()
        {
            var nodes = Enumerable.Range(1, 50).Select(i => new FakeNode("node-" + i)).Append(new FakeNode("slow", behaviour: ConfigzBehaviour.Slow));
            await using var server = await ApiServerStandIn.StartAsync(_pki, nodes);
            using var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(_pki.CertificatePem).WithToken(ApiServerStandIn.ValidToken);
            var options = new ClusterAuditOptions { KubeconfigPath = kubeconfig.Write(), ThrottleLimit = 4 };

            var taken = new List<NodeConfigz>();
            await foreach (NodeConfigz result in ClusterAuditor.AuditNodes(options))
            {
                taken.Add(result);
                if (taken.Count == 3)
                    break;
            }

            Assert.Equal(3, taken.Count);
            Assert.False(server.SlowNodesAnswered);
        }

        [Theory]
        [InlineData(null, "/home/u/.kube/config")]
        [InlineData("", "/home/u/.kube/config")]
        [InlineData("/a/first:/b/second", "/a/first")]
        [InlineData(":/b/second", "/b/second")]
        public void Default_kubeconfig_is_the_first_KUBECONFIG_entry_else_home(string variable, string expected)
        {
            Assert.Equal(expected, ClusterAuditOptions.ResolveKubeconfigPath(variable, "/home/u"));
        }
    }
}
