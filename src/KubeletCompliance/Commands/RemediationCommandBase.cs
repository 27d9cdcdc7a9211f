using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Errors;
using KubeletCompliance.Rows;
using KubeletCompliance.UseCases;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Targets;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What the cmdlets that change nodes share: each node is opened for reading and writing, one at a time (a change
    /// may ask for confirmation, which only the pipeline thread can do), and a node that cannot be reached still gets
    /// its result row next to its error.
    /// </summary>
    public abstract class RemediationCommandBase : NodeCommandBase
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();

        private INodePodCluster nodePods;
        private Stopwatch nodeClock;

        /// <summary>Change cluster nodes (named by -ComputerName or piped rows with Transport NodePod) through a node pod, with this kubeconfig.</summary>
        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string Kubeconfig { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public string Context { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string Image { get; set; } = NodePodRequest.DefaultImage;

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string Namespace { get; set; } = NodePodRequest.DefaultNamespace;

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 3600)]
        public int PodStartTimeout { get; set; } = 120;

        /// <summary>
        /// How the named nodes are reached, as an audit row says: rows of a node-pod audit (Transport NodePod) name their
        /// node by ComputerName like SSH rows do, and this tells them apart. Visible rather than DontShow on purpose: a
        /// single DontShow parameter makes PowerShell leave every common parameter out of tab completion.
        /// </summary>
        [Parameter(ParameterSetName = SshSet, ValueFromPipelineByPropertyName = true)]
        public string Transport { get; set; }

        /// <summary>A row from a node-pod audit, or -Kubeconfig: the nodes are reached through pods, not SSH.</summary>
        private bool UsesNodePods => Transport == NodeTransports.NodePod || Kubeconfig != null;

        protected override void ProcessRecord()
        {
            foreach (var target in UsesNodePods ? NodePodTargets() : Targets())
            {
                nodeClock = Stopwatch.StartNew();
                using (var node = NodeChange.Open(target, stopping.Token))
                {
                    if (node.AccessError != null)
                    {
                        WriteError(ErrorRecords.FromAccessError(node.AccessError, node.ComputerName));
                        WriteObject(Row(node, new RemediationOutcome { Status = RemediationStatus.Failed, ErrorId = ErrorRecords.IdOf(node.AccessError), Reason = node.AccessError.Message }, null, null));
                        continue;
                    }

                    Remediate(node);
                }
            }
        }

        /// <summary>Ctrl+C: the node in hand stops at once (its connection attempt or its running command), not at its timeout.</summary>
        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>
        /// One node pod per named node; -WhatIf only reads, so its pod mounts the host read-only like an audit's.
        /// A name the API server does not know, or a Windows node, fails here.
        /// </summary>
        private IEnumerable<NodeTarget> NodePodTargets()
        {
            try
            {
                nodePods = nodePods ?? NodePodTarget.Connect(
                    new ClusterAuditRequest { KubeconfigPath = Kubeconfig == null ? null : GetUnresolvedProviderPathFromPSPath(Kubeconfig), Context = Context },
                    new NodePodRequest { Image = Image, Namespace = Namespace, PodStartTimeout = TimeSpan.FromSeconds(PodStartTimeout), RestartsKubelet = RestartsKubelet });
            }
            catch (ClusterAuditFailure e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, e.ErrorId, Kubeconfig ?? "kubeconfig"));
            }
            catch (PlatformNotSupportedException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorIds.ClusterModeNotSupported, null));
            }

            bool writable = !(MyInvocation.BoundParameters.TryGetValue("WhatIf", out object whatIf) && ((SwitchParameter)whatIf).IsPresent);
            foreach (string name in ComputerName ?? new string[0])
            {
                ClusterNode node;
                try
                {
                    node = nodePods.Node(name, stopping.Token);
                }
                catch (NodeAccessException e)
                {
                    WriteError(ErrorRecords.FromAccessError(e, name));
                    continue;
                }

                if (node == null || !string.Equals(node.OperatingSystem, "linux", StringComparison.OrdinalIgnoreCase))
                {
                    var error = new NodeAccessException(NodeAccessError.NodeGone, name,
                        node == null ? $"The API server has no node '{name}'." : $"Node '{name}' runs {node.OperatingSystem}: there is no Linux kubelet to change.");
                    WriteError(ErrorRecords.FromAccessError(error, name));
                    continue;
                }

                yield return new NodePodTarget(nodePods, node, writable, RestartsKubelet);
            }
        }

        protected override void EndProcessing()
        {
            foreach (string pod in nodePods?.ConfirmDeletions() ?? new string[0])
            {
                WriteWarning(CommandHints.UndeletedPod(pod, Namespace));
            }
        }

        /// <summary>Also the base's: the jump-host connections of this run are closed when the command ends.</summary>
        public override void Dispose()
        {
            nodePods?.Dispose();
            stopping.Dispose();
            base.Dispose();
        }

        /// <summary>True when the kubelet is to be restarted (Set- -Restart): a node pod then also reaches the node's systemd.</summary>
        internal virtual bool RestartsKubelet => false;

        /// <summary>Changes one node that could be opened, and writes its result.</summary>
        internal abstract void Remediate(NodeChange node);

        /// <summary>
        /// The node's row: the outcome, and the node audited once more so Enabled is what its files give now. -Verbose
        /// tells it in one line (the node, how it was reached, what changed or why not, the time since it was opened).
        /// </summary>
        internal RemediationResult Row(NodeChange node, RemediationOutcome outcome, bool? previous, string serviceName)
        {
            var row = RemediationRows.Result(node.ComputerName, node.Target.Transport, node.Target.Root, node.Target.RemoteRoot, outcome, previous, serviceName, node.Reaudit());
            WriteVerbose(RemediationStory.Summary(row, node.Target.DisplayName, nodeClock?.Elapsed ?? TimeSpan.Zero));
            return row;
        }

        /// <summary>The ErrorRecord for a refused, failed or rolled-back node, with the outcome's stable id.</summary>
        internal static ErrorRecord ErrorFor(NodeChange node, RemediationOutcome outcome) =>
            ErrorRecords.Create(new InvalidOperationException($"{node.ComputerName}: {outcome.Reason}"), outcome.ErrorId, node.ComputerName);

        /// <summary>The text ShouldProcess shows for -WhatIf and -Confirm: the action, the files and their diffs.</summary>
        internal static string Describe(string action, string node, IEnumerable<(string Path, string Diff)> files)
        {
            var list = files.ToList();
            return $"{action} on {node}, changing {string.Join(", ", list.Select(f => f.Path))}:\n" + string.Join("\n", list.Select(f => f.Diff.TrimEnd('\n')));
        }
    }
}
