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
        private ReportRow(Func<string, string> property, ControlStatus status)
        {
            ComputerName = ReportText.Clean(property("ComputerName"));
            Status = status;
            Reason = ReportText.Clean(property("Reason"));
            Remediation = ReportText.Clean(property("Remediation"));
            Source = ReportText.Clean(property("Source"));
            SourcePath = ReportText.Clean(property("SourcePath"));
            Distribution = ReportText.Clean(property("Distribution"));
            ErrorId = ReportText.Clean(property("ErrorId"));
            Transport = ReportText.Clean(property("Transport"));
        }

        public string ComputerName { get; }
        public ControlStatus Status { get; }
        public string Reason { get; }
        public string Remediation { get; }
        public string Source { get; }
        public string SourcePath { get; }
        public string Distribution { get; }
        public string ErrorId { get; }
        public string Transport { get; }

        /// <summary>A row fails the control when the node was judged Fail, or could not be judged (Error).</summary>
        public bool IsFailing => Status == ControlStatus.Fail || Status == ControlStatus.Error;

        /// <summary>
        /// Whether SourcePath names a file on the node. In cluster mode it is the API server path the value was read
        /// from (/api/v1/nodes/&lt;node&gt;/proxy/configz), which is no file.
        /// </summary>
        public bool SourceIsFile => SourcePath.Length > 0 && !string.Equals(Transport, "Cluster", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Reads a row by CisControlResult property name, each value as text (what Import-Csv gives back). ComputerName
        /// and Status are required; ControlId, when given, must be the one control these reports describe. Throws
        /// ReportRowException with a stable id otherwise.
        /// </summary>
        public static ReportRow FromProperties(Func<string, string> property)
        {
            string computerName = property("ComputerName");
            if (string.IsNullOrWhiteSpace(computerName))
            {
                throw new ReportRowException(ErrorIds.ReportRowMissingProperty, "The row has no ComputerName; pipe CisControlResult rows from Test-CisKubelet421, or their Import-Csv copy.");
            }

            string controlId = property("ControlId");
            if (!string.IsNullOrWhiteSpace(controlId) && controlId.Trim() != Cis421.ControlId)
            {
                throw new ReportRowException(ErrorIds.ReportRowUnknownControl, $"The row for {ReportText.Clean(computerName)} is for control '{ReportText.Clean(controlId)}'; these reports describe CIS {Cis421.ControlId} only.");
            }

            string status = property("Status");
            if (string.IsNullOrWhiteSpace(status))
            {
                throw new ReportRowException(ErrorIds.ReportRowMissingProperty, $"The row for {ReportText.Clean(computerName)} has no Status; pipe CisControlResult rows from Test-CisKubelet421, or their Import-Csv copy.");
            }

            if (!TryParseStatus(status, out var parsed))
            {
                throw new ReportRowException(ErrorIds.ReportRowUnknownStatus,
                    $"The row for {ReportText.Clean(computerName)} has Status '{ReportText.Clean(status)}'; expected Pass, Fail, NotApplicable or Error.");
            }

            return new ReportRow(property, parsed);
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
