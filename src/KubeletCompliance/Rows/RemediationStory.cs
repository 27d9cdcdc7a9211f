using System;
using System.Globalization;

namespace KubeletCompliance.Rows
{
    /// <summary>What -Verbose says about each node Set-/Restore- handled: one line, like an audit's.</summary>
    internal static class RemediationStory
    {
        public static string Summary(RemediationResult row, string node, TimeSpan elapsed)
        {
            string id = string.IsNullOrEmpty(row.ErrorId) ? string.Empty : $" ({row.ErrorId})";
            string files = string.IsNullOrEmpty(row.FilesChanged) ? string.Empty : $"; changed {List(row.FilesChanged)}";
            string backups = string.IsNullOrEmpty(row.Backups) ? string.Empty : $"; backups {List(row.Backups)}";
            string restart = row.Restarted ? $"; restarted {row.ServiceName}" : string.Empty;
            // A WhatIf reason starts "What if:", which the status already says.
            string reason = row.Reason.StartsWith("What if: ", StringComparison.Ordinal) ? row.Reason.Substring(9) : row.Reason;
            string took = elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
            return $"{node} over {row.Transport}: {row.Status}{id}: {reason.TrimEnd('.')}{files}{backups}{restart}; {took}.";
        }

        private static string List(string joined) => joined.Replace(";", ", ");
    }
}
