using System;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Rows;
using KubeletCompliance.Targets;

namespace KubeletCompliance.UseCases
{
    /// <summary>
    /// Set-KubeletAnonymousAuth on one node, in two steps so that the cmdlet can ask in between: <see cref="Prepare"/>
    /// plans the change and says what needs agreeing to (file edits, each with its diff; a restart), and
    /// <see cref="Carry"/> then does it. <see cref="WhatIf"/> and <see cref="Declined"/> are the outcomes of not doing it.
    /// </summary>
    internal sealed class SetAnonymousAuth
    {
        private readonly NodeChange node;
        private readonly RemediationOutcome refused;
        private readonly bool restartOnly;

        private SetAnonymousAuth(NodeChange node, RemediationPlan plan, RemediationOutcome refused, bool restartOnly, bool restarts)
        {
            this.node = node;
            Plan = plan;
            this.refused = refused;
            this.restartOnly = restartOnly;
            Restarts = restarts;
        }

        public static SetAnonymousAuth Prepare(NodeChange node, bool enabled, bool restart)
        {
            var plan = node.Plan(enabled);
            if (restart && node.Service == null)
            {
                var refused = new RemediationOutcome
                {
                    Status = RemediationStatus.Refused,
                    ErrorId = ErrorIds.RestartNeedsLiveNode,
                    Reason = CommandHints.NoServiceToRestart(node.Target.DisplayName),
                };
                return new SetAnonymousAuth(node, plan, refused, false, false);
            }

            // Someone already fixed the files but never restarted: -Restart must still bring the kubelet in line.
            bool restartOnly = restart && plan.NothingToChange && node.RunningDiffersFrom(enabled);
            bool changesFiles = !plan.Refused && !plan.NothingToChange;
            return new SetAnonymousAuth(node, plan, null, restartOnly, restart && (restartOnly || changesFiles));
        }

        public RemediationPlan Plan { get; }

        /// <summary>True when files are to be changed: the plan's edits, with their diffs, need agreeing to.</summary>
        public bool ChangesFiles => refused == null && !Plan.Refused && !Plan.NothingToChange;

        /// <summary>True when the kubelet is to be restarted, which needs agreeing to as well.</summary>
        public bool Restarts { get; }

        /// <summary>Changes the files and restarts the kubelet as prepared; a refusal or a plan with nothing to do only reports so.</summary>
        public RemediationOutcome Carry(TimeSpan restartTimeout) => CommandHints.ForSet(refused ?? Change(restartTimeout), node.Service != null || node.Target.Transport == NodeTransports.NodePod);

        public RemediationOutcome WhatIf => new RemediationOutcome
        {
            Status = RemediationStatus.WhatIf,
            Reason = "What if: " + WouldHappen() + "; nothing was written.",
        };

        public static RemediationOutcome Declined => new RemediationOutcome
        {
            Status = RemediationStatus.Declined,
            Reason = "Declined at the confirmation prompt; nothing was written.",
        };

        private string WouldHappen()
        {
            string files = ChangesFiles ? string.Join(", ", Plan.Edits.Select(e => e.Path)) + " would change" : null;
            string restart = Restarts ? (Plan.ServiceName ?? "the kubelet") + " would be restarted" : null;
            return string.Join(" and ", new[] { files, restart }.Where(s => s != null));
        }

        private RemediationOutcome Change(TimeSpan restartTimeout)
        {
            if (restartOnly)
            {
                return node.RestartOnly(Plan, restartTimeout);
            }

            var outcome = node.Apply(Plan);
            return Restarts ? node.Restart(Plan, outcome, restartTimeout) : outcome;
        }
    }
}
