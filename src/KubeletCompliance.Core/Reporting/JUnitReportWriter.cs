using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;
using KubeletCompliance.Core.Compliance;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// JUnit XML as CI systems read it (Jenkins, GitLab, Azure DevOps, GitHub actions): one testsuite per run, one
    /// testcase per node (name: the node, classname: the control). Fail is a failure, Error an error, NotApplicable
    /// skipped; Reason is the message and the body says what to change and where. The suite's counts come first in
    /// the file but are known only at the end, so the test cases are written to a scratch stream as they arrive and
    /// copied after the header when the run completes: memory stays flat, the disk holds the cases twice for a moment.
    /// </summary>
    public sealed class JUnitReportWriter : IReportWriter
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly Stream output;
        private readonly Stream scratch;
        private readonly XmlWriter cases;
        private readonly ReportRun run;
        private readonly ReportTotals totals = new ReportTotals();
        private readonly string className = Cis421.ControlId + " " + Cis421.Title;

        public JUnitReportWriter(Stream output, Stream scratch, ReportRun run)
        {
            this.output = output;
            this.scratch = scratch;
            this.run = run;
            // The cases sit two levels deep once copied under <testsuites><testsuite>: every indenting newline carries that.
            var settings = Settings(ConformanceLevel.Fragment);
            settings.NewLineChars = "\n    ";
            cases = XmlWriter.Create(scratch, settings);
        }

        public void Add(ReportRow row)
        {
            totals.Add(row);
            cases.WriteStartElement("testcase");
            cases.WriteAttributeString("name", row.ComputerName);
            cases.WriteAttributeString("classname", className);
            cases.WriteAttributeString("time", "0");
            switch (row.Status)
            {
                case ControlStatus.Fail:
                    WriteProblem("failure", "Fail", row);
                    break;
                case ControlStatus.Error:
                    WriteProblem("error", string.IsNullOrEmpty(row.ErrorId) ? "Error" : row.ErrorId, row);
                    break;
                case ControlStatus.NotApplicable:
                    cases.WriteStartElement("skipped");
                    cases.WriteAttributeString("message", row.Reason);
                    cases.WriteEndElement();
                    break;
            }

            cases.WriteEndElement();
        }

        public void Complete(DateTimeOffset finished)
        {
            cases.Flush();
            string seconds = Math.Max(0, (finished - run.Started).TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
            using (var envelope = XmlWriter.Create(output, Settings(ConformanceLevel.Document)))
            {
                envelope.WriteStartDocument();
                envelope.WriteStartElement("testsuites");
                envelope.WriteAttributeString("name", run.Title);
                WriteCounts(envelope, seconds);
                envelope.WriteStartElement("testsuite");
                envelope.WriteAttributeString("name", run.Title);
                WriteCounts(envelope, seconds);
                envelope.WriteAttributeString("timestamp", run.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                envelope.WriteStartElement("properties");
                WriteProperty(envelope, "control", Cis421.ControlId);
                WriteProperty(envelope, "tool", ReportRun.ToolName + " " + run.ToolVersion);
                envelope.WriteEndElement();
                envelope.WriteRaw("\n    ");
                envelope.Flush();

                scratch.Position = 0;
                scratch.CopyTo(output);

                envelope.WriteRaw("\n  ");
                envelope.WriteEndElement();
                envelope.WriteEndElement();
                envelope.WriteEndDocument();
            }

            output.WriteByte((byte)'\n');
            output.Flush();
        }

        /// <summary>Closes the scratch stream even when flushing the last cases fails (a full disk).</summary>
        public void Dispose()
        {
            try
            {
                cases.Dispose();
            }
            finally
            {
                scratch.Dispose();
            }
        }

        private void WriteProblem(string element, string type, ReportRow row)
        {
            cases.WriteStartElement(element);
            cases.WriteAttributeString("message", row.Reason);
            cases.WriteAttributeString("type", type);
            cases.WriteString(Body(row));
            cases.WriteEndElement();
        }

        private static string Body(ReportRow row)
        {
            var body = new StringBuilder();
            body.Append(row.Reason).Append('\n');
            Line(body, "Remediation", row.Remediation);
            Line(body, "Source", row.Source);
            Line(body, "SourcePath", row.SourcePath);
            Line(body, "Distribution", row.Distribution);
            Line(body, "ErrorId", row.ErrorId);
            return body.ToString();
        }

        private static void Line(StringBuilder body, string name, string value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                body.Append(name).Append(": ").Append(value).Append('\n');
            }
        }

        private void WriteCounts(XmlWriter writer, string seconds)
        {
            writer.WriteAttributeString("tests", totals.Total.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("failures", totals.Count(ControlStatus.Fail).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("errors", totals.Count(ControlStatus.Error).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("skipped", totals.Count(ControlStatus.NotApplicable).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("time", seconds);
        }

        private static void WriteProperty(XmlWriter writer, string name, string value)
        {
            writer.WriteStartElement("property");
            writer.WriteAttributeString("name", name);
            writer.WriteAttributeString("value", value);
            writer.WriteEndElement();
        }

        private static XmlWriterSettings Settings(ConformanceLevel level) => new XmlWriterSettings
        {
            Encoding = Utf8,
            ConformanceLevel = level,
            Indent = true,
            CloseOutput = false,
            NewLineHandling = NewLineHandling.Entitize,
        };
    }
}
