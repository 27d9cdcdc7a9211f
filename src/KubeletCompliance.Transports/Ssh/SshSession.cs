using System;
using System.Threading;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// A remote node over one SSH connection, shared by its reader and writer; with a remote root, a node image on
    /// that host (a file tree: nothing to restart). Disposing it closes the connection.
    /// </summary>
    public sealed class SshSession : INodeSession
    {
        private readonly SshConnection connection;
        private ShellNodeReader evidence;
        private ShellNodeWriter writer;

        private SshSession(SshConnection connection, string nodeName)
        {
            this.connection = connection;
            NodeName = nodeName;
        }

        /// <summary>Connects (host key check and authentication happen here).</summary>
        /// <param name="nodeName">The name the node was given by (with its user@ and :port), so a result reaches it again.</param>
        /// <param name="lifetime">Ctrl+C: stops the connection attempt and every later command on the connection.</param>
        public static SshSession Open(SshConnectionOptions options, string nodeName, CancellationToken lifetime) =>
            new SshSession(SshConnection.Open(options, lifetime), nodeName);

        public string NodeName { get; }

        public INodeReader Evidence => evidence ?? (evidence = Reader());

        public INodeReader ReadAgain() => evidence = Reader();

        public INodeWriter Files => writer ?? (writer = new ShellNodeWriter(connection, connection.Options.RemoteRoot, connection.Options.UseSudo));

        public IKubeletService KubeletService(string healthzUrl)
        {
            string root = connection.Options.RemoteRoot;
            bool fileTree = !string.IsNullOrEmpty(root) && root != "/";
            return fileTree ? null : new SystemdService(Files, healthz: healthzUrl == null ? null : new Uri(healthzUrl), remote: true);
        }

        public void Dispose() => connection.Dispose();

        private ShellNodeReader Reader() => new ShellNodeReader(connection, connection.Options.RemoteRoot, connection.Options.UseSudo);
    }
}
