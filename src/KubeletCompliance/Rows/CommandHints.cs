using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Remediation;

namespace KubeletCompliance.Rows
{
    /// <summary>
    /// The sentences that name this module's cmdlets and parameters. The core states facts (a verdict's remedy, a
    /// change whose restart is pending); only this layer knows what the commands are called.
    /// </summary>
    internal static class CommandHints
    {
        public static string Remediation(ControlVerdict verdict, string computerName)
        {
            switch (verdict.Remedy)
            {
                case VerdictRemedy.SetAnonymousAuthFalse:
                    return BeforeFullStop(verdict.Remediation, " (Set-KubeletAnonymousAuth -Enabled $false does this)");
                case VerdictRemedy.AuditNodeFiles:
                    return $"Audit the node's files (Test-CisKubelet421 -ComputerName {computerName}) to find where to set it to false.";
                default:
                    return verdict.Remediation;
            }
        }

        /// <summary>The warning for a node pod this run could not delete: it ends by itself, and a later run can remove it.</summary>
        public static string UndeletedPod(string pod, string ns) =>
            $"Node pod not deleted: {pod}. It ends by itself (activeDeadlineSeconds); remove it later with: Remove-KubeletCompliancePod -Namespace {ns}";

        /// <summary>
        /// Set-KubeletAnonymousAuth's outcome: a change whose restart is pending says which parameter restarts it, where
        /// -Restart would be accepted (<paramref name="restartable"/>: not a file tree under -Root).
        /// </summary>
        public static RemediationOutcome ForSet(RemediationOutcome outcome, bool restartable) =>
            restartable && outcome.Status == RemediationStatus.Changed && !outcome.Restarted
                ? outcome with { Reason = BeforeFullStop(outcome.Reason, " (-Restart does this)") }
                : outcome;

        /// <summary>Why Set-KubeletAnonymousAuth -Restart refuses a node that has no kubelet service it can restart (a file tree).</summary>
        public static string NoServiceToRestart(string node) =>
            $"-Restart applies to a running node; {node} is a file tree with no service to restart. Nothing was changed.";

        /// <summary>Restore-KubeletAnonymousAuth's outcome: "no backups" names the cmdlet that makes them.</summary>
        public static RemediationOutcome ForRestore(RemediationOutcome outcome, UndoPlan plan) =>
            plan.Steps.Count == 0 && outcome.Status == RemediationStatus.NoChange
                ? outcome with { Reason = "No backups made by Set-KubeletAnonymousAuth were found beside the kubelet's files." }
                : outcome;

        private static string BeforeFullStop(string sentence, string aside) =>
            sentence.EndsWith(".") ? sentence.Substring(0, sentence.Length - 1) + aside + "." : sentence + aside;
    }
}
