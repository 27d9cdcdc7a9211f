using System;

namespace KubeletCompliance.Core.Reporting
{
    public enum ReportFormat
    {
        JUnit,
        Sarif,
        Html,
    }

    public static class ReportFormats
    {
        /// <summary>The format a file name implies: .xml is JUnit, .sarif (and .sarif.json) SARIF, .html/.htm HTML.</summary>
        public static ReportFormat? FromFileName(string path)
        {
            string name = (path ?? string.Empty).TrimEnd('/', '\\');
            if (name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.JUnit;
            }

            if (name.EndsWith(".sarif", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".sarif.json", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Sarif;
            }

            if (name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Html;
            }

            return null;
        }
    }
}
