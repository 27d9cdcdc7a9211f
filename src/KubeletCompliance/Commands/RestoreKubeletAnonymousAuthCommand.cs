using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// Undoes the newest Set-KubeletAnonymousAuth run on each node: every file it backed up (one timestamp per run)
    /// is put back atomically, and a file it created is removed. The kubelet is not restarted. It writes as root from
    /// backups found on the node, so it asks first (ConfirmImpact High) and acts only on files the service files name.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "KubeletAnonymousAuth", DefaultParameterSetName = NodeSet, HelpUri = HelpPage + "restore-kubeletanonymousauth", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RemediationResult))]
    public sealed class RestoreKubeletAnonymousAuthCommand : RemediationCommandBase
    {
        /// <summary>Restores a file even when it changed after its backup was made (its content is kept as .replaced).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        internal override void Remediate(NodeChange node)
        {
            var restore = RestoreAnonymousAuth.Prepare(node);
            if (restore.ChangesFiles)
            {
                string description = Describe($"Restore the files backed up at {restore.Plan.Stamp}", node.ComputerName, restore.Plan.Steps.Select(s => (s.Path, s.Diff)));
                string question = description + "\nPut these files back?";
                if (!ShouldProcess(description, question, "Restore-KubeletAnonymousAuth", out ShouldProcessReason reason))
                {
                    WriteObject(Row(node, restore.NotDone(reason == ShouldProcessReason.WhatIf), restore.Previous, restore.Plan.ServiceName));
                    return;
                }
            }

            var outcome = restore.Carry(Force);
            if (outcome.Status == RemediationStatus.Failed || outcome.Status == RemediationStatus.Refused)
            {
                WriteError(ErrorFor(node, outcome));
            }

            WriteObject(Row(node, outcome, restore.Previous, restore.Plan.ServiceName));
        }
    }
}
