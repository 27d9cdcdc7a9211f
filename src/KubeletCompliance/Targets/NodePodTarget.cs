using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Transports.NodePods;

namespace KubeletCompliance.Targets
{
    /// <summary>
    /// A cluster node read (or changed) through a short-lived pod on it: the same shell scripts as over SSH, run by
    /// pods/exec. Opening creates the pod and waits until it runs; disposing the session deletes it.
    /// </summary>
    internal sealed class NodePodTarget : NodeTarget
    {
        private readonly INodePodCluster cluster;
        private readonly ClusterNode node;
        private readonly bool writable;
        private readonly bool restarts;

        /// <param name="restarts">Set- -Restart: the session offers the node's kubelet service (the pod's capabilities come from the cluster's NodePodRequest).</param>
        public NodePodTarget(INodePodCluster cluster, ClusterNode node, bool writable, bool restarts = false)
        {
            this.cluster = cluster;
            this.node = node;
            this.writable = writable;
            this.restarts = restarts;
        }

        public override string DisplayName => node.Name;

        public override string Transport => NodeTransports.NodePod;

        public override string ProbeAddress => node.InternalIP;

        public override Task<LiveNodeSetting> ReadConfigzAsync(CancellationToken cancellation) => cluster.ConfigzAsync(node, cancellation);

        public override INodeSession Open(CancellationToken cancellation) => new NodePodSession(cluster.OpenPod(node, writable, cancellation), node.Name, restarts);

        /// <summary>Loads KubeletCompliance.Cluster (.NET 8 only) by name and connects with the kubeconfig.</summary>
        public static INodePodCluster Connect(ClusterAuditRequest request, NodePodRequest pods)
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                throw new PlatformNotSupportedException("Node pods (-ReadNodeFiles, -Kubeconfig on Set-/Restore-) need PowerShell 7.4 or later: the Kubernetes client does not run on Windows PowerShell 5.1.");
            }

            var assembly = Assembly.Load(new AssemblyName("KubeletCompliance.Cluster"));
            var factory = (INodePodClusterFactory)Activator.CreateInstance(assembly.GetType("KubeletCompliance.Cluster.NodePods.NodePodClusterFactory", throwOnError: true));
            return factory.Connect(request, pods);
        }
    }
}
