using System;
using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Core.Remediation;
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

        internal override bool RestartsKubelet => Restart;

        internal override void Remediate(NodeChange node)
        {
            var change = SetAnonymousAuth.Prepare(node, Enabled, Restart);
            RemediationOutcome outcome;
            if (!AgreeToEdits(change, node.ComputerName, out bool whatIf))
            {
                outcome = whatIf ? change.WhatIf : SetAnonymousAuth.Declined;
            }
            else if (change.Restarts && !ConfirmRestart(node.ComputerName, change.Plan.ServiceName, out whatIf))
            {
                outcome = whatIf ? change.WhatIf : SetAnonymousAuth.Declined;
            }
            else
            {
                outcome = change.Carry(TimeSpan.FromSeconds(RestartTimeout));
            }

            Report(node, change.Plan, outcome);
        }

        /// <summary>Asks about the file edits, if any; <paramref name="whatIf"/> says a false answer came from -WhatIf.</summary>
        private bool AgreeToEdits(SetAnonymousAuth change, string computerName, out bool whatIf)
        {
            whatIf = false;
            if (!change.ChangesFiles)
            {
                return true;
            }

            // The description is what -WhatIf and -Verbose print (once, diff included); the question is what -Confirm asks,
            // with the same diff, so the change is seen before it is agreed to.
            string value = Enabled ? "$true" : "$false";
            string description = Describe($"Set anonymous-auth to {value}", computerName, change.Plan.Edits.Select(e => (e.Path, e.Diff)));
            string question = description + "\nMake this change?";
            if (ShouldProcess(description, question, "Set-KubeletAnonymousAuth", out ShouldProcessReason reason))
            {
                return true;
            }

            whatIf = reason == ShouldProcessReason.WhatIf;
            if (whatIf)
            {
                // -WhatIf writes the description to the host only; -Verbose keeps it in the verbose stream too.
                WriteVerbose(description);
                if (change.Restarts)
                {
                    ShouldProcess(computerName, $"Restart {change.Plan.ServiceName}");
                }
            }

            return false;
        }

        /// <summary>Asks about the restart; <paramref name="whatIf"/> says a false answer came from -WhatIf (a node whose files are already right).</summary>
        private bool ConfirmRestart(string computerName, string serviceName, out bool whatIf)
        {
            string action = $"Restart {serviceName ?? "the kubelet"}";
            string description = $"Performing the operation \"{action}\" on target \"{computerName}\".";
            if (!ShouldProcess(description, $"{action} on {computerName}?", "Set-KubeletAnonymousAuth", out ShouldProcessReason reason))
            {
                whatIf = reason == ShouldProcessReason.WhatIf;
                return false;
            }

            whatIf = false;

            // -Confirm (either way) has already been answered by ShouldProcess; -Force is the documented opt-out.
            if (Force || MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            return ShouldContinue($"{action} on {computerName}? Running pods keep running, but the node's kubelet is unavailable until it is back.", "Restart the kubelet");
        }

        private void Report(NodeChange node, RemediationPlan plan, RemediationOutcome outcome)
        {
            var result = Row(node, outcome, plan.PreviousEnabled, plan.ServiceName);
            if (outcome.Status == RemediationStatus.Refused || outcome.Status == RemediationStatus.Failed || outcome.Status == RemediationStatus.RolledBack)
            {
                WriteError(ErrorFor(node, outcome));
            }

            WriteObject(result);
        }
    }
}
