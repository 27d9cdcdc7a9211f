using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Errors;
using KubeletCompliance.Targets;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// Removes node pods that a run killed before it could delete them (they also end by their activeDeadlineSeconds):
    /// every pod with the module's label in the namespace, narrowed by node and age, one ShouldProcess and one output row each.
    /// </summary>
    /// <remarks>
    /// A separate cmdlet rather than a -Cleanup switch on the audit: its output is the pods removed, not audit rows, and
    /// -WhatIf/-Confirm mean what they mean for every Remove- cmdlet.
    /// </remarks>
    [Cmdlet(VerbsCommon.Remove, "KubeletCompliancePod", HelpUri = NodeCommandBase.HelpPage + "remove-kubeletcompliancepod", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(NodePod))]
    public sealed class RemoveKubeletCompliancePodCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private INodePodCluster cluster;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Kubeconfig { get; set; }

        [Parameter]
        public string Context { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Namespace { get; set; } = NodePodRequest.DefaultNamespace;

        /// <summary>Only pods pinned to these nodes (wildcards).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] NodeName { get; set; }

        /// <summary>Only pods created at least this long ago: a run in progress has young pods.</summary>
        [Parameter]
        public TimeSpan OlderThan { get; set; }

        protected override void EndProcessing()
        {
            DebugSwitch.Apply(this);
            FormatViews.EnsureRegistered(this);
            var request = new ClusterAuditRequest { KubeconfigPath = Kubeconfig == null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig), Context = Context };
            try
            {
                cluster = NodePodTarget.Connect(request, new NodePodRequest { Namespace = Namespace });
            }
            catch (ClusterAuditFailure e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, e.ErrorId, request.KubeconfigPath ?? "kubeconfig"));
            }
            catch (PlatformNotSupportedException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorIds.ClusterModeNotSupported, null));
            }

            var patterns = (NodeName ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            DateTime newest = DateTime.UtcNow - OlderThan;
            try
            {
                var pods = cluster.ListPods(stopping.Token);
                var chosen = pods.Where(p => patterns.Any(n => n.IsMatch(p.NodeName)) && (OlderThan <= TimeSpan.Zero || (p.Created != null && p.Created <= newest))).ToList();
                WriteVerbose($"{pods.Count} node pod(s) in namespace {Namespace} (label app.kubernetes.io/name=kubelet-compliance), {chosen.Count} chosen by -NodeName and -OlderThan.");
                foreach (var pod in chosen)
                {
                    string what = $"{pod.Name} on node {pod.NodeName} ({pod.Component}, {pod.Phase}, created {pod.Created:u})";
                    if (!ShouldProcess(what, "Remove node pod"))
                    {
                        continue;
                    }

                    try
                    {
                        if (cluster.RemovePod(pod, stopping.Token))
                        {
                            WriteObject(new NodePod { Name = pod.Name, Namespace = pod.Namespace, NodeName = pod.NodeName, Component = pod.Component, Phase = pod.Phase, Created = pod.Created });
                        }
                        else
                        {
                            WriteVerbose($"{pod.Name} was already gone.");
                        }
                    }
                    catch (NodeAccessException e)
                    {
                        WriteError(ErrorRecords.FromAccessError(e, pod.Name));
                    }
                }
            }
            catch (NodeAccessException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorRecords.IdOf(e), Namespace));
            }
        }

        protected override void StopProcessing() => stopping.Cancel();

        public void Dispose()
        {
            stopping.Cancel();
            cluster?.Dispose();
            stopping.Dispose();
        }
    }
}
