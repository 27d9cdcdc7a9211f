using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.NodePods
{
    /// <summary>
    /// A cluster node through a pod on it: the shell reader and writer over the pod's exec channel,
    /// below the host root the pod mounts. No service control from inside a pod. Disposing it deletes the pod.
    /// </summary>
    public sealed class NodePodSession : INodeSession
    {
        private readonly IShellChannel channel;
        private ShellNodeReader evidence;
        private ShellNodeWriter writer;

        public NodePodSession(IShellChannel channel, string nodeName)
        {
            this.channel = channel;
            NodeName = nodeName;
        }

        public string NodeName { get; }

        public INodeReader Evidence => evidence ?? (evidence = Reader());

        public INodeReader ReadAgain() => evidence = Reader();

        public INodeWriter Files => writer ?? (writer = new ShellNodeWriter(channel, NodePodRequest.HostRoot, SudoMode.Never));

        public IKubeletService KubeletService(string healthzUrl) => null;

        public void Dispose() => channel.Dispose();

        private ShellNodeReader Reader() => new ShellNodeReader(channel, NodePodRequest.HostRoot, SudoMode.Never);
    }
}
