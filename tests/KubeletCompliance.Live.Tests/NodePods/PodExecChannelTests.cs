using System;
using System.Linq;
using System.Text;
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
    public sealed class PodExecChannelTests : IClassFixture<TestCertificateAuthority>
    {
        private readonly TestCertificateAuthority _pki;

        public PodExecChannelTests(TestCertificateAuthority pki)
        {
            _pki = pki;
        }

        [NodePodFact]
        public async Task A_script_runs_in_the_pod_under_busybox_and_sees_the_node_root_read_only()
        {
            await using var cluster = await StandInCluster.StartAsync(_pki, new[] { new FakeNode("n1") { Root = RepositoryPaths.NodeFixture("kubeadm-current") } });
            using INodePodCluster pods = cluster.Connect();
            ClusterNode node = pods.SelectedNodes(CancellationToken.None).Single();
            using (IShellChannel channel = pods.OpenPod(node, writable: false, CancellationToken.None))
            {
                ShellResult result = channel.Run("cat /host/etc/hostname; id -u; readlink /bin/sh; touch /host/etc/x 2>&1; echo oops >&2; exit 3", null, false, CancellationToken.None);

                Assert.Equal(3, result.ExitCode);
                string[] lines = result.OutputText.Split('\n');
                Assert.Equal("kubeadm-cp-1", lines[0].Trim());
                Assert.Equal("0", lines[1]);
                Assert.Equal("busybox", lines[2]);
                Assert.Contains("Read-only file system", lines[3]);
                Assert.Equal("oops\n", result.Error);
                Assert.StartsWith("pod kubelet-compliance-read-n1-", channel.Description);
                Assert.Equal(1, cluster.PodsLeft);
            }

            Assert.Empty(pods.ConfirmDeletions());
            Assert.Equal(0, cluster.PodsLeft);
            Assert.Equal(new[] { PodExecStandIn.V5 }, cluster.Server.Exec.Protocols);
        }

        [NodePodFact]
        public async Task Standard_input_arrives_whole_and_ends_though_v4_cannot_close_it()
        {
            var options = new ApiServerOptions { ExecProtocols = new[] { PodExecStandIn.V4 } };
            await using var cluster = await StandInCluster.StartAsync(_pki, new[] { new FakeNode("n1") { Root = RepositoryPaths.NodeFixture("kubeadm-current") } }, options);
            using INodePodCluster pods = cluster.Connect();
            using IShellChannel channel = pods.OpenPod(pods.SelectedNodes(CancellationToken.None).Single(), writable: true, CancellationToken.None);
            byte[] input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line with 'quotes' and $dollars\n", 5000)));

            ShellResult result = channel.Run("sha256sum; echo done", input, false, CancellationToken.None);

            string expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input)).ToLowerInvariant();
            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith(expected, result.OutputText);
            Assert.EndsWith("done\n", result.OutputText);
            Assert.Equal(new[] { PodExecStandIn.V4 }, cluster.Server.Exec.Protocols);
        }
    }
}
