using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.StandIns;
using KubeletCompliance.StandIns.Pods;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.TestSupport;
using Xunit;

namespace KubeletCompliance.Live.Tests.NodePods
{
    /// <summary>An API server that throttles, restarts, or a user who presses Ctrl+C: the run goes on or ends cleanly, and no pod stays.</summary>
    public sealed class NodePodResilienceTests : IClassFixture<TestCertificateAuthority>
    {
        private readonly TestCertificateAuthority _pki;

        public NodePodResilienceTests(TestCertificateAuthority pki)
        {
            _pki = pki;
        }

        private static FakeNode[] Nodes(int count) =>
            Enumerable.Range(1, count).Select(i => new FakeNode("n" + i) { Root = RepositoryPaths.NodeFixture("kubeadm-current") }).ToArray();

        [NodePodFact]
        public async Task Answers_429_are_waited_out_for_Retry_After_and_counted()
        {
            var options = new ApiServerOptions { ThrottleEvery = 2, RetryAfterSeconds = 1 };
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(3), options);
            using INodePodCluster pods = cluster.Connect();

            foreach (ClusterNode node in pods.SelectedNodes(CancellationToken.None))
            {
                using IShellChannel channel = pods.OpenPod(node, writable: false, CancellationToken.None);
                Assert.Equal("kubeadm-cp-1\n", channel.Run("cat /host/etc/hostname", null, false, CancellationToken.None).OutputText);
            }

            Assert.True(cluster.Server.Throttled > 0);
            Assert.Equal(cluster.Server.Throttled, pods.Traffic.Throttled);
            Assert.Empty(pods.ConfirmDeletions());
            Assert.Equal(0, cluster.PodsLeft);
        }

        [NodePodFact]
        public async Task An_API_server_restart_while_a_pod_starts_is_ridden_out()
        {
            var options = new ApiServerOptions { PodTiming = new PodTiming { StartMinimum = TimeSpan.FromSeconds(2), StartMaximum = TimeSpan.FromSeconds(2) } };
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(1), options);
            using INodePodCluster pods = cluster.Connect();
            ClusterNode node = pods.SelectedNodes(CancellationToken.None).Single();

            Task<IShellChannel> opening = Task.Run(() => pods.OpenPod(node, writable: false, CancellationToken.None));
            await Task.Delay(500);
            await cluster.Server.RestartAsync(TimeSpan.FromMilliseconds(700));
            using IShellChannel channel = await opening;

            Assert.Equal(0, channel.Run("test -d /host/etc", null, false, CancellationToken.None).ExitCode);
            Assert.True(pods.Traffic.Retried > 0);
            channel.Dispose();
            Assert.Empty(pods.ConfirmDeletions());
            Assert.Equal(1, cluster.Server.Pods.Created);
            Assert.Equal(0, cluster.PodsLeft);
        }

        [NodePodFact]
        public async Task A_node_is_done_before_its_pod_deletion_is_answered_and_the_deletion_is_confirmed_later()
        {
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(1));
            using INodePodCluster pods = cluster.Connect();
            IShellChannel channel = pods.OpenPod(pods.SelectedNodes(CancellationToken.None).Single(), writable: false, CancellationToken.None);
            Assert.Equal(0, channel.Run("test -d /host/etc", null, false, CancellationToken.None).ExitCode);

            // While the API server is down the deletion is retried for seconds; the node's slot does not wait for it.
            Task restart = cluster.Server.RestartAsync(TimeSpan.FromSeconds(3));
            await Task.Delay(300);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            channel.Dispose();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), "Disposing the channel took " + clock.Elapsed);
            Assert.Equal(1, cluster.PodsLeft);

            await restart;
            Assert.Empty(pods.ConfirmDeletions());
            Assert.Equal(0, cluster.PodsLeft);
            Assert.True(pods.Traffic.Retried > 0);
        }

        [NodePodFact]
        public async Task Ctrl_C_while_a_pod_starts_deletes_the_pod()
        {
            var options = new ApiServerOptions { PodTiming = new PodTiming { StartMinimum = TimeSpan.FromSeconds(5), StartMaximum = TimeSpan.FromSeconds(5) } };
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(1), options);
            using INodePodCluster pods = cluster.Connect();
            ClusterNode node = pods.SelectedNodes(CancellationToken.None).Single();
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

            Assert.ThrowsAny<OperationCanceledException>(() => pods.OpenPod(node, writable: false, stop.Token));

            Assert.Equal(1, cluster.Server.Pods.Created);
            Assert.Equal(0, cluster.PodsLeft);
        }

        [NodePodFact]
        public async Task Ctrl_C_while_the_create_is_on_its_way_deletes_the_pod_it_made()
        {
            // Every answer leaves 2 s after the request was carried out: the pod is made, the client gives up before it hears so.
            var options = new ApiServerOptions { AnswerDelay = TimeSpan.FromSeconds(2), PodTiming = new PodTiming { StartMinimum = TimeSpan.FromSeconds(10), StartMaximum = TimeSpan.FromSeconds(10) } };
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(1), options);
            using INodePodCluster pods = cluster.Connect();
            ClusterNode node = pods.SelectedNodes(CancellationToken.None).Single();
            // Serializing the first pod takes a while in a fresh process; done here, the create leaves at once.
            k8s.KubernetesJson.Serialize(KubeletCompliance.Cluster.NodePods.NodePodManifest.Build("warm-up", false, new NodePodRequest()));
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

            Assert.ThrowsAny<OperationCanceledException>(() => pods.OpenPod(node, writable: false, stop.Token));

            Assert.Equal(1, cluster.Server.Pods.Created);
            Assert.Equal(0, cluster.PodsLeft);
        }

        [NodePodFact]
        public async Task Disposing_the_cluster_after_Ctrl_C_waits_for_each_starting_pod_to_be_deleted()
        {
            var options = new ApiServerOptions { Latency = TimeSpan.FromMilliseconds(500), PodTiming = new PodTiming { StartMinimum = TimeSpan.FromSeconds(10), StartMaximum = TimeSpan.FromSeconds(10) } };
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(1), options);
            INodePodCluster pods = cluster.Connect();
            ClusterNode node = pods.SelectedNodes(CancellationToken.None).Single();
            using var stop = new CancellationTokenSource();
            Task opening = Task.Run(() => pods.OpenPod(node, writable: false, stop.Token));
            for (int i = 0; i < 100 && cluster.PodsLeft == 0; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(1, cluster.PodsLeft);
            stop.Cancel();
            pods.Dispose();

            // The pod's deletion (sent as the start was cancelled) took a slow round trip; Dispose returned after it.
            Assert.Equal(0, cluster.PodsLeft);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening);
        }

        [NodePodFact]
        public async Task A_pod_that_cannot_be_deleted_is_reported_not_forgotten()
        {
            await using var cluster = await StandInCluster.StartAsync(_pki, Nodes(1), token: ApiServerStandIn.NoDeleteToken);
            using INodePodCluster pods = cluster.Connect();
            using (pods.OpenPod(pods.SelectedNodes(CancellationToken.None).Single(), writable: false, CancellationToken.None))
            {
            }

            string undeleted = Assert.Single(pods.ConfirmDeletions());
            Assert.Contains("'delete' on 'pods'", undeleted);
            Assert.Equal(1, cluster.PodsLeft);
        }
    }
}
