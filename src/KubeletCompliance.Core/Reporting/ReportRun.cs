using System;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>What a report says about the run itself: its title, when it started, and which tool wrote it.</summary>
    public sealed class ReportRun
    {
        public const string ToolName = "KubeletCompliance";
        public const string DefaultTitle = "Kubelet anonymous access (CIS 4.2.1)";

        public ReportRun(string title, DateTimeOffset started, string toolVersion, string informationUri)
        {
            Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle : ReportText.Clean(title);
            Started = started.ToUniversalTime();
            ToolVersion = toolVersion ?? string.Empty;
            InformationUri = informationUri ?? string.Empty;
        }

        public string Title { get; }
        public DateTimeOffset Started { get; }
        public string ToolVersion { get; }
        public string InformationUri { get; }
    }
}
