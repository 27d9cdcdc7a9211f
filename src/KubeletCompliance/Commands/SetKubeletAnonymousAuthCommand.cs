using System;
using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Rows;
using KubeletCompliance.Targets;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// Changes the files that decide the kubelet's anonymous-auth on each node, as little as possible, with a backup
    /// beside each changed file; with -Restart also restarts the kubelet and rolls everything back when it does not
    /// come back healthy with the new value.
    /// </summary>
    /// <remarks>
    /// Changing files is Medium impact. Restarting the kubelet is High: PowerShell decides prompting from the
    /// attribute alone, so -Restart asks again with ShouldContinue unless -Force or -Confirm is given.
    /// </remarks>
    [Cmdlet(VerbsCommon.Set, "KubeletAnonymousAuth", DefaultParameterSetName = NodeSet, HelpUri = HelpPage + "set-kubeletanonymousauth", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RemediationResult))]
    public sealed class SetKubeletAnonymousAuthCommand : RemediationCommandBase
    {
        /// <summary>The value to set: $false is what CIS 4.2.1 asks for.</summary>
        [Parameter(Mandatory = true)]
        public bool Enabled { get; set; }

        [Parameter]
        public SwitchParameter Restart { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int RestartTimeout { get; set; } = 120;

        /// <summary>Restart without the extra confirmation -Restart otherwise asks for.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        internal override void Remediate(NodeChange node)
        {
            var plan = node.Plan(Enabled);
            if (Restart && node.Service == null)
            {
                Report(node, plan, new RemediationOutcome
                {
                    Status = RemediationStatus.Refused,
                    ErrorId = ErrorIds.RestartNeedsLiveNode,
                    Reason = node.Target.Transport == NodeTransports.NodePod
                        ? $"-Restart is not available through a node pod: restart the kubelet on {node.Target.DisplayName} itself, or change it over SSH with -ComputerName. Nothing was changed."
                        : $"-Restart applies to a running node; {node.Target.DisplayName} is a file tree with no service to restart. Nothing was changed.",
                });
                return;
            }

            if (plan.NothingToChange && Restart && node.RunningDiffersFrom(Enabled))
            {
                // Someone already fixed the files but never restarted: -Restart must still bring the kubelet in line.
                if (!ConfirmRestart(node.ComputerName, plan.ServiceName))
                {
                    Report(node, plan, Declined);
                    return;
                }

                Report(node, plan, node.RestartOnly(plan, TimeSpan.FromSeconds(RestartTimeout)));
                return;
            }

            if (plan.Refused || plan.NothingToChange)
            {
                Report(node, plan, node.Apply(plan));
                return;
            }

            // The description is what -WhatIf and -Verbose print (once, diff included); the question is what -Confirm asks,
            // with the same diff, so the change is seen before it is agreed to.
            string value = Enabled ? "$true" : "$false";
            string description = Describe($"Set anonymous-auth to {value}", node.ComputerName, plan.Edits.Select(e => (e.Path, e.Diff)));
            string question = description + "\nMake this change?";
            if (!ShouldProcess(description, question, "Set-KubeletAnonymousAuth", out ShouldProcessReason reason))
            {
                bool whatIf = reason == ShouldProcessReason.WhatIf;
                if (whatIf)
                {
                    // -WhatIf writes the description to the host only; -Verbose keeps it in the verbose stream too.
                    WriteVerbose(description);
                }

                if (whatIf && Restart)
                {
                    ShouldProcess(node.ComputerName, $"Restart {plan.ServiceName}");
                }

                Report(node, plan, whatIf ? WhatIfOutcome(plan) : Declined);
                return;
            }

            if (Restart && !ConfirmRestart(node.ComputerName, plan.ServiceName))
            {
                Report(node, plan, Declined);
                return;
            }

            var outcome = node.Apply(plan);
            if (Restart)
            {
                outcome = node.Restart(plan, outcome, TimeSpan.FromSeconds(RestartTimeout));
            }

            Report(node, plan, outcome);
        }

        private bool ConfirmRestart(string computerName, string serviceName)
        {
            string action = $"Restart {serviceName ?? "the kubelet"}";
            if (!ShouldProcess(computerName, action))
            {
                return false;
            }

            // -Confirm (either way) has already been answered by ShouldProcess; -Force is the documented opt-out.
            if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            return ShouldContinue($"{action} on {computerName}? Running pods keep running, but the node's kubelet is unavailable until it is back.", "Restart the kubelet");
        }

        private static RemediationOutcome WhatIfOutcome(RemediationPlan plan) => new RemediationOutcome
        {
            Status = RemediationStatus.WhatIf,
            Reason = $"What if: {string.Join(", ", plan.Edits.Select(e => e.Path))} would change; nothing was written.",
        };

        private static RemediationOutcome Declined => new RemediationOutcome
        {
            Status = RemediationStatus.Declined,
            Reason = "Declined at the confirmation prompt; nothing was written.",
        };

        private void Report(NodeChange node, RemediationPlan plan, RemediationOutcome outcome)
        {
            outcome = CommandHints.ForSet(outcome);
            var result = Row(node, outcome, plan.PreviousEnabled, plan.ServiceName);
            if (outcome.Status == RemediationStatus.Refused || outcome.Status == RemediationStatus.Failed || outcome.Status == RemediationStatus.RolledBack)
            {
                WriteError(ErrorFor(node, outcome));
            }

            WriteObject(result);
        }
    }
}
