using System;
using System.Linq;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Distributions
{
    /// <summary>The distribution names reported in the Distribution property, and how a systemd-run kubelet is recognised.</summary>
    public static class Distribution
    {
        public const string Kubeadm = "kubeadm";
        public const string Eks = "EKS";
        public const string Gke = "GKE";
        public const string Aks = "AKS";
        public const string K3s = "k3s";
        public const string Rke2 = "RKE2";
        public const string MicroK8s = "MicroK8s";
        public const string OpenShift = "OpenShift";
        public const string Generic = "Generic";

        /// <summary>
        /// Names the distribution of a kubelet.service kubelet from the files that describe it: each managed
        /// distribution leaves a mark no other writes (a program, a variable, a path of its own).
        /// </summary>
        public static string Recognize(KubeletLaunch launch, KubeletLaunch onDisk, INodeReader node)
        {
            var argv = launch.CommandLine;
            var files = onDisk?.DescribingFiles ?? launch.DescribingFiles;

            // Releases before kubenswrapper ran 'hyperkube kubelet'; the MCO's unit has always read node-sizing.env.
            if (argv.Any(a => a.EndsWith("kubenswrapper", StringComparison.Ordinal)) || files.Contains("/etc/node-sizing.env"))
            {
                return OpenShift;
            }

            var variables = (onDisk ?? launch).KubeletArguments.Select(w => w.Origin.Variable).Where(v => v != null).ToList();
            bool Mentions(string fragment) => argv.Any(a => a.Contains(fragment));

            if (variables.Contains("NODEADM_KUBELET_ARGS") || files.Any(f => f.StartsWith("/etc/eks/", StringComparison.Ordinal))
                || Mentions("/etc/kubernetes/kubelet/"))
            {
                return Eks;
            }

            if (variables.Contains("KUBELET_FLAGS") || variables.Contains("KUBELET_CONFIG_FILE_FLAGS") || Mentions("/etc/default/kubeletconfig.json"))
            {
                return Aks;
            }

            if (variables.Contains("KUBELET_OPTS") || Mentions("/home/kubernetes/"))
            {
                return Gke;
            }

            if (files.Any(f => f.EndsWith("/10-kubeadm.conf", StringComparison.Ordinal) || f == "/var/lib/kubelet/kubeadm-flags.env")
                || variables.Contains("KUBELET_KUBEADM_ARGS") || variables.Contains("KUBELET_SYSTEM_PODS_ARGS"))
            {
                return Kubeadm;
            }

            return Generic;
        }
    }
}
