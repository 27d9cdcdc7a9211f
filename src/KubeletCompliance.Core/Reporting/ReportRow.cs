using System;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// One node's verdict as a report needs it, read from a CisControlResult or from the same row re-read as text
    /// (Import-Csv). Every text is already cleaned (ReportText); each writer still escapes for its own format.
    /// </summary>
    public sealed class ReportRow
    {
        private ReportRow(string computerName, ControlStatus status, string reason, string remediation, string source,
            string sourcePath, string distribution, string errorId)
        {
            ComputerName = computerName;
            Status = status;
            Reason = reason;
            Remediation = remediation;
            Source = source;
            SourcePath = sourcePath;
            Distribution = distribution;
            ErrorId = errorId;
        }

        public string ComputerName { get; }
        public ControlStatus Status { get; }
        public string Reason { get; }
        public string Remediation { get; }
        public string Source { get; }
        public string SourcePath { get; }
        public string Distribution { get; }
        public string ErrorId { get; }

        /// <summary>A row fails the control when the node was judged Fail, or could not be judged (Error).</summary>
        public bool IsFailing => Status == ControlStatus.Fail || Status == ControlStatus.Error;

        /// <summary>
        /// Reads a row from its properties as text. ComputerName and Status are required; ControlId, when given, must
        /// be the one control these reports describe. Throws ReportRowException with a stable id otherwise.
        /// </summary>
        public static ReportRow FromText(string computerName, string controlId, string status, string reason, string remediation,
            string source, string sourcePath, string distribution, string errorId)
        {
            if (string.IsNullOrWhiteSpace(computerName))
            {
                throw new ReportRowException(ErrorIds.ReportRowMissingProperty, "The row has no ComputerName; pipe CisControlResult rows from Test-CisKubelet421, or their Import-Csv copy.");
            }

            if (!string.IsNullOrWhiteSpace(controlId) && controlId.Trim() != Cis421.ControlId)
            {
                throw new ReportRowException(ErrorIds.ReportRowUnknownControl, $"The row for {ReportText.Clean(computerName)} is for control '{ReportText.Clean(controlId)}'; these reports describe CIS {Cis421.ControlId} only.");
            }

            if (string.IsNullOrWhiteSpace(status))
            {
                throw new ReportRowException(ErrorIds.ReportRowMissingProperty, $"The row for {ReportText.Clean(computerName)} has no Status; pipe CisControlResult rows from Test-CisKubelet421, or their Import-Csv copy.");
            }

            if (!TryParseStatus(status, out var parsed))
            {
                throw new ReportRowException(ErrorIds.ReportRowUnknownStatus,
                    $"The row for {ReportText.Clean(computerName)} has Status '{ReportText.Clean(status)}'; expected Pass, Fail, NotApplicable or Error.");
            }

            return new ReportRow(ReportText.Clean(computerName), parsed, ReportText.Clean(reason), ReportText.Clean(remediation),
                ReportText.Clean(source), ReportText.Clean(sourcePath), ReportText.Clean(distribution), ReportText.Clean(errorId));
        }

        private static bool TryParseStatus(string text, out ControlStatus status)
        {
            status = ControlStatus.Error;
            foreach (ControlStatus candidate in Enum.GetValues(typeof(ControlStatus)))
            {
                if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    status = candidate;
                    return true;
                }
            }

            return false;
        }
    }
}
