using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.NodePods
{
    /// <summary>How the short-lived pods that read (and, for a fix, write) a node's files are made.</summary>
    public sealed class NodePodRequest
    {
        /// <summary>
        /// busybox 1.36.1 (glibc variant) by its multi-architecture index digest: a POSIX sh with every tool the shell
        /// scripts use, about 2 MB, no package manager; the digest makes every node run exactly the same bytes.
        /// </summary>
        public const string DefaultImage = "docker.io/library/busybox:1.36.1@sha256:73aaf090f3d85aa34ee199857f03fa3a95c8ede2ffd4cc2cdb5b94e566b11662";

        /// <summary>Where the pod mounts the host's root; the shell scripts read and write below it.</summary>
        public const string HostRoot = "/host";

        /// <summary>Created by deploy/node-pods.yaml with the Pod Security label these pods need; the module creates no namespace.</summary>
        public const string DefaultNamespace = "kubelet-compliance";

        public string Image { get; set; } = DefaultImage;
        public string Namespace { get; set; } = DefaultNamespace;
        /// <summary>From creation until the container runs (image pull included); a pod slower than this fails its node.</summary>
        public TimeSpan PodStartTimeout { get; set; } = TimeSpan.FromSeconds(120);
        /// <summary>One script's run through exec.</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>
        /// Set- -Restart: the read-write pod also gets what nsenter into the host's namespaces needs, to run the host's
        /// systemctl and reach the kubelet's healthz. Never for an audit's pod.
        /// </summary>
        public bool RestartsKubelet { get; set; }
        /// <summary>The most one script may send back.</summary>
        public long MaxOutputBytes { get; set; } = 16 * 1024 * 1024;
    }

    /// <summary>A node as the node list gives it: enough to decide whether a pod can read it.</summary>
    public sealed class ClusterNode
    {
        public ClusterNode(string name, string internalIP, string operatingSystem, bool ready, string readiness)
        {
            Name = name;
            InternalIP = internalIP;
            OperatingSystem = operatingSystem;
            Ready = ready;
            Readiness = readiness;
        }

        public string Name { get; }
        public string InternalIP { get; }
        /// <summary>The kubernetes.io/os label (or nodeInfo.operatingSystem): "linux", "windows".</summary>
        public string OperatingSystem { get; }
        public bool Ready { get; }
        /// <summary>The Ready condition's status, reason and message, for a node that is not ready.</summary>
        public string Readiness { get; }
    }

    /// <summary>One node pod as the API server lists it.</summary>
    public sealed class NodePodInfo
    {
        public NodePodInfo(string name, string @namespace, string nodeName, string component, string phase, DateTime? created)
        {
            Name = name;
            Namespace = @namespace;
            NodeName = nodeName;
            Component = component;
            Phase = phase;
            Created = created;
        }

        public string Name { get; }
        public string Namespace { get; }
        public string NodeName { get; }
        /// <summary>node-reader (an audit, -WhatIf) or node-writer (Set-/Restore-).</summary>
        public string Component { get; }
        public string Phase { get; }
        /// <summary>UTC; null when the API server gave none.</summary>
        public DateTime? Created { get; }
    }

    /// <summary>What the API server cost: requests made, 429 answers waited out, retries after a lost connection.</summary>
    public sealed class ApiTraffic
    {
        private long _requests;
        private long _throttled;
        private long _retried;

        public long Requests => Interlocked.Read(ref _requests);
        public long Throttled => Interlocked.Read(ref _throttled);
        public long Retried => Interlocked.Read(ref _retried);

        public void CountRequest() => Interlocked.Increment(ref _requests);
        public void CountThrottled() => Interlocked.Increment(ref _throttled);
        public void CountRetry() => Interlocked.Increment(ref _retried);
    }

    /// <summary>
    /// Cluster mode's node pods, behind an interface because the implementation (KubeletCompliance.Cluster, on the
    /// official Kubernetes client) needs .NET 8 and is loaded by name. One instance holds one API client for a run.
    /// </summary>
    public interface INodePodCluster : IDisposable
    {
        /// <summary>The nodes the request selects (names, label selector), in the API server's order.</summary>
        IReadOnlyList<ClusterNode> SelectedNodes(CancellationToken cancellationToken);

        /// <summary>One node by name; null when the API server has no such node.</summary>
        ClusterNode Node(string name, CancellationToken cancellationToken);

        /// <summary>
        /// Creates a pod on the node and waits until it runs; the channel runs scripts in it and starts its deletion
        /// when disposed. <paramref name="writable"/> mounts the host's root read-write (Set-/Restore-), otherwise read-only.
        /// Throws <see cref="NodeAccessException"/> with a stable id when no pod can run there.
        /// </summary>
        IShellChannel OpenPod(ClusterNode node, bool writable, CancellationToken cancellationToken);

        /// <summary>
        /// The node's running kubelet configuration as its /configz reports it (nodes/proxy through the API server), to
        /// cross-check what the files resolve to; a refusal (403) or an unreachable kubelet comes back as its ErrorId, never thrown.
        /// </summary>
        Task<LiveNodeSetting> ConfigzAsync(ClusterNode node, CancellationToken cancellationToken);

        /// <summary>
        /// The module's node pods in the namespace (found by their label): those a killed run left, and those of a run in
        /// progress. Throws <see cref="NodeAccessException"/> (PodForbidden, NamespaceNotFound, ApiServerUnavailable).
        /// </summary>
        IReadOnlyList<NodePodInfo> ListPods(CancellationToken cancellationToken);

        /// <summary>Deletes one node pod at once (grace period 0); false when it was already gone. Throws <see cref="NodeAccessException"/>.</summary>
        bool RemovePod(NodePodInfo pod, CancellationToken cancellationToken);

        /// <summary>
        /// Waits until every pod whose channel was disposed is deleted (a channel's disposal only starts it, so the
        /// node's slot is free at once) and every pod still starting has either started or been deleted, and returns
        /// the pods this run could not delete, each with the reason; they end by their activeDeadlineSeconds. Dispose
        /// waits the same way, so a cancelled run (Ctrl+C) leaves no pod behind.
        /// </summary>
        IReadOnlyList<string> ConfirmDeletions();

        ApiTraffic Traffic { get; }
    }

    /// <summary>The by-name entry point of KubeletCompliance.Cluster's node pods.</summary>
    public interface INodePodClusterFactory
    {
        /// <exception cref="ClusterAuditFailure">The kubeconfig or its credentials cannot be used.</exception>
        INodePodCluster Connect(ClusterAuditRequest request, NodePodRequest pods);
    }
}
