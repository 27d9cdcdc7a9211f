using System;
using System.Threading;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Targets;

namespace KubeletCompliance.UseCases
{
    /// <summary>
    /// One node opened for a change: its session and its setting as resolved before the change, held open across
    /// planning, confirming and applying so all of them see the same node. The decisions are the core's; this only
    /// wires them to the node's session.
    /// </summary>
    internal sealed class NodeChange : IDisposable
    {
        private readonly INodeSession session;

        private NodeChange(NodeTarget target, INodeSession session, string computerName, NodeSetting before, Exception accessError)
        {
            Target = target;
            this.session = session;
            ComputerName = computerName;
            Before = before;
            AccessError = accessError;
        }

        public NodeTarget Target { get; }
        public string ComputerName { get; }
        /// <summary>The node's setting before anything was changed.</summary>
        public NodeSetting Before { get; }
        /// <summary>Set when the node could not be opened or read; nothing else is then set.</summary>
        public Exception AccessError { get; }

        /// <summary>Cancelling <paramref name="cancellation"/> (Ctrl+C) ends the connection attempt and every later command on the node.</summary>
        public static NodeChange Open(NodeTarget target, CancellationToken cancellation)
        {
            INodeSession session = null;
            string name = target.DisplayName;
            try
            {
                session = target.Open(cancellation);
                name = session.NodeName;
                return new NodeChange(target, session, name, NodeResolver.Default.ResolveNode(session.Evidence), null);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                session?.Dispose();
                return new NodeChange(target, null, name, null, e);
            }
        }

        public RemediationPlan Plan(bool enabled) => RemediationPlanner.Default.Plan(session.Evidence, Before, enabled);

        public RemediationOutcome Apply(RemediationPlan plan) =>
            RemediationExecution.Apply(plan, session.Files, BackupNames.NewStamp(DateTimeOffset.UtcNow));

        public RemediationOutcome Restart(RemediationPlan plan, RemediationOutcome applied, TimeSpan timeout) =>
            RemediationExecution.Restart(plan, applied, session.Files, Service, Reaudit, timeout);

        /// <summary>The node's kubelet service, checked on the healthz address its configuration gives; null for a file tree.</summary>
        public IKubeletService Service => session.KubeletService((Before.Configured ?? Before.Effective)?.HealthzUrl);

        public RemediationOutcome RestartOnly(RemediationPlan plan, TimeSpan timeout) =>
            RemediationExecution.RestartOnly(plan, Service, Reaudit, timeout);

        /// <summary>True when the running kubelet still has another value than the one its files already give.</summary>
        public bool RunningDiffersFrom(bool enabled) =>
            Before.Effective?.Launch.Basis == EvidenceBasis.Process && Before.Problem == null && Before.Enabled != enabled;

        public UndoPlan PlanUndo() => UndoPlanner.Plan(session.Evidence, Before);

        public RemediationOutcome Undo(UndoPlan plan, bool force) =>
            UndoExecution.Undo(plan, session.Files, force, BackupNames.NewStamp(System.DateTimeOffset.UtcNow));

        /// <summary>Resolves the node again as it is now (after a change, a restart, or nothing); null when it could not be opened.</summary>
        public NodeSetting Reaudit() => session == null ? null : NodeResolver.Default.ResolveNode(session.ReadAgain());

        public void Dispose() => session?.Dispose();
    }
}
