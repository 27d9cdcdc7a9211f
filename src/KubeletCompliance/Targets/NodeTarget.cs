using System;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.FileSystem;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Targets
{
    /// <summary>
    /// A node the user named and how to reach it: what a row needs to name the node even when it cannot be
    /// reached, and the one transport factory that opens its session.
    /// </summary>
    internal abstract class NodeTarget
    {
        /// <summary>What the user named (a host, a root folder); the ErrorRecord target when the node fails.</summary>
        public abstract string DisplayName { get; }

        /// <summary>
        /// Where the node's "/" is here ("/" for this node, the -Root folder for an image), empty for remote nodes: carried to
        /// the output so a piped row binds to -Root, or, when empty, to -ComputerName.
        /// </summary>
        public virtual string Root => string.Empty;

        /// <summary>The -RemoteRoot folder of an SSH node, or empty; carried to the output so a piped row binds it back.</summary>
        public virtual string RemoteRoot => string.Empty;

        /// <summary>Local, Root or SSH: tells a cmdlet receiving this node's result how to reach the node again.</summary>
        public abstract string Transport { get; }

        /// <summary>Where an unauthenticated probe of the kubelet's port goes; null when the node has no address (an image).</summary>
        public virtual string ProbeAddress => null;

        /// <summary>The running kubelet's /configz, to cross-check the files with; null where the transport has no API server.</summary>
        public virtual Task<LiveNodeSetting> ReadConfigzAsync(CancellationToken cancellation) => null;

        /// <summary>Opens the node through its transport; throws when it cannot be reached.</summary>
        public abstract INodeSession Open(CancellationToken cancellation);
    }

    internal sealed class LocalTarget : NodeTarget
    {
        public override string DisplayName => Environment.MachineName;

        public override string Root => "/";

        public override string Transport => NodeTransports.Local;

        public override string ProbeAddress => "127.0.0.1";

        public override INodeSession Open(CancellationToken cancellation) => FileSystemSession.Local();
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

        public override string Transport => NodeTransports.Root;

        public override INodeSession Open(CancellationToken cancellation) => FileSystemSession.OpenRoot(root);
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

        public override string RemoteRoot => options.RemoteRoot == "/" ? string.Empty : options.RemoteRoot;

        public override string Transport => NodeTransports.Ssh;

        /// <summary>None behind a jump host: the kubelet's port is not reachable from here.</summary>
        public override string ProbeAddress => options.JumpHosts != null && options.JumpHosts.Count > 0 ? null : options.HostName;

        public override INodeSession Open(CancellationToken cancellation) => SshSession.Open(options, given, cancellation);
    }

    /// <summary>
    /// A -ComputerName value that cannot be reached as given (a malformed name, an unusable ssh_config): it still gets its
    /// row (and error), saying why, so a report has one row for every target it was given.
    /// </summary>
    internal sealed class UnusableTarget : NodeTarget
    {
        private readonly string given;
        private readonly UnusableTargetException error;

        public UnusableTarget(string given, string errorId, string message)
        {
            this.given = given;
            error = new UnusableTargetException(errorId, message);
        }

        public override string DisplayName => given;

        public override string Transport => NodeTransports.Ssh;

        public override INodeSession Open(CancellationToken cancellation) => throw error;
    }

    /// <summary>Why a target cannot be reached as given; ErrorId names the rule the name broke, or the ssh_config problem.</summary>
    internal sealed class UnusableTargetException : ArgumentException
    {
        public UnusableTargetException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }

    /// <summary>The values of the Transport column: how a row's node was reached, so a piped row reaches it again.</summary>
    internal static class NodeTransports
    {
        public const string Local = "Local";
        public const string Root = "Root";
        public const string Ssh = "SSH";
        public const string Cluster = "Cluster";
        /// <summary>A cluster node whose files were read through a pod on it (cluster mode with -ReadNodeFiles).</summary>
        public const string NodePod = "NodePod";
    }
}
