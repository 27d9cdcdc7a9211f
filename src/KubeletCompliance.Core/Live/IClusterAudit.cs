using System;
using System.Collections.Generic;
using System.Threading;

namespace KubeletCompliance.Core.Live
{
    /// <summary>What the user asked cluster mode to read.</summary>
    public sealed class ClusterAuditRequest
    {
        /// <summary>Null for the default ($KUBECONFIG, else ~/.kube/config).</summary>
        public string KubeconfigPath { get; set; }
        public string Context { get; set; }
        public IList<string> NodeNamePatterns { get; set; } = new List<string>();
        public string LabelSelector { get; set; }
        public int ThrottleLimit { get; set; } = 32;
        /// <summary>How long one API server request (the node list, one node's /configz) may take.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>One node's running kubelet configuration as /configz reports it, or why it could not be read.</summary>
    public sealed class LiveNodeSetting
    {
        public string NodeName { get; init; }
        public string InternalIP { get; init; }
        public bool? Enabled { get; init; }
        public string ErrorId { get; init; }
        public string Error { get; set; }
    }

    /// <summary>A failure that stops the whole cluster audit (kubeconfig, credentials, node list).</summary>
    public sealed class ClusterAuditFailure : Exception
    {
        public ClusterAuditFailure(string errorId, string message, Exception inner)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }

    /// <summary>
    /// Cluster mode, behind an interface because its implementation (KubeletCompliance.Cluster, on the official
    /// Kubernetes client) needs .NET 8: the netstandard2.0 cmdlet assembly loads it by name only on PowerShell 7.
    /// </summary>
    public interface IClusterAudit
    {
        /// <summary>Calls <paramref name="onNode"/> for each node as soon as it has answered; throws <see cref="ClusterAuditFailure"/> when no node can be asked.</summary>
        void Run(ClusterAuditRequest request, Action<LiveNodeSetting> onNode, CancellationToken cancellationToken);

        /// <summary>
        /// True when the kubeconfig turns off TLS verification: its credentials then go to a server whose certificate
        /// nobody checked. False when the kubeconfig cannot be read (<see cref="Run"/> reports why).
        /// </summary>
        bool SkipsTlsVerification(ClusterAuditRequest request);
    }
}
