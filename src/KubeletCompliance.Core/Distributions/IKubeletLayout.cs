using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Distributions
{
    /// <summary>One way a kubelet gets started on a node (a kubelet.service, k3s, RKE2, MicroK8s).</summary>
    public interface IKubeletLayout
    {
        /// <summary>The launch of a running process when this layout started it; null when the process is not its kubelet.</summary>
        KubeletLaunch FromProcess(NodeProcess process, INodeReader node);

        /// <summary>The launch the node's files describe for the next start; null when this layout is not installed.</summary>
        KubeletLaunch FromDisk(INodeReader node);

        /// <summary>The systemd services that run this layout's kubelet: a process in one of their control groups is trusted.</summary>
        System.Collections.Generic.IReadOnlyList<string> ServiceNames { get; }

        /// <summary>True when a process's short name says it is this layout's kubelet even though its argv is unreadable.</summary>
        bool ClaimsProcessName(string name);
    }
}
