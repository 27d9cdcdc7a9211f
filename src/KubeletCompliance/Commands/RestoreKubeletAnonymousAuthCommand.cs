using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Auditing;
using KubeletCompliance.Core.Remediation;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// Undoes the newest Set-KubeletAnonymousAuth run on each node: every file it backed up (one timestamp per run)
    /// is put back atomically, and a file it created is removed. The kubelet is not restarted.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "KubeletAnonymousAuth", DefaultParameterSetName = NodeSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RemediationResult))]
    public sealed class RestoreKubeletAnonymousAuthCommand : RemediationCommandBase
    {
        internal override void Remediate(NodeRemediation node, NodeTarget target)
        {
            var before = node.Setting.Configured ?? node.Setting.Effective;
            bool? previous = node.Setting.Problem == null ? before?.Enabled : null;
            var plan = node.PlanUndo();
            if (plan.Steps.Count > 0)
            {
                string description = NodeRemediation.Describe($"Restore the files backed up at {plan.Stamp}", node.ComputerName, plan.Steps.Select(s => (s.Path, s.Diff)));
                if (!ShouldProcess(description, $"Restore {string.Join(", ", plan.Steps.Select(s => s.Path))} on {node.ComputerName} from the backups of {plan.Stamp}?", "Restore-KubeletAnonymousAuth", out ShouldProcessReason reason))
                {
                    var result = node.ToResult(new RemediationOutcome { Status = RemediationStatus.NoChange, Reason = "Nothing was restored." }, previous, plan.ServiceName);
                    result.Status = reason == ShouldProcessReason.WhatIf ? "WhatIf" : "Declined";
                    WriteObject(result);
                    return;
                }
            }

            var outcome = node.Undo(plan);
            if (outcome.Status == RemediationStatus.Failed)
            {
                WriteError(node.ErrorFor(outcome));
            }

            WriteObject(node.ToResult(outcome, previous, plan.ServiceName));
        }
    }
}
