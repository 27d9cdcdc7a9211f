using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Systemd;

namespace KubeletCompliance.Core.Distributions
{
    /// <summary>
    /// Paths the known layouts usually read, fetched in a remote node's first round trip. Only an optimisation:
    /// anything else the resolver needs is fetched in later rounds (see RoundTripResolver).
    /// </summary>
    public static class LikelyEvidence
    {
        private static IReadOnlyList<string> Services => KubeletLayouts.Services;

        public static IReadOnlyList<string> Files { get; } = ServiceDefinition.SearchPath
            .SelectMany(folder => Services.Select(service => folder + "/" + service))
            .Concat(new[]
            {
                "/etc/hostname",
                "/etc/default/kubelet",
                "/etc/sysconfig/kubelet",
                "/var/lib/kubelet/kubeadm-flags.env",
                "/var/lib/kubelet/config.yaml",
                "/etc/kubernetes/kubelet/kubelet-config.json",
                "/etc/kubernetes/kubelet/config.json",
                "/etc/eks/kubelet/environment",
                "/home/kubernetes/kubelet-config.yaml",
                "/etc/default/kubeletconfig.json",
                "/etc/kubernetes/kubelet.conf",
                "/etc/rancher/k3s/config.yaml",
                "/etc/rancher/rke2/config.yaml",
                "/var/snap/microk8s/current/args/kubelet",
            })
            .ToList();

        public static IReadOnlyList<string> Directories { get; } = ServiceDefinition.SearchPath
            .SelectMany(folder => Services.Select(service => folder + "/" + service + ".d"))
            .ToList();
    }
}
