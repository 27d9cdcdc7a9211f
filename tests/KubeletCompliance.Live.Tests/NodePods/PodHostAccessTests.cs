using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.StandIns;
using KubeletCompliance.StandIns.Pods;
using KubeletCompliance.TestSupport;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;
using Xunit;

namespace KubeletCompliance.Live.Tests.NodePods
{
    /// <summary>Only the pod of Set- -Restart may enter the host's namespaces to reach its systemd; an audit's pod, or a fix's without -Restart, may not.</summary>
    public sealed class PodHostAccessTests : IClassFixture<TestCertificateAuthority>
    {
        private const string Reload = "nsenter -t 1 -m -- systemctl daemon-reload 2>&1";
        private readonly TestCertificateAuthority _pki;

        public PodHostAccessTests(TestCertificateAuthority pki)
        {
            _pki = pki;
        }

        [NodePodFact]
        public async Task Only_the_restart_pod_reaches_the_hosts_systemd()
        {
            using var tree = new TemporaryTree(RepositoryPaths.NodeFixture("kubeadm-1.10"));
            await using var cluster = await StandInCluster.StartAsync(_pki, new[] { new FakeNode("n1") { Root = tree.Path } });
            var request = new NodePodRequest { PodStartTimeout = TimeSpan.FromSeconds(20), OperationTimeout = TimeSpan.FromSeconds(20) };
            foreach (var (writable, restarts) in new[] { (false, false), (true, false), (false, true) })
            {
                request.RestartsKubelet = restarts;
                using INodePodCluster pods = cluster.Connect(request);
                using IShellChannel channel = pods.OpenPod(pods.SelectedNodes(CancellationToken.None).Single(), writable, CancellationToken.None);
                ShellResult denied = channel.Run(Reload, null, true, CancellationToken.None);
                Assert.Equal(1, denied.ExitCode);
                Assert.Contains("Operation not permitted", denied.OutputText);
            }

            Assert.False(File.Exists(Path.Combine(tree.Path, NodeSystemdStandIn.StateFolder, "journal")));
            request.RestartsKubelet = true;
            using (INodePodCluster pods = cluster.Connect(request))
            using (IShellChannel channel = pods.OpenPod(pods.SelectedNodes(CancellationToken.None).Single(), writable: true, CancellationToken.None))
            {
                ShellResult allowed = channel.Run(Reload, null, true, CancellationToken.None);
                Assert.Equal(0, allowed.ExitCode);
            }

            Assert.Equal(new[] { "daemon-reload" }, File.ReadAllLines(Path.Combine(tree.Path, NodeSystemdStandIn.StateFolder, "journal")));
        }

        /// <summary>A copy of a fixture tree the test may change.</summary>
        private sealed class TemporaryTree : IDisposable
        {
            public TemporaryTree(string source)
            {
                Path = Directory.CreateTempSubdirectory("kc-host-access-").FullName;
                foreach (string directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
                {
                    Directory.CreateDirectory(System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, directory)));
                }

                foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                {
                    File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file)));
                }
            }

            public string Path { get; }

            public void Dispose() => Directory.Delete(Path, true);
        }
    }
}
