using System;
using System.Collections.Generic;
using System.IO;

namespace KubeletCompliance.Cluster
{
    public sealed class ClusterAuditOptions
    {
        public const int DefaultThrottleLimit = 32;

        /// <summary>Null means <see cref="DefaultKubeconfigPath"/>.</summary>
        public string KubeconfigPath { get; set; }
        /// <summary>Null means the kubeconfig's current-context.</summary>
        public string Context { get; set; }
        /// <summary>PowerShell <c>-like</c> patterns (<c>*</c>, <c>?</c>, <c>[a-z]</c>, case-insensitive); a node is audited when any matches. Empty means every node.</summary>
        public IList<string> NodeName { get; set; } = new List<string>();
        /// <summary>Passed to the API server as it is, e.g. <c>node-role.kubernetes.io/worker=,topology.kubernetes.io/zone=a</c>.</summary>
        public string LabelSelector { get; set; }
        /// <summary>How many nodes are asked at once.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;
        /// <summary>How long one request to the API server may take; a node slower than this is reported as ConfigzUnavailable.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The most one /configz answer may hold: a kubelet configuration is a few kilobytes.</summary>
        public int MaxConfigzBytes { get; set; } = 1024 * 1024;

        /// <summary>What kubectl reads: the first entry of $KUBECONFIG, else ~/.kube/config.</summary>
        public static string DefaultKubeconfigPath() =>
            ResolveKubeconfigPath(Environment.GetEnvironmentVariable("KUBECONFIG"),
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

        internal static string ResolveKubeconfigPath(string kubeconfigVariable, string home)
        {
            if (!string.IsNullOrEmpty(kubeconfigVariable))
            {
                foreach (string entry in kubeconfigVariable.Split(Path.PathSeparator))
                {
                    if (entry.Length > 0)
                        return entry;
                }
            }
            return Path.Combine(home, ".kube", "config");
        }
    }
}
