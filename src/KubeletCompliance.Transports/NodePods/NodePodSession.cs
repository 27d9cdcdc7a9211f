using System;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.NodePods
{
    /// <summary>
    /// A cluster node through a pod on it: the shell reader and writer over the pod's exec channel, below the host root
    /// the pod mounts; the node's systemd only for a pod made to restart the kubelet. Disposing it deletes the pod.
    /// </summary>
    public sealed class NodePodSession : INodeSession
    {
        private readonly IShellChannel channel;
        private ShellNodeReader evidence;
        private ShellNodeWriter writer;

        private readonly bool restarts;

        /// <param name="restarts">The pod was made for Set- -Restart (read-only under -WhatIf, where nothing is run).</param>
        public NodePodSession(IShellChannel channel, string nodeName, bool restarts = false)
        {
            this.channel = channel;
            NodeName = nodeName;
            this.restarts = restarts;
        }

        public string NodeName { get; }

        public INodeReader Evidence => evidence ?? (evidence = Reader());

        public INodeReader ReadAgain() => evidence = Reader();

        public INodeWriter Files => writer ?? (writer = new ShellNodeWriter(channel, NodePodRequest.HostRoot, SudoMode.Never));

        public IKubeletService KubeletService(string healthzUrl) =>
            restarts ? new PodKubeletService(channel, healthzUrl == null ? null : new Uri(healthzUrl)) : null;

        public void Dispose() => channel.Dispose();

        private ShellNodeReader Reader() => new ShellNodeReader(channel, NodePodRequest.HostRoot, SudoMode.Never);
    }
}
