using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using KubeletCompliance.Cluster.NodePods;
using KubeletCompliance.Core.Live;
using KubeletCompliance.StandIns;
using KubeletCompliance.Transports.NodePods;

namespace KubeletCompliance.Live.Tests.NodePods
{
    /// <summary>An API server stand-in with nodes whose files are fixture trees, and a kubeconfig for it.</summary>
    public sealed class StandInCluster : IAsyncDisposable
    {
        private StandInCluster(ApiServerStandIn server, Kubeconfig kubeconfig, string path)
        {
            Server = server;
            Kubeconfig = kubeconfig;
            KubeconfigPath = path;
        }

        public ApiServerStandIn Server { get; }
        public Kubeconfig Kubeconfig { get; }
        public string KubeconfigPath { get; }

        public static async Task<StandInCluster> StartAsync(TestCertificateAuthority pki, IEnumerable<FakeNode> nodes, ApiServerOptions options = null, string token = ApiServerStandIn.ValidToken)
        {
            ApiServerStandIn server = await ApiServerStandIn.StartAsync(pki, nodes, options ?? new ApiServerOptions());
            var kubeconfig = new Kubeconfig(server.Url).WithCertificateAuthorityData(pki.CertificatePem).WithToken(token);
            return new StandInCluster(server, kubeconfig, kubeconfig.Write());
        }

        public INodePodCluster Connect(NodePodRequest pods = null, params string[] nodeNames) =>
            new NodePodClusterFactory().Connect(new ClusterAuditRequest { KubeconfigPath = KubeconfigPath, NodeNamePatterns = nodeNames.ToList() },
                pods ?? new NodePodRequest { PodStartTimeout = TimeSpan.FromSeconds(20), OperationTimeout = TimeSpan.FromSeconds(20) });

        public int PodsLeft => Server.Pods.Snapshot().Count;

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Kubeconfig.Dispose();
        }
    }
}
