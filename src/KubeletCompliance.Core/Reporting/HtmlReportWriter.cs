using System;
using System.Globalization;
using System.IO;
using System.Text;
using KubeletCompliance.Core.Compliance;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// A one-page fleet report a person reads: totals, a chart by distribution, the failing nodes (Fail and Error)
    /// with Reason and Remediation, then the rest. One self-contained file, no script, readable on a phone and in
    /// print. The totals come first on the page but are known only at the end, so table rows are rendered as they
    /// arrive into two scratch streams (failing, the rest) and copied under the totals when the run completes;
    /// only the counts stay in memory.
    /// </summary>
    public sealed class HtmlReportWriter : IReportWriter
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly Stream output;
        private readonly Stream failingScratch;
        private readonly Stream otherScratch;
        private readonly TextWriter failing;
        private readonly TextWriter other;
        private readonly ReportRun run;
        private readonly ReportTotals totals = new ReportTotals();

        public HtmlReportWriter(Stream output, Stream failingScratch, Stream otherScratch, ReportRun run)
        {
            this.output = output;
            this.failingScratch = failingScratch;
            this.otherScratch = otherScratch;
            failing = new StreamWriter(failingScratch, Utf8, 65536, leaveOpen: true) { NewLine = "\n" };
            other = new StreamWriter(otherScratch, Utf8, 65536, leaveOpen: true) { NewLine = "\n" };
            this.run = run;
        }

        public void Add(ReportRow row)
        {
            totals.Add(row);
            var writer = row.IsFailing ? failing : other;
            writer.Write("<tr>");
            Cell(writer, "Node", "node", Html.Escape(row.ComputerName));
            Cell(writer, "Status", null, $"<span class=\"badge {HtmlChart.Css(row.Status)}\">{row.Status}</span>");
            Cell(writer, "Reason", "text", Html.Escape(row.Reason));
            if (row.IsFailing)
            {
                Cell(writer, "Remediation", "text", Html.Escape(row.Remediation));
            }

            Cell(writer, "File", "file", row.SourcePath.Length == 0 ? string.Empty : "<code>" + Html.Escape(row.SourcePath) + "</code>");
            Cell(writer, "Distribution", "dist", Html.Escape(row.Distribution));
            writer.Write("</tr>\n");
        }

        public void Complete(DateTimeOffset finished)
        {
            using (var page = new StreamWriter(output, Utf8, 65536, leaveOpen: true) { NewLine = "\n" })
            {
                Head(page, finished);
                int failingCount = totals.Count(ControlStatus.Fail) + totals.Count(ControlStatus.Error);
                page.Write($"<section id=\"failing\">\n<h2>Failing nodes ({failingCount})</h2>\n");
                if (failingCount == 0)
                {
                    page.Write("<p class=\"none\">No node fails the control.</p>\n");
                }
                else
                {
                    Table(page, failing, failingScratch, "Node", "Status", "Reason", "Remediation", "File", "Distribution");
                }

                int otherCount = totals.Total - failingCount;
                page.Write($"</section>\n<section id=\"other\">\n<h2>Other nodes ({otherCount})</h2>\n");
                if (otherCount > 0)
                {
                    Table(page, other, otherScratch, "Node", "Status", "Reason", "File", "Distribution");
                }

                page.Write("</section>\n<footer>");
                page.Write($"Written by {ReportRun.ToolName} {Html.Escape(run.ToolVersion)}: CIS Kubernetes Benchmark {Cis421.ControlId}, {Html.Escape(Cis421.Title)}. ");
                page.Write($"Rows from {Stamp(run.Started)} to {Stamp(finished)}.</footer>\n</body>\n</html>\n");
            }

            output.Flush();
        }

        /// <summary>Closes every scratch stream even when flushing one fails (a full disk), so none is left behind.</summary>
        public void Dispose()
        {
            try
            {
                failing.Dispose();
            }
            finally
            {
                try
                {
                    other.Dispose();
                }
                finally
                {
                    try
                    {
                        failingScratch.Dispose();
                    }
                    finally
                    {
                        otherScratch.Dispose();
                    }
                }
            }
        }

        private void Head(TextWriter page, DateTimeOffset finished)
        {
            page.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            page.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            page.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {HtmlStyle.Hash()}\">\n");
            page.Write($"<title>{Html.Escape(run.Title)}</title>\n<style>{HtmlStyle.Sheet}</style>\n</head>\n<body>\n");
            page.Write($"<header>\n<h1>{Html.Escape(run.Title)}</h1>\n");
            page.Write($"<p class=\"meta\">CIS Kubernetes Benchmark {Cis421.ControlId}: {Html.Escape(Cis421.Title)}. {totals.Total} nodes, {Stamp(finished)}.</p>\n</header>\n");
            page.Write("<section class=\"totals\" aria-label=\"Totals\">\n");
            Total(page, "fail", "Fail", totals.Count(ControlStatus.Fail));
            Total(page, "error", "Error", totals.Count(ControlStatus.Error));
            Total(page, "pass", "Pass", totals.Count(ControlStatus.Pass));
            Total(page, "na", "NotApplicable", totals.Count(ControlStatus.NotApplicable));
            Total(page, "all", "Nodes", totals.Total);
            page.Write("</section>\n<section id=\"chart\">\n<h2>By distribution</h2>\n");
            page.Write(HtmlChart.Render(totals));
            page.Write("\n</section>\n");
        }

        private static void Total(TextWriter page, string css, string label, int count) =>
            page.Write($"<div class=\"total {css}\"><b>{count.ToString(CultureInfo.InvariantCulture)}</b>{label}</div>\n");

        private static void Table(StreamWriter page, TextWriter rows, Stream scratch, params string[] headings)
        {
            page.Write("<table>\n<thead><tr>");
            foreach (string heading in headings)
            {
                page.Write($"<th scope=\"col\">{heading}</th>");
            }

            page.Write("</tr></thead>\n<tbody>\n");
            rows.Flush();
            page.Flush();
            scratch.Position = 0;
            scratch.CopyTo(page.BaseStream);
            page.Write("</tbody>\n</table>\n");
        }

        private static void Cell(TextWriter writer, string label, string css, string html)
        {
            writer.Write(css == null ? $"<td data-label=\"{label}\">" : $"<td class=\"{css}\" data-label=\"{label}\">");
            writer.Write(html);
            writer.Write("</td>");
        }

        private static string Stamp(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
    }
}
