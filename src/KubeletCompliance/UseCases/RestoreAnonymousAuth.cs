using System.Linq;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Rows;

namespace KubeletCompliance.UseCases
{
    /// <summary>
    /// Restore-KubeletAnonymousAuth on one node, in two steps so that the cmdlet can ask in between:
    /// <see cref="Prepare"/> plans which backups go back (each with its diff), <see cref="Carry"/> puts them back.
    /// </summary>
    internal sealed class RestoreAnonymousAuth
    {
        private readonly NodeChange node;

        private RestoreAnonymousAuth(NodeChange node, UndoPlan plan)
        {
            this.node = node;
            Plan = plan;
        }

        public static RestoreAnonymousAuth Prepare(NodeChange node) => new RestoreAnonymousAuth(node, node.PlanUndo());

        public UndoPlan Plan { get; }

        /// <summary>The value the node's files gave before the restore; null when that could not be told.</summary>
        public bool? Previous => node.Before.Problem == null ? (node.Before.Configured ?? node.Before.Effective)?.Enabled : null;

        /// <summary>True when some file is to be put back: the plan's steps, with their diffs, need agreeing to.</summary>
        public bool ChangesFiles => Plan.Steps.Any(step => !step.AlreadyRestored);

        /// <param name="force">Restore a file even when it changed after its backup was made.</param>
        public RemediationOutcome Carry(bool force) => CommandHints.ForRestore(node.Undo(Plan, force), Plan);

        /// <summary>The outcome of not agreeing (-WhatIf or a prompt answered no), saying what would have been restored, as Set- says what would change.</summary>
        public RemediationOutcome NotDone(bool whatIf) => new RemediationOutcome
        {
            Status = whatIf ? RemediationStatus.WhatIf : RemediationStatus.Declined,
            Reason = whatIf
                ? $"What if: {string.Join(", ", Plan.Steps.Where(step => !step.AlreadyRestored).Select(step => step.Path))} would be restored from the backups of {Plan.Stamp}; nothing was written."
                : "Declined at the confirmation prompt; nothing was restored.",
        };
    }
}
