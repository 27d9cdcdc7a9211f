using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Transports.NodePods
{
    /// <summary>
    /// A cluster node through a pod on it: the SSH transport's shell reader and writer over the pod's exec channel,
    /// below the host root the pod mounts. No service control from inside a pod. Disposing it deletes the pod.
    /// </summary>
    public sealed class NodePodSession : INodeSession
    {
        private readonly IShellChannel channel;
        private SshNodeReader evidence;
        private SshNodeWriter writer;

        public NodePodSession(IShellChannel channel, string nodeName)
        {
            this.channel = channel;
            NodeName = nodeName;
        }

        public string NodeName { get; }

        public INodeReader Evidence => evidence ?? (evidence = Reader());

        public INodeReader ReadAgain() => evidence = Reader();

        public INodeWriter Files => writer ?? (writer = new SshNodeWriter(channel, NodePodRequest.HostRoot, SudoMode.Never));

        public IKubeletService KubeletService(string healthzUrl) => null;

        public void Dispose() => channel.Dispose();

        private SshNodeReader Reader() => new SshNodeReader(channel, NodePodRequest.HostRoot, SudoMode.Never);
    }
}
