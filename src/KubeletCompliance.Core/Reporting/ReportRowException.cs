using System;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>A pipeline row a report cannot describe, with a stable id the cmdlet puts on its ErrorRecord.</summary>
    public sealed class ReportRowException : Exception
    {
        public ReportRowException(string errorId, string message)
            : base(message)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
