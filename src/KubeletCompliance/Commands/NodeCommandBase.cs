using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Errors;
using KubeletCompliance.Targets;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What every node cmdlet shares: the parameter sets that say which kind of node is meant (this node or node images
    /// with -Root; SSH nodes with -ComputerName) and how their parameters become node targets.
    /// </summary>
    /// <remarks>
    /// This node and -Root share the default set on purpose: PowerShell binds piped objects to the default set first, so
    /// a row with a Root ("/" for this node, a folder for an image) reaches that root even though it also carries a
    /// ComputerName label, and a row with an empty Root falls through to -ComputerName (see <see cref="EmptyRootDoesNotBindAttribute"/>).
    /// </remarks>
    public abstract class NodeCommandBase : PSCmdlet, IDisposable
    {
        internal const string NodeSet = "Node";
        internal const string SshSet = "ComputerName";

        /// <summary>The page Get-Help -Online opens: each cmdlet's syntax, in the repository the manifest's ProjectUri names.</summary>
        internal const string HelpPage = "https://github.com/kubeletcompliance/KubeletCompliance/blob/main/docs/syntax.md#";

        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> reportedSshConfigLines = new HashSet<string>(StringComparer.Ordinal);
        private SshJumpPool jumpPool;

        /// <summary>The folder that is "/" of a node's file system here; "/" is this node. None means this node.</summary>
        [Parameter(ParameterSetName = NodeSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [EmptyRootDoesNotBind]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] Root { get; set; }

        /// <summary>
        /// A folder piped in (Get-ChildItem -Directory, Get-Item). By property name alone, DirectoryInfo's own Root property
        /// ("/") would bind before its FullName; the abstract type keeps strings and rows from being converted into it.
        /// </summary>
        [Parameter(ParameterSetName = NodeSet, ValueFromPipeline = true)]
        public FileSystemInfo InputObject { get; set; }

        /// <summary>Nodes to audit over SSH: host, host:port, user@host, user@host:port, [IPv6]:port.</summary>
        [Parameter(ParameterSetName = SshSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("HostName", "Name", "Node", "IPAddress")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] ComputerName { get; set; }

        /// <summary>A folder on each SSH node that holds a node image, read instead of the node's own "/".</summary>
        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string RemoteRoot { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string KeyFilePath { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string KnownHostsPath { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public SwitchParameter AcceptNewHostKey { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public SwitchParameter SkipHostKeyCheck { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [Credential]
        public PSCredential SudoCredential { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 3600)]
        public int ConnectTimeout { get; set; } = 15;

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 86400)]
        public int OperationTimeout { get; set; } = 60;

        /// <summary>An ssh_config file to read instead of ~/.ssh/config and /etc/ssh/ssh_config (as ssh -F).</summary>
        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string SshConfigPath { get; set; }

        /// <summary>Read no ssh_config at all: only the parameters, the target name and OpenSSH's defaults count.</summary>
        [Parameter(ParameterSetName = SshSet)]
        public SwitchParameter NoSshConfig { get; set; }

        /// <summary>Jump hosts to reach every node through, as ProxyJump: "[user@]host[:port]", comma-separated, or "none".</summary>
        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string JumpHost { get; set; }

        /// <summary>-KeyFilePath and -KnownHostsPath as file system paths (~, relative to $PWD and PSDrives resolved).</summary>
        internal string KeyFile { get; private set; }
        internal string KnownHostsFile { get; private set; }
        internal string SshConfigFile { get; private set; }

        /// <summary>True when -Port was given: a port in a node's name still wins over it.</summary>
        internal bool PortGiven => MyInvocation.BoundParameters.ContainsKey(nameof(Port));

        protected override void BeginProcessing()
        {
            FormatViews.EnsureRegistered(this);
            if (ParameterSetName != SshSet)
            {
                return;
            }

            if (SkipHostKeyCheck && AcceptNewHostKey)
            {
                Refuse(ErrorIds.HostKeyOptionsConflict, "-SkipHostKeyCheck and -AcceptNewHostKey contradict each other: -AcceptNewHostKey checks known keys and records new ones, -SkipHostKeyCheck checks nothing. Give one.", null);
            }

            if (SkipHostKeyCheck)
            {
                WriteWarning("-SkipHostKeyCheck: host keys are not verified, so any machine that answers in a node's place is trusted: " +
                    "passwords (-Credential, -SudoCredential) are sent to it, its answers are audited as the node's, and Set-/Restore- write files to it.");
            }

            KnownHostsFile = KnownHostsPath == null ? null : GetUnresolvedProviderPathFromPSPath(KnownHostsPath);
            SshConfigFile = SshConfigPath == null ? null : GetUnresolvedProviderPathFromPSPath(SshConfigPath);
            if (KeyFilePath != null)
            {
                KeyFile = GetUnresolvedProviderPathFromPSPath(KeyFilePath);
                CheckKeyFile(KeyFile);
            }
        }

        /// <summary>A key that cannot be read fails every node the same way: one error before any connection says so.</summary>
        private void CheckKeyFile(string path)
        {
            string problem = KeyFileCheck.Problem(path, out bool missing);
            if (missing)
            {
                Refuse(ErrorIds.KeyFileNotFound, $"The SSH key file '{path}' (-KeyFilePath {KeyFilePath}) does not exist.", path);
            }

            if (problem != null)
            {
                Refuse(ErrorIds.KeyFileUnreadable, $"The SSH key file '{path}' (-KeyFilePath {KeyFilePath}) cannot be read: {problem}.", path);
            }
        }

        /// <summary>Stops the command before any node is touched: the parameters cannot work together.</summary>
        internal void Refuse(string errorId, string message, object target) =>
            ThrowTerminatingError(ErrorRecords.Create(new ArgumentException(message), errorId, target));

        /// <summary>The nodes this pipeline record names, each once per command; a malformed name becomes a target that fails with its rule.</summary>
        internal IEnumerable<NodeTarget> Targets()
        {
            if (ParameterSetName == SshSet)
            {
                foreach (var target in SshNodes())
                {
                    yield return target;
                }

                yield break;
            }

            var roots = InputObject != null
                ? new List<string> { InputObject.FullName }
                : (Root ?? new string[0]).Where(r => !string.IsNullOrEmpty(r)).Select(GetUnresolvedProviderPathFromPSPath).ToList();
            if (roots.Count == 0)
            {
                roots.Add("/");
            }

            foreach (string root in roots)
            {
                if (FirstTime("root:" + root))
                {
                    yield return root == "/" ? (NodeTarget)new LocalTarget() : new RootTarget(root);
                }
            }
        }

        private IEnumerable<NodeTarget> SshNodes()
        {
            string remoteRoot = string.IsNullOrEmpty(RemoteRoot) ? null : RemoteRoot;
            foreach (string name in ComputerName ?? new string[0])
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    WriteWarning("-ComputerName: skipped a blank entry (an empty line in a node list?).");
                    continue;
                }

                if (FirstTime("ssh:" + name.Trim() + "|" + remoteRoot))
                {
                    yield return SshTargets.Create(name.Trim(), remoteRoot, this);
                }
            }
        }

        private bool FirstTime(string key)
        {
            if (seen.Add(key))
            {
                return true;
            }

            WriteVerbose($"Skipped {key.Substring(key.IndexOf(':') + 1)}: already named once in this command.");
            return false;
        }

        /// <summary>Shares each jump host's connection between all the nodes of this run.</summary>
        internal SshJumpPool JumpPool => jumpPool ?? (jumpPool = new SshJumpPool());

        /// <summary>ssh_config keywords OpenSSH would reject are reported once per run, not once per node.</summary>
        internal void ReportUnknownSshConfig(IEnumerable<string> lines)
        {
            foreach (string line in lines)
            {
                if (reportedSshConfigLines.Add(line))
                {
                    WriteWarning("ssh_config " + line + " is not an OpenSSH keyword; it is ignored (OpenSSH would refuse the file: add it to IgnoreUnknown).");
                }
            }
        }

        public virtual void Dispose()
        {
            jumpPool?.Dispose();
            jumpPool = null;
        }
    }
}
