using System;
using System.IO;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.FileSystem;

namespace KubeletCompliance.Auditing
{
    /// <summary>A node to audit and how to reach it. Opening it is the only step that differs between transports.</summary>
    internal abstract class NodeTarget
    {
        /// <summary>What the user named (a host, a root folder); the ErrorRecord target when the node fails.</summary>
        public abstract string DisplayName { get; }

        /// <summary>The -Root folder, or empty; carried to the output so Set-KubeletAnonymousAuth can bind it.</summary>
        public virtual string Root => string.Empty;

        public abstract INodeReader Open();

        /// <summary>The writer for a node opened with <see cref="Open"/>, through the same transport.</summary>
        public abstract INodeWriter OpenWriter(INodeReader reader);

        /// <summary>The node's service manager, or null when the node is not a running machine (a file tree).</summary>
        public abstract IKubeletService Service(INodeWriter writer);

        /// <summary>The node's host name, read through the open reader when the transport does not know it.</summary>
        public abstract string HostName(INodeReader reader);
    }

    internal sealed class LocalTarget : NodeTarget
    {
        public override string DisplayName => Environment.MachineName;

        public override INodeReader Open() => FileSystemNode.Local();

        public override INodeWriter OpenWriter(INodeReader reader) => new FileSystemNodeWriter((FileSystemNode)reader, TestPausePoint.FromEnvironment());

        public override IKubeletService Service(INodeWriter writer) => new SystemdService(writer);

        public override string HostName(INodeReader reader)
        {
            var hostname = reader.ReadFile("/etc/hostname");
            return hostname.Exists && FirstLine(hostname.Content).Length > 0 ? FirstLine(hostname.Content) : Environment.MachineName;
        }

        internal static string FirstLine(string text) => text.Split('\n')[0].Trim();
    }

    internal sealed class RootTarget : NodeTarget
    {
        private readonly string root;

        public RootTarget(string root)
        {
            this.root = root;
        }

        public override string DisplayName => root;

        public override string Root => root;

        public override INodeReader Open()
        {
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"The node root '{root}' does not exist or is not a directory.");
            }

            return new FileSystemNode(root);
        }

        public override INodeWriter OpenWriter(INodeReader reader) => new FileSystemNodeWriter((FileSystemNode)reader, TestPausePoint.FromEnvironment());

        public override IKubeletService Service(INodeWriter writer) => null;

        public override string HostName(INodeReader reader)
        {
            var hostname = reader.ReadFile("/etc/hostname");
            string name = hostname.Exists ? LocalTarget.FirstLine(hostname.Content) : string.Empty;
            return name.Length > 0 ? name : root;
        }
    }
}
