using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Errors;
using KubeletCompliance.Targets;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What every node cmdlet shares: the target parameters (none for the local node, -Root for a mounted node image,
    /// -ComputerName and the SSH parameters for remote nodes) and how they become node targets.
    /// </summary>
    public abstract class NodeCommandBase : PSCmdlet, IDisposable
    {
        // The local node, -Root and -ComputerName share one set: a set with no parameters at all is fixed before
        // pipeline input arrives, and piped rows carry both ComputerName and Root; their Transport says which applies.
        internal const string NodeSet = "Node";

        private bool warnedAboutHostKeys;
        private readonly HashSet<string> reportedSshConfigLines = new HashSet<string>(StringComparer.Ordinal);
        private SshJumpPool jumpPool;

        /// <summary>
        /// The root of a node's file system mounted or unpacked here (or, with -ComputerName, on that host); node paths
        /// are read below it. Empty means the node's real root.
        /// </summary>
        [Parameter(ParameterSetName = NodeSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] Root { get; set; }

        /// <summary>
        /// A folder piped in (Get-ChildItem -Directory). Binding by property name alone would take DirectoryInfo's own
        /// Root property ("/") before its FullName, so folders bind here by value and their FullName is used. The type
        /// is the abstract FileSystemInfo so that nothing else (a string, a row) can be converted into it.
        /// </summary>
        [Parameter(ParameterSetName = NodeSet, ValueFromPipeline = true, DontShow = true)]
        public System.IO.FileSystemInfo Directory { get; set; }

        /// <summary>Nodes to audit over SSH: host, host:port, user@host, user@host:port, [IPv6]:port.</summary>
        [Parameter(ParameterSetName = NodeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("HostName", "Name", "Node", "IPAddress")]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [ValidateNotNullOrEmpty]
        public string KeyFilePath { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [ValidateNotNullOrEmpty]
        public string KnownHostsPath { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        public SwitchParameter AcceptNewHostKey { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        public SwitchParameter SkipHostKeyCheck { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [Credential]
        public PSCredential SudoCredential { get; set; }

        [Parameter(ParameterSetName = NodeSet)]
        [ValidateRange(1, 3600)]
        public int ConnectTimeout { get; set; } = 15;

        [Parameter(ParameterSetName = NodeSet)]
        [ValidateRange(1, 86400)]
        public int OperationTimeout { get; set; } = 60;

        /// <summary>An ssh_config file to read instead of ~/.ssh/config and /etc/ssh/ssh_config (as ssh -F).</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [ValidateNotNullOrEmpty]
        public string SshConfigPath { get; set; }

        /// <summary>Read no ssh_config at all: only the parameters, the target name and OpenSSH's defaults count.</summary>
        [Parameter(ParameterSetName = NodeSet)]
        public SwitchParameter NoSshConfig { get; set; }

        /// <summary>Jump hosts to reach every node through, as ProxyJump: "[user@]host[:port]", comma-separated, or "none".</summary>
        [Parameter(ParameterSetName = NodeSet)]
        [ValidateNotNullOrEmpty]
        public string JumpHost { get; set; }

        /// <summary>Bound only from piped result rows: how the row's node was reached (Local, Root, SSH).</summary>
        [Parameter(ParameterSetName = NodeSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string Transport { get; set; }

        internal IEnumerable<NodeTarget> Targets()
        {
            if (SkipHostKeyCheck && !warnedAboutHostKeys)
            {
                warnedAboutHostKeys = true;
                WriteWarning("-SkipHostKeyCheck: host keys are not verified, so any machine that answers in a node's place is trusted: " +
                    "passwords (-Credential, -SudoCredential) are sent to it, its answers are audited as the node's, and Set-/Restore- write files to it.");
            }

            var roots = Directory != null
                ? new List<string> { Directory.FullName }
                : (Root ?? new string[0]).Where(r => !string.IsNullOrEmpty(r)).ToList();
            var hosts = (ComputerName ?? new string[0]).Where(h => !string.IsNullOrEmpty(h)).ToList();

            // A piped row says how its node was reached; its other properties (ComputerName on a local row, Root on a
            // remote one) are labels then, not targets.
            if (Directory != null)
            {
                // A piped folder's Name property binds to -ComputerName through its alias; it names the folder, not a host.
                hosts.Clear();
            }
            else if (Transport == NodeTransports.Local)
            {
                hosts.Clear();
                roots.Clear();
            }
            else if (Transport == NodeTransports.Root)
            {
                hosts.Clear();
            }

            if (hosts.Count > 0)
            {
                if (roots.Count > 1)
                {
                    ThrowTerminatingError(ErrorRecords.Create(new ArgumentException("With -ComputerName, -Root names one folder on the remote nodes."), ErrorIds.OneRemoteRoot, Root));
                }

                foreach (string host in hosts)
                {
                    var target = SshTargets.Create(host, roots.FirstOrDefault(), this, out var error);
                    if (error != null)
                    {
                        WriteError(error);
                        continue;
                    }

                    yield return target;
                }

                yield break;
            }

            if (roots.Count == 0)
            {
                yield return new LocalTarget();
                yield break;
            }

            foreach (string root in roots)
            {
                yield return new RootTarget(GetUnresolvedProviderPathFromPSPath(root));
            }
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
