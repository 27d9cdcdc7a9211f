using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Errors;
using KubeletCompliance.Fleet;
using KubeletCompliance.Rows;
using KubeletCompliance.Targets;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What the audit cmdlets add: cluster mode, the optional port probe, and the worker pool that audits nodes
    /// concurrently and writes each result from the pipeline thread as soon as it is ready.
    /// </summary>
    public abstract class AuditCommandBase : NodeCommandBase
    {
        internal const string ClusterSet = "Cluster";

        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private AuditPool pool;
        private INodePodCluster nodePods;

        // No parameter of the cluster set is mandatory (runbooks must never be prompted): naming any of them, or
        // just -Cluster for the default kubeconfig, selects cluster mode.
        [Parameter(ParameterSetName = ClusterSet)]
        public SwitchParameter Cluster { get; set; }

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

        /// <summary>Reads each node's files through a short-lived pod on it instead of asking its /configz.</summary>
        [Parameter(ParameterSetName = ClusterSet)]
        public SwitchParameter ReadNodeFiles { get; set; }

        [Parameter(ParameterSetName = ClusterSet)]
        [ValidateNotNullOrEmpty]
        public string Image { get; set; } = NodePodRequest.DefaultImage;

        [Parameter(ParameterSetName = ClusterSet)]
        [ValidateNotNullOrEmpty]
        public string Namespace { get; set; } = NodePodRequest.DefaultNamespace;

        [Parameter(ParameterSetName = ClusterSet)]
        [ValidateRange(1, 3600)]
        public int PodStartTimeout { get; set; } = 120;

        [Parameter(ParameterSetName = ClusterSet)]
        [ValidateRange(1, 3600)]
        public int RequestTimeout { get; set; } = 30;

        /// <summary>
        /// Nodes audited at once. Only SSH and cluster nodes wait on the network, but it is in every set: rows piped from a
        /// mixed report (images and SSH nodes) must not fail to bind because of it.
        /// </summary>
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

        /// <summary>Worker threads start with the first remote node: local, mounted and cluster audits need none.</summary>
        private AuditPool Pool => pool ?? (pool = new AuditPool(ThrottleLimit, (target, cancellation) => AuditNode.Run(target, ProbeRequest, cancellation)));

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            foreach (string name in new[] { nameof(KubeletPort), nameof(ProbeAddress) })
            {
                if (!Probe && MyInvocation.BoundParameters.ContainsKey(name))
                {
                    Refuse(ErrorIds.ProbeParameterWithoutProbe, $"-{name} says how to probe the kubelet's port, which only -Probe does: add -Probe, or leave -{name} out.", name);
                }
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ClusterSet)
            {
                return;
            }

            foreach (var target in Targets())
            {
                // Local and mounted nodes take milliseconds: audited in order, on this thread. Remote nodes wait on
                // the network, so they go to the pool and their results come out as each finishes.
                if (target is SshTarget)
                {
                    Pool.Submit(target);
                }
                else
                {
                    Deliver(AuditNode.Run(target, ProbeRequest, stopping.Token));
                }
            }

            foreach (var audit in pool?.TakeReady() ?? Enumerable.Empty<AuditResult>())
            {
                Deliver(audit);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ClusterSet && ReadNodeFiles)
            {
                RunNodePods();
            }
            else if (ParameterSetName == ClusterSet)
            {
                RunCluster();
                return;
            }

            if (pool == null)
            {
                return;
            }

            var progress = new ProgressRecord(1, MyInvocation.MyCommand.Name, "Auditing nodes");
            foreach (var audit in pool.TakeAll(() => ReportProgress(progress)))
            {
                Deliver(audit);
                ReportProgress(progress);
            }

            if (pool.Submitted > ProgressThreshold)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            ReportNodePods();
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

        private ClusterAuditRequest ClusterRequest() => new ClusterAuditRequest
        {
            KubeconfigPath = Kubeconfig == null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig),
            Context = Context,
            NodeNamePatterns = NodeName ?? new string[0],
            LabelSelector = LabelSelector,
            ThrottleLimit = ThrottleLimit,
            RequestTimeout = TimeSpan.FromSeconds(RequestTimeout),
        };

        /// <summary>Lists the selected nodes and hands each Linux node to the pool as a node pod; EndProcessing writes the pool's results.</summary>
        private void RunNodePods()
        {
            var request = ClusterRequest();
            var pods = new NodePodRequest { Image = Image, Namespace = Namespace, PodStartTimeout = TimeSpan.FromSeconds(PodStartTimeout) };
            try
            {
                nodePods = NodePodTarget.Connect(request, pods);
                foreach (var node in nodePods.SelectedNodes(stopping.Token))
                {
                    var target = new NodePodTarget(nodePods, node, false);
                    if (!string.Equals(node.OperatingSystem, "linux", StringComparison.OrdinalIgnoreCase))
                    {
                        Emit(AuditResult.NotApplicable(target, $"Node '{node.Name}' runs {node.OperatingSystem}: CIS 4.2.1 for Linux kubelets does not apply, and no pod was created there."));
                        continue;
                    }

                    Pool.Submit(target);
                }
            }
            catch (ClusterAuditFailure e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, e.ErrorId, request.KubeconfigPath ?? "kubeconfig"));
            }
            catch (PlatformNotSupportedException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorIds.ClusterModeNotSupported, null));
            }
        }

        /// <summary>Pods that could not be deleted, and what the API server cost, once every node is done.</summary>
        private void ReportNodePods()
        {
            if (nodePods == null)
            {
                return;
            }

            foreach (string pod in nodePods.ConfirmDeletions())
            {
                WriteWarning(CommandHints.UndeletedPod(pod, Namespace));
            }

            var traffic = nodePods.Traffic;
            WriteVerbose($"API server: {traffic.Requests} requests, {traffic.Throttled} answered 429 and waited out, {traffic.Retried} retried after a lost connection or 503.");
        }

        private void RunCluster()
        {
            var request = ClusterRequest();
            WriteVerbose($"Listing nodes through the API server of {request.KubeconfigPath ?? "the default kubeconfig"}" + (Context == null ? string.Empty : $" (context {Context})") + $", {ThrottleLimit} nodes at a time, {RequestTimeout} s per request.");

            // The node count is known only inside the cluster audit, so progress counts nodes done rather than a percentage.
            var progress = new ProgressRecord(2, MyInvocation.MyCommand.Name, "Auditing cluster nodes through the API server");
            int done = 0;
            try
            {
                if (ClusterMode.SkipsTlsVerification(request))
                {
                    WriteWarning("The kubeconfig turns off TLS verification (insecure-skip-tls-verify): its bearer token or client " +
                        "credentials go to a server whose certificate is not checked, and any machine on the path can read them and answer in its place.");
                }

                foreach (var audit in ClusterMode.Run(request, ProbeRequest, stopping.Token))
                {
                    progress.StatusDescription = $"{++done} nodes done";
                    WriteProgress(progress);
                    Deliver(audit);
                }

                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            catch (ClusterAuditFailure e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, e.ErrorId, request.KubeconfigPath ?? "kubeconfig"));
            }
            catch (PlatformNotSupportedException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorIds.ClusterModeNotSupported, null));
            }
        }

        /// <summary>Writes one node's result; called on the pipeline thread only.</summary>
        internal abstract void Emit(AuditResult audit);

        /// <summary>Tells -Verbose and -Debug how the node was read, then writes its result.</summary>
        private void Deliver(AuditResult audit)
        {
            WriteVerbose(AuditStory.Summary(audit));
            string details = AuditStory.Details(audit);
            if (details != null)
            {
                WriteDebug(details);
            }

            Emit(audit);
        }

        public override void Dispose()
        {
            // Reached early too (Select-Object -First): whatever is still running for this command stops now.
            stopping.Cancel();
            pool?.Dispose();
            nodePods?.Dispose();
            stopping.Dispose();
            base.Dispose();
        }
    }
}
