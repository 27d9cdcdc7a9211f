using System;
using System.IO;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// Writes one report as rows arrive. Nothing a writer keeps grows with the number of rows: rows go to the output
    /// or to scratch streams at once, and only ReportTotals stay in memory. Disposing releases the scratch streams,
    /// never the output.
    /// </summary>
    public interface IReportWriter : IDisposable
    {
        void Add(ReportRow row);

        /// <summary>Writes what can only be written once every row is known (counts, totals, the end time) and flushes.</summary>
        void Complete(DateTimeOffset finished);
    }

    public static class ReportWriters
    {
        /// <summary>A writer of the given format on output; scratch opens an empty read/write stream for a section kept aside.</summary>
        public static IReportWriter Create(ReportFormat format, Stream output, Func<Stream> scratch, ReportRun run)
        {
            switch (format)
            {
                case ReportFormat.JUnit:
                    return new JUnitReportWriter(output, scratch(), run);
                case ReportFormat.Sarif:
                    return new SarifReportWriter(output, run);
                default:
                    return new HtmlReportWriter(output, scratch(), scratch(), run);
            }
        }
    }
}
