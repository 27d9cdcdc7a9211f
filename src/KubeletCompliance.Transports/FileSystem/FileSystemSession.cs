using System;
using System.IO;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>
    /// A node whose file system is reachable here: this machine (a running node, with systemd), or a node image
    /// mounted or unpacked below a folder (a file tree: nothing to restart). Reads are live, so there is nothing to
    /// forget after a change.
    /// </summary>
    public sealed class FileSystemSession : INodeSession
    {
        private readonly FileSystemNode node;
        private readonly bool running;
        private readonly string fallbackName;
        private FileSystemNodeWriter writer;
        private string nodeName;

        private FileSystemSession(FileSystemNode node, bool running, string fallbackName)
        {
            this.node = node;
            this.running = running;
            this.fallbackName = fallbackName;
        }

        /// <summary>This machine.</summary>
        public static FileSystemSession Local() => new FileSystemSession(FileSystemNode.Local(), true, Environment.MachineName);

        /// <summary>A node image below <paramref name="root"/>.</summary>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        public static FileSystemSession OpenRoot(string root)
        {
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"The node root '{root}' does not exist or is not a directory.");
            }

            return new FileSystemSession(new FileSystemNode(root), false, root);
        }

        /// <summary>The first line of the node's /etc/hostname; this machine's name or the root folder when it has none.</summary>
        public string NodeName => nodeName ?? (nodeName = ReadHostName() ?? fallbackName);

        public INodeReader Evidence => node;

        public INodeReader ReadAgain() => node;

        public INodeWriter Files => writer ?? (writer = new FileSystemNodeWriter(node));

        public IKubeletService KubeletService(string healthzUrl) =>
            running ? new SystemdService(Files, healthz: healthzUrl == null ? null : new Uri(healthzUrl)) : null;

        public void Dispose()
        {
        }

        private string ReadHostName()
        {
            var hostname = node.ReadFile("/etc/hostname");
            string name = hostname.Exists ? hostname.Content.Split('\n')[0].Trim() : string.Empty;
            return name.Length > 0 ? name : null;
        }
    }
}
