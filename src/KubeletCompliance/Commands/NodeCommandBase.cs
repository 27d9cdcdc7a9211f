using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using KubeletCompliance.Auditing;
using KubeletCompliance.Core.Live;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What the audit cmdlets share: the target parameters (none for the local node, -Root for a mounted node image,
    /// -Kubeconfig for cluster mode), the optional port probe, and the loop that audits each node and writes its
    /// result from the pipeline thread.
    /// </summary>
    public abstract class NodeCommandBase : PSCmdlet, IDisposable
    {
        // The local node, -Root and -ComputerName share one set: a set with no parameters at all is fixed before
        // pipeline input arrives, and piped rows carry both ComputerName and Root; their Transport says which applies.
        internal const string NodeSet = "Node";
        internal const string ClusterSet = "Cluster";

        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private AuditPool pool;
        private bool warnedAboutHostKeys;

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

        // No parameter of the cluster set is mandatory (runbooks must never be prompted): naming any of them, or
        // just -Cluster for the default kubeconfig, selects cluster mode.
        [Parameter(ParameterSetName = ClusterSet)]
        public SwitchParameter Cluster { get; set; }

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

        /// <summary>Bound only from piped result rows: how the row's node was reached (Local, Root, SSH).</summary>
        [Parameter(ParameterSetName = NodeSet, ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string Transport { get; set; }

        [Parameter(ParameterSetName = ClusterSet)]
        [ValidateNotNullOrEmpty]
        public string Kubeconfig { get; set; }

        [Parameter(ParameterSetName = ClusterSet)]
        public string Context { get; set; }

        [Parameter(ParameterSetName = ClusterSet)]
        [SupportsWildcards]
        public string[] NodeName { get; set; }

        [Parameter(ParameterSetName = ClusterSet)]
        public string LabelSelector { get; set; }

        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; } = 32;

        [Parameter]
        public SwitchParameter Probe { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int KubeletPort { get; set; } = 10250;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ProbeAddress { get; set; }

        private ProbeRequest ProbeRequest => Probe ? new ProbeRequest(KubeletPort, ProbeAddress) : null;

        protected override void BeginProcessing()
        {
            pool = new AuditPool(ThrottleLimit, (target, cancellation) => NodeAudit.Run(target, ProbeRequest, cancellation));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ClusterSet)
            {
                return;
            }

            foreach (var target in Targets())
            {
                pool.Submit(target);
            }

            foreach (var audit in pool.TakeReady())
            {
                Emit(audit);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ClusterSet)
            {
                RunCluster();
                return;
            }

            var progress = new ProgressRecord(1, MyInvocation.MyCommand.Name, "Auditing nodes");
            foreach (var audit in pool.TakeAll(() => ReportProgress(progress)))
            {
                Emit(audit);
                ReportProgress(progress);
            }

            if (pool.Submitted > ProgressThreshold)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }

        protected override void StopProcessing()
        {
            stopping.Cancel();
            pool?.Cancel();
        }

        /// <summary>Progress is shown only while more than a few nodes are pending: for one node it would only flicker.</summary>
        private const int ProgressThreshold = 4;

        private void ReportProgress(ProgressRecord progress)
        {
            int pending = pool.Submitted - pool.Completed;
            if (pool.Submitted <= ProgressThreshold || pending <= 0)
            {
                return;
            }

            progress.StatusDescription = $"{pool.Completed} of {pool.Submitted} nodes done, {pending} pending";
            progress.PercentComplete = (int)(100.0 * pool.Completed / pool.Submitted);
            WriteProgress(progress);
        }

        private void RunCluster()
        {
            var request = new ClusterAuditRequest
            {
                KubeconfigPath = Kubeconfig == null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig),
                Context = Context,
                NodeNamePatterns = NodeName ?? new string[0],
                LabelSelector = LabelSelector,
                ThrottleLimit = ThrottleLimit,
            };
            try
            {
                foreach (var audit in ClusterMode.Run(request, ProbeRequest, stopping.Token))
                {
                    Emit(audit);
                }
            }
            catch (ClusterAuditFailure e)
            {
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.ErrorId.Contains("Forbidden") || e.ErrorId.Contains("Unauthorized") ? ErrorCategory.PermissionDenied : ErrorCategory.ConnectionError, request.KubeconfigPath ?? "kubeconfig"));
            }
            catch (PlatformNotSupportedException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "ClusterModeNotSupported", ErrorCategory.NotImplemented, null));
            }
        }

        private IEnumerable<NodeTarget> Targets()
        {
            if (SkipHostKeyCheck && !warnedAboutHostKeys)
            {
                warnedAboutHostKeys = true;
                WriteWarning("-SkipHostKeyCheck: host keys are not verified, so a machine impersonating a node would be audited in its place.");
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
            else if (Transport == "Local")
            {
                hosts.Clear();
                roots.Clear();
            }
            else if (Transport == "Root")
            {
                hosts.Clear();
            }

            if (hosts.Count > 0)
            {
                if (roots.Count > 1)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("With -ComputerName, -Root names one folder on the remote nodes."), "OneRemoteRoot", ErrorCategory.InvalidArgument, Root));
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

        /// <summary>Writes one node's result; called on the pipeline thread only.</summary>
        internal abstract void Emit(NodeAudit audit);

        public void Dispose()
        {
            pool?.Dispose();
            stopping.Dispose();
        }
    }
}
