using System;
using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Auditing
{
    /// <summary>
    /// One node opened for a change: its reader, writer and resolved setting, held open across planning, confirming
    /// and applying so all of them see the same node. The decisions are the core's; this only wires them to a target.
    /// </summary>
    internal sealed class NodeRemediation : IDisposable
    {
        private NodeRemediation(NodeTarget target)
        {
            Target = target;
            ComputerName = target.DisplayName;
        }

        public NodeTarget Target { get; }
        public string ComputerName { get; private set; }
        public INodeReader Reader { get; private set; }
        /// <summary>The reader that owns the node's connection; <see cref="Reader"/> may be a fresher view over it.</summary>
        private INodeReader connectionOwner;
        public INodeWriter Writer { get; private set; }
        public NodeSetting Setting { get; private set; }
        /// <summary>Set when the node could not be opened or read; nothing else is then set.</summary>
        public Exception AccessError { get; private set; }

        public static NodeRemediation Open(NodeTarget target)
        {
            var node = new NodeRemediation(target);
            try
            {
                node.Reader = node.connectionOwner = target.Open();
                node.Writer = target.OpenWriter(node.Reader);
                node.ComputerName = target.HostName(node.Reader);
                node.Setting = Resolution.Of(node.Reader);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                node.AccessError = e;
            }

            return node;
        }

        public RemediationPlan Plan(bool enabled) => RemediationPlanner.Default.Plan(Reader, Setting, enabled);

        public RemediationOutcome Apply(RemediationPlan plan) =>
            RemediationExecution.Apply(plan, Writer, BackupNames.NewStamp(DateTimeOffset.UtcNow));

        public RemediationOutcome Restart(RemediationPlan plan, RemediationOutcome applied, TimeSpan timeout) =>
            RemediationExecution.Restart(plan, applied, Writer, Service, ResolveNow, timeout);

        /// <summary>The node's kubelet service, checked on the healthz address its configuration gives; null below a root.</summary>
        public IKubeletService Service => Target.Service(Writer, (Setting.Configured ?? Setting.Effective)?.HealthzUrl);

        public RemediationOutcome RestartOnly(RemediationPlan plan, TimeSpan timeout) =>
            RemediationExecution.RestartOnly(plan, Service, ResolveNow, timeout);

        /// <summary>True when the running kubelet still has another value than the one its files already give.</summary>
        public bool RunningDiffersFrom(bool enabled) =>
            Setting.Effective?.Launch.Basis == EvidenceBasis.Process && Setting.Problem == null && Setting.Enabled != enabled;

        public UndoPlan PlanUndo() => UndoPlanner.Plan(Reader, Setting);

        public RemediationOutcome Undo(UndoPlan plan) => RemediationExecution.Undo(plan, Writer);

        public RemediationResult ToResult(RemediationOutcome outcome, bool? previous, string serviceName)
        {
            var now = AccessError == null ? ResolveNow() : null;
            var files = now?.Configured ?? now?.Effective;
            return new RemediationResult
            {
                ComputerName = ComputerName,
                PreviousEnabled = previous,
                Enabled = now?.NodeProblem == null && files?.Problem == null ? files?.Enabled : null,
                Changed = outcome.Status == RemediationStatus.Changed,
                FilesChanged = outcome.Status == RemediationStatus.Changed ? string.Join(";", outcome.FilesChanged) : string.Empty,
                Backups = string.Join(";", outcome.Backups),
                Restarted = outcome.Restarted,
                RolledBack = outcome.RolledBack,
                Status = outcome.Status.ToString(),
                Reason = outcome.Reason,
                ErrorId = outcome.ErrorId,
                ServiceName = serviceName ?? string.Empty,
                Root = Target.Root,
                Transport = Target.Transport,
            };
        }

        /// <summary>The ErrorRecord for a refused, failed or rolled-back node, with the outcome's stable id.</summary>
        public ErrorRecord ErrorFor(RemediationOutcome outcome)
        {
            var category = outcome.Status == RemediationStatus.Refused ? ErrorCategory.InvalidOperation
                : outcome.Status == RemediationStatus.RolledBack ? ErrorCategory.InvalidResult
                : ErrorCategory.WriteError;
            return new ErrorRecord(new InvalidOperationException($"{ComputerName}: {outcome.Reason}"), outcome.ErrorId, category, ComputerName)
            {
                ErrorDetails = new ErrorDetails($"{ComputerName}: {outcome.Reason}"),
            };
        }

        public static string Describe(string action, string node, System.Collections.Generic.IEnumerable<(string Path, string Diff)> files)
        {
            var list = files.ToList();
            return $"{action} on {node}, changing {string.Join(", ", list.Select(f => f.Path))}:\n" + string.Join("\n", list.Select(f => f.Diff.TrimEnd('\n')));
        }

        private NodeSetting ResolveNow()
        {
            Reader = Target.Fresh(Reader);
            return Resolution.Of(Reader);
        }

        public void Dispose() => (connectionOwner as IDisposable)?.Dispose();
    }
}
