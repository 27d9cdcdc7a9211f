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
    public abstract class NodeCommandBase : PSCmdlet, IDynamicParameters, IDisposable
    {
        internal const string NodeSet = "Node";
        internal const string SshSet = "ComputerName";

        /// <summary>The page Get-Help -Online opens: each cmdlet's syntax, in the repository the manifest's ProjectUri names.</summary>
        internal const string HelpPage = "https://github.com/kubeletcompliance/KubeletCompliance/blob/main/docs/syntax.md#";

        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> reportedSshConfigLines = new HashSet<string>(StringComparer.Ordinal);
        private SshJumpPool jumpPool;

        private RuntimeDefinedParameterDictionary nodeSetParameters;

        /// <summary>-Root (see <see cref="NodeSetParameters"/>): the folders that are "/" of nodes' file systems here.</summary>
        internal string[] Root => (string[])nodeSetParameters?[NodeSetParameters.Root].Value;

        /// <summary>-InputObject: a folder piped in.</summary>
        internal FileSystemInfo InputObject => (FileSystemInfo)nodeSetParameters?[NodeSetParameters.InputObject].Value;

        /// <summary>
        /// -Root and -InputObject, in the Node set unless a parameter of another kind of target is already bound.
        /// SSH parameters with no -ComputerName and nothing piped would make PowerShell prompt for -ComputerName (or fail
        /// with MissingMandatoryParameter) before the cmdlet runs, so that case is refused here.
        /// </summary>
        public object GetDynamicParameters()
        {
            var bound = MyInvocation.BoundParameters.Keys.ToList();
            var others = NodeSetParameters.OtherTargetKindParameters(this, bound).ToList();
            if (others.Count > 0 && !bound.Contains(nameof(ComputerName)) && !MyInvocation.ExpectingInput
                && others.All(name => NodeSetParameters.SetOf(GetType(), name) == SshSet))
            {
                throw new ParameterRefusal(ErrorRecords.Create(
                    new ArgumentException(TargetConflictMessage(others, null)), ErrorIds.TargetParametersConflict, others[0]));
            }

            return nodeSetParameters ?? (nodeSetParameters = NodeSetParameters.For(others.Count > 0));
        }

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
            DebugSwitch.Apply(this);
            FormatViews.EnsureRegistered(this);
            var nodeSet = new[] { NodeSetParameters.Root, NodeSetParameters.InputObject }.Where(MyInvocation.BoundParameters.ContainsKey).ToList();
            if (ParameterSetName != NodeSet && nodeSet.Count > 0)
            {
                var others = NodeSetParameters.OtherTargetKindParameters(this, MyInvocation.BoundParameters.Keys).ToList();
                Refuse(ErrorIds.TargetParametersConflict, TargetConflictMessage(others, nodeSet[0]), nodeSet[0]);
            }

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

        /// <summary>
        /// Which given parameters are for which kind of target, and every kind's parameters: -Root with -Kubeconfig, or
        /// SSH parameters (<paramref name="others"/>) with no node named (<paramref name="nodeSetParameter"/> null).
        /// </summary>
        private string TargetConflictMessage(IList<string> others, string nodeSetParameter)
        {
            var type = GetType();
            var given = others.GroupBy(name => NodeSetParameters.SetOf(type, name))
                .Select(g => $"{string.Join(", ", g.Select(n => "-" + n))} {(g.Count() > 1 ? "are" : "is")} for {NodeSetParameters.Describe(type, g.Key).Split('(')[0].TrimEnd()}");
            string first = nodeSetParameter != null
                ? $"-{nodeSetParameter} is for this node or node images, but {string.Join("; ", given)}."
                : $"{string.Join("; ", given)}, but no -ComputerName names them and no node names are piped in (-Root, or no target at all, means this node or node images, which take no SSH parameters).";
            var kinds = new[] { NodeSet, SshSet, AuditCommandBase.ClusterSet }
                .Where(set => set == NodeSet || NodeSetParameters.ParametersIn(type, set))
                .Select(set => NodeSetParameters.Describe(type, set));
            return first + " Give the parameters of one kind of target: " + string.Join("; ", kinds) + ".";
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
                : (Root ?? new string[0]).Where(r => !string.IsNullOrEmpty(r)).Select(FolderHere).ToList();
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

        /// <summary>
        /// The folder -Root names, in one spelling, so that ./n1/, n1 and n1/. are one node (and one Root in its row), and // is
        /// this node. A path on another provider (Env:/HOME) is no folder: it stays as given, which NodeRootNotFound then names.
        /// </summary>
        private string FolderHere(string given)
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out ProviderInfo provider, out _);
            if (provider.Name != "FileSystem")
            {
                return given;
            }

            string full = Path.GetFullPath(path).TrimEnd('/');
            return full.Length == 0 ? "/" : full;
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
