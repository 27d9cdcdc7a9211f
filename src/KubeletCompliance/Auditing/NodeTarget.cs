using System;
using System.IO;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Auditing
{
    /// <summary>A node to audit and how to reach it. Opening it is the only step that differs between transports.</summary>
    internal abstract class NodeTarget
    {
        /// <summary>What the user named (a host, a root folder); the ErrorRecord target when the node fails.</summary>
        public abstract string DisplayName { get; }

        /// <summary>The -Root folder, or empty; carried to the output so Set-KubeletAnonymousAuth can bind it.</summary>
        public virtual string Root => string.Empty;

        /// <summary>Local, Root, SSH or Cluster: tells a cmdlet receiving this node's result how to reach the node again.</summary>
        public abstract string Transport { get; }

        /// <summary>Where an unauthenticated probe of the kubelet's port goes; null when the node has no address (an image).</summary>
        public virtual string ProbeAddress => null;

        public abstract INodeReader Open();

        protected static Uri HealthzUri(string healthz) => healthz == null ? null : new Uri(healthz);

        /// <summary>A reader that sees the node as it is now: remote readers cache what they fetched, so after a change a new one is needed.</summary>
        public virtual INodeReader Fresh(INodeReader reader) => reader;

        /// <summary>The writer for a node opened with <see cref="Open"/>, through the same transport.</summary>
        public abstract INodeWriter OpenWriter(INodeReader reader);

        /// <summary>The node's service manager, or null when the node is not a running machine (a file tree).</summary>
        /// <param name="healthz">The kubelet's healthz URL from its resolved configuration; null when healthz is off.</param>
        public abstract IKubeletService Service(INodeWriter writer, string healthz);

        /// <summary>The node's host name, read through the open reader when the transport does not know it.</summary>
        public abstract string HostName(INodeReader reader);
    }

    internal sealed class LocalTarget : NodeTarget
    {
        public override string DisplayName => Environment.MachineName;

        public override string Transport => "Local";

        public override string ProbeAddress => "127.0.0.1";

        public override INodeReader Open() => FileSystemNode.Local();

        public override INodeWriter OpenWriter(INodeReader reader) => new FileSystemNodeWriter((FileSystemNode)reader, TestPausePoint.FromEnvironment());

        public override IKubeletService Service(INodeWriter writer, string healthz) => new SystemdService(writer, healthz: HealthzUri(healthz));

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

        public override string Transport => "Root";

        public override INodeReader Open()
        {
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"The node root '{root}' does not exist or is not a directory.");
            }

            return new FileSystemNode(root);
        }

        public override INodeWriter OpenWriter(INodeReader reader) => new FileSystemNodeWriter((FileSystemNode)reader, TestPausePoint.FromEnvironment());

        public override IKubeletService Service(INodeWriter writer, string healthz) => null;

        public override string HostName(INodeReader reader)
        {
            var hostname = reader.ReadFile("/etc/hostname");
            string name = hostname.Exists ? LocalTarget.FirstLine(hostname.Content) : string.Empty;
            return name.Length > 0 ? name : root;
        }
    }

    /// <summary>A node seen through the API server in cluster mode: named, never opened.</summary>
    internal sealed class ClusterNodeTarget : NodeTarget
    {
        private readonly string nodeName;

        public ClusterNodeTarget(string nodeName)
        {
            this.nodeName = nodeName;
        }

        public override string DisplayName => nodeName;

        public override string Transport => "Cluster";

        public override INodeReader Open() => throw new NotSupportedException("Cluster nodes are read through the API server.");

        public override INodeWriter OpenWriter(INodeReader reader) => throw new NotSupportedException("Cluster nodes are changed through their files: pipe the row to Set-KubeletAnonymousAuth with -Transport SSH credentials.");

        public override IKubeletService Service(INodeWriter writer, string healthz) => null;

        public override string HostName(INodeReader reader) => nodeName;
    }

    /// <summary>A remote node read over SSH; with a remote root, a node image mounted on that host.</summary>
    internal sealed class SshTarget : NodeTarget
    {
        private readonly string given;
        private readonly SshConnectionOptions options;

        public SshTarget(string given, SshConnectionOptions options)
        {
            this.given = given;
            this.options = options;
        }

        public override string DisplayName => given;

        public override string Root => options.RemoteRoot == "/" ? string.Empty : options.RemoteRoot;

        public override string Transport => "SSH";

        public override string ProbeAddress => options.HostName;

        public override INodeReader Open() => SshNodeReader.Open(options);

        public override INodeReader Fresh(INodeReader reader) => new SshNodeReader(((SshNodeReader)reader).Connection);

        public override INodeWriter OpenWriter(INodeReader reader) => new SshNodeWriter(((SshNodeReader)reader).Connection);

        public override IKubeletService Service(INodeWriter writer, string healthz) => Root.Length > 0 ? null : new SystemdService(writer, healthz: HealthzUri(healthz), remote: true);

        /// <summary>The name the user gave (with its user@ and :port), so a result can be piped back to the same node.</summary>
        public override string HostName(INodeReader reader) => given;
    }
}
