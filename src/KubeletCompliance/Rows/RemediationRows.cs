using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Rows
{
    /// <summary>
    /// The pure mapper from a change's outcome to the row Set-KubeletAnonymousAuth and Restore-KubeletAnonymousAuth write;
    /// node-supplied text in it has its control characters escaped, so a node cannot write escape sequences to a console or CSV.
    /// </summary>
    internal static class RemediationRows
    {
        /// <param name="after">The node re-audited after the change; null when it could not be read.</param>
        public static RemediationResult Result(string computerName, string transport, string root, string remoteRoot, RemediationOutcome outcome, bool? previous, string serviceName, NodeSetting after)
        {
            var files = after?.Configured ?? after?.Effective;
            return new RemediationResult
            {
                ComputerName = computerName,
                PreviousEnabled = previous,
                Enabled = after?.NodeProblem == null && files?.Problem == null ? files?.Enabled : null,
                Changed = outcome.Status == RemediationStatus.Changed,
                FilesChanged = outcome.Status == RemediationStatus.Changed ? NodeText.Escape(string.Join(";", outcome.FilesChanged)) : string.Empty,
                Backups = NodeText.Escape(string.Join(";", outcome.Backups)),
                Restarted = outcome.Restarted,
                RolledBack = outcome.RolledBack,
                Status = outcome.Status.ToString(),
                Reason = NodeText.Escape(outcome.Reason),
                ErrorId = outcome.ErrorId,
                ServiceName = serviceName ?? string.Empty,
                Root = root,
                RemoteRoot = remoteRoot,
                Transport = transport,
            };
        }
    }
}
