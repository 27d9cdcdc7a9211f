using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>What became of one node: the Status column of a remediation row. The names are part of the output contract.</summary>
    public enum RemediationStatus
    {
        /// <summary>Files were changed (and, with a restart, the kubelet runs with the new value).</summary>
        Changed,
        /// <summary>Nothing needed changing (or only a restart was needed and done).</summary>
        NoChange,
        /// <summary>The node's files must not or cannot be changed safely; nothing was written.</summary>
        Refused,
        /// <summary>A change or restart failed; what was written has been put back where possible.</summary>
        Failed,
        /// <summary>The kubelet did not come back healthy with the new value after a restart; every file was restored.</summary>
        RolledBack,
        /// <summary>A dry run: the change was only shown.</summary>
        WhatIf,
        /// <summary>The change was declined at a confirmation prompt; nothing was written.</summary>
        Declined,
    }

    /// <summary>What happened to one node's files and kubelet.</summary>
    public sealed record RemediationOutcome
    {
        public RemediationStatus Status { get; init; }
        public IReadOnlyList<string> FilesChanged { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> Backups { get; init; } = Array.Empty<string>();
        public bool Restarted { get; init; }
        public bool RolledBack { get; init; }
        public string Reason { get; init; } = string.Empty;
        /// <summary>Stable id of a refusal or failure; empty otherwise.</summary>
        public string ErrorId { get; init; } = string.Empty;
    }

    /// <summary>
    /// Carries out a <see cref="RemediationPlan"/> through a node's writer: every file backed up before any is changed,
    /// then each written atomically, and all of them put back when one fails, so a node ends with all edits or none.
    /// With a restart, the kubelet must come back healthy with the new value, or every file is restored.
    /// </summary>
    public static class RemediationExecution
    {
        public static RemediationOutcome Apply(RemediationPlan plan, INodeWriter writer, string stamp)
        {
            string value = plan.Enabled ? "true" : "false";
            if (plan.Refused)
            {
                return new RemediationOutcome { Status = RemediationStatus.Refused, Reason = plan.Refusal.Message, ErrorId = plan.Refusal.ErrorId };
            }

            if (plan.NothingToChange)
            {
                string pending = plan.Before.PendingRestart ? " " + plan.Before.DriftEvidence + " Restart the kubelet for it to take effect." : string.Empty;
                return new RemediationOutcome { Status = RemediationStatus.NoChange, Reason = $"The node's files already set anonymous-auth to {value} explicitly.{pending}" };
            }

            var backups = new List<string>();
            try
            {
                foreach (var edit in plan.Edits)
                {
                    backups.Add(writer.Backup(edit.Path, stamp));
                }
            }
            catch (NodeWriteException exception)
            {
                return Failure(exception.ErrorId, $"No file was changed: backing up {exception.Path} failed: {exception.Message}", RemoveOrphans(writer, backups));
            }

            for (int i = 0; i < plan.Edits.Count; i++)
            {
                var edit = plan.Edits[i];
                try
                {
                    writer.WriteFileAtomic(edit.Path, edit.NewContent, edit.OriginalContent);
                }
                catch (NodeWriteException exception)
                {
                    string restored = RestoreAll(writer, plan.Edits.Take(i).ToList(), backups, out bool complete);
                    // Every file holds its original again: the backups are orphans, unless one is needed to finish by hand.
                    return Failure(complete ? exception.ErrorId : ErrorIds.RollbackIncomplete, $"Writing {edit.Path} failed: {exception.Message}. {restored}", complete ? RemoveOrphans(writer, backups) : backups);
                }
            }

            for (int i = 0; i < plan.Edits.Count; i++)
            {
                try
                {
                    writer.WriteFileAtomic(BackupNames.RecordOf(backups[i]), BackupNames.Hash(plan.Edits[i].NewContent) + "\n", null);
                }
                catch (NodeWriteException)
                {
                    // The record only lets Restore tell a hand edit apart; without it Restore asks for -Force.
                }
            }

            string service = plan.ServiceName ?? "the kubelet";
            return new RemediationOutcome
            {
                Status = RemediationStatus.Changed,
                FilesChanged = plan.Edits.Select(edit => edit.Path).ToList(),
                Backups = backups,
                Reason = $"anonymous-auth is now {value} ({plan.Predicted.Source} in {plan.Predicted.SourcePath}); restart pending: the kubelet uses it after {service} restarts.",
            };
        }

        /// <summary>
        /// Reloads units when a unit file changed, restarts the kubelet's service, waits for it to be healthy and
        /// audits it again through <paramref name="reaudit"/>; on any failure restores every backup and restarts again.
        /// </summary>
        public static RemediationOutcome Restart(RemediationPlan plan, RemediationOutcome applied, INodeWriter writer, IKubeletService service, Func<NodeSetting> reaudit, TimeSpan timeout)
        {
            if (applied.Status != RemediationStatus.Changed)
            {
                return applied;
            }

            string name = plan.ServiceName;
            if (name == null)
            {
                applied = applied with
                {
                    Status = RemediationStatus.Failed,
                    ErrorId = ErrorIds.NoServiceToRestart,
                    Reason = "The files were changed but the kubelet's service is not known, so it was not restarted; restart the kubelet by hand.",
                };
                return applied;
            }

            string failure = StartAndVerify(plan, service, reaudit, timeout, out string errorId);
            if (failure == null)
            {
                applied = applied with
                {
                    Restarted = true,
                    Reason = $"anonymous-auth is now {(plan.Enabled ? "true" : "false")}: {name} was restarted, is healthy, and the running kubelet reports the new value.",
                };
                return applied;
            }

            string restored = RestoreAll(writer, plan.Edits, applied.Backups, out bool complete);
            string back = StartAgain(plan, service, timeout);
            applied = applied with
            {
                Status = RemediationStatus.RolledBack,
                RolledBack = true,
                Restarted = true,
                ErrorId = complete ? errorId : ErrorIds.RollbackIncomplete,
                Reason = $"{failure} {restored} {back}",
            };
            return applied;
        }

        /// <summary>
        /// The files already give the value but the running kubelet still runs with another (a pending restart):
        /// only a restart is needed, and nothing is written, so a failed restart has nothing to roll back.
        /// </summary>
        public static RemediationOutcome RestartOnly(RemediationPlan plan, IKubeletService service, Func<NodeSetting> reaudit, TimeSpan timeout)
        {
            var outcome = new RemediationOutcome { Status = RemediationStatus.NoChange };
            if (plan.ServiceName == null)
            {
                outcome = outcome with
                {
                    Status = RemediationStatus.Failed,
                    ErrorId = ErrorIds.NoServiceToRestart,
                    Reason = "The files already give the value, but the kubelet's service is not known, so it was not restarted; restart the kubelet by hand.",
                };
                return outcome;
            }

            // The pending change may be in a unit file edited by hand: systemd must read it before the restart.
            var reload = service.ReloadUnits();
            string errorId = ErrorIds.RestartFailed;
            string failure = reload.Succeeded
                ? StartAndVerify(plan, service, reaudit, timeout, out errorId)
                : $"systemctl daemon-reload failed (exit code {reload.ExitCode}): {reload.Output.Trim()}.";
            outcome = outcome with { Restarted = reload.Succeeded };
            if (failure == null)
            {
                outcome = outcome with
                {
                    Reason = $"The files already set anonymous-auth to {(plan.Enabled ? "true" : "false")}; {plan.ServiceName} was restarted, is healthy, and the running kubelet now reports it. No file was changed.",
                };
                return outcome;
            }

            outcome = outcome with { Status = RemediationStatus.Failed, ErrorId = errorId, Reason = failure + " No file was changed." };
            return outcome;
        }

        private static string StartAndVerify(RemediationPlan plan, IKubeletService service, Func<NodeSetting> reaudit, TimeSpan timeout, out string errorId)
        {
            errorId = ErrorIds.RestartFailed;
            if (plan.ChangesUnitFiles)
            {
                var reload = service.ReloadUnits();
                if (!reload.Succeeded)
                {
                    return $"systemctl daemon-reload failed (exit code {reload.ExitCode}): {reload.Output.Trim()}.";
                }
            }

            var restart = service.Restart(plan.ServiceName);
            if (!restart.Succeeded)
            {
                return $"Restarting {plan.ServiceName} failed (exit code {restart.ExitCode}): {restart.Output.Trim()}.";
            }

            if (!service.WaitUntilHealthy(timeout))
            {
                errorId = ErrorIds.KubeletUnhealthy;
                return $"The kubelet did not report healthy within {timeout.TotalSeconds:0} s after {plan.ServiceName} restarted.";
            }

            var after = reaudit();
            var effective = after.Effective;
            if (after.Problem != null || effective == null || !effective.Explicit || effective.Enabled != plan.Enabled)
            {
                errorId = ErrorIds.RestartNotVerified;
                string seen = after.Problem?.Message ?? (effective == null ? "no kubelet" : $"anonymous-auth {(effective.Enabled == true ? "true" : "false")} from {effective.Source}");
                return $"After the restart the kubelet reports {seen}, not an explicit {(plan.Enabled ? "true" : "false")}.";
            }

            return null;
        }

        private static string StartAgain(RemediationPlan plan, IKubeletService service, TimeSpan timeout)
        {
            if (plan.ChangesUnitFiles)
            {
                service.ReloadUnits();
            }

            var restart = service.Restart(plan.ServiceName);
            if (!restart.Succeeded)
            {
                return $"Restarting {plan.ServiceName} with the restored files failed too (exit code {restart.ExitCode}); check the node.";
            }

            return service.WaitUntilHealthy(timeout)
                ? $"{plan.ServiceName} was restarted with the restored files and is healthy."
                : $"{plan.ServiceName} was restarted with the restored files but did not report healthy within {timeout.TotalSeconds:0} s; check the node.";
        }

        /// <summary>Puts back, last first, every file of <paramref name="edits"/> from its backup.</summary>
        private static string RestoreAll(INodeWriter writer, IReadOnlyList<FileEdit> edits, IReadOnlyList<string> backups, out bool complete)
        {
            var failed = new List<string>();
            for (int i = edits.Count - 1; i >= 0; i--)
            {
                try
                {
                    writer.Restore(backups[i], edits[i].Path);
                }
                catch (NodeWriteException exception)
                {
                    failed.Add($"{edits[i].Path} (from {backups[i]}: {exception.Message})");
                }
            }

            complete = failed.Count == 0;
            if (edits.Count == 0)
            {
                return "No file had been changed.";
            }

            return complete
                ? $"Restored {string.Join(", ", edits.Select(edit => edit.Path))} from the backups."
                : $"Restoring failed for {string.Join("; ", failed)}; copy the backups back by hand.";
        }

        /// <summary>Removes backups a failed change left; what cannot be removed is still listed, so nobody loses track of it.</summary>
        private static IReadOnlyList<string> RemoveOrphans(INodeWriter writer, IReadOnlyList<string> backups)
        {
            var left = new List<string>();
            foreach (string backup in backups)
            {
                try
                {
                    writer.RemoveBackup(backup);
                }
                catch (NodeWriteException)
                {
                    left.Add(backup);
                }
            }

            return left;
        }

        private static RemediationOutcome Failure(string errorId, string reason, IReadOnlyList<string> backups) =>
            new RemediationOutcome { Status = RemediationStatus.Failed, ErrorId = errorId, Reason = reason, Backups = backups };
    }
}
