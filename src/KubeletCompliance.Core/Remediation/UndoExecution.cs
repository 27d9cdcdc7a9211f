using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>
    /// Puts the newest backup set back without losing anything: a file that already holds its backed-up content is
    /// not touched, a file edited since the change is refused unless forced, and what a restore replaces is kept as
    /// &lt;name&gt;.kcbak-&lt;stamp&gt;.replaced, so a restore can itself be undone by hand.
    /// </summary>
    public static class UndoExecution
    {
        public static RemediationOutcome Undo(UndoPlan plan, INodeWriter writer, bool force, string stamp)
        {
            if (plan.Refusal != null)
            {
                return new RemediationOutcome { Status = RemediationStatus.Refused, Reason = plan.Refusal.Message, ErrorId = plan.Refusal.ErrorId };
            }

            if (plan.Steps.Count == 0)
            {
                return new RemediationOutcome { Status = RemediationStatus.NoChange, Reason = "No backups of an earlier change were found beside the kubelet's files." };
            }

            var pending = plan.Steps.Where(step => !step.AlreadyRestored).ToList();
            if (pending.Count == 0)
            {
                return new RemediationOutcome { Status = RemediationStatus.NoChange, Reason = $"The files already hold what was backed up at {plan.Stamp}; nothing was touched." };
            }

            var edited = pending.Where(step => step.ChangedSinceBackup).Select(step => step.Path).ToList();
            if (edited.Count > 0 && !force)
            {
                return new RemediationOutcome
                {
                    Status = RemediationStatus.Refused,
                    ErrorId = ErrorIds.RestoreFileChanged,
                    Reason = $"Nothing was restored: {string.Join(", ", edited)} changed after the backup of {plan.Stamp} was made (or the change left no record of what it wrote), and restoring would lose that. Use -Force to restore anyway; the current content is kept beside the file as .kcbak-<stamp>.replaced.",
                };
            }

            var restored = new List<string>();
            var kept = new List<string>();
            foreach (var step in pending)
            {
                try
                {
                    kept.Add(writer.Backup(step.Path, BackupNames.ReplacedStamp(stamp)));
                    writer.Restore(step.BackupPath, step.Path);
                    restored.Add(step.Path);
                }
                catch (NodeWriteException exception)
                {
                    return new RemediationOutcome
                    {
                        Status = RemediationStatus.Failed,
                        ErrorId = exception.ErrorId,
                        FilesChanged = restored,
                        Backups = kept,
                        Reason = $"{exception.Message} Restored before the failure: {(restored.Count == 0 ? "nothing" : string.Join(", ", restored))}.",
                    };
                }
            }

            string service = plan.ServiceName ?? "the kubelet";
            return new RemediationOutcome
            {
                Status = RemediationStatus.Changed,
                FilesChanged = restored,
                Backups = kept,
                Reason = $"Restored the files backed up at {plan.Stamp} (what they held before is kept in Backups); restart pending: the kubelet uses them after {service} restarts.",
            };
        }
    }
}
