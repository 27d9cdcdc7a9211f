using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using KubeletCompliance.Core.Compliance;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// SARIF 2.1.0 (what GitHub code scanning and other SARIF viewers read): one run, one rule (CIS 4.2.1), one
    /// result per failing node. Fail is level "error"; Error (the node could not be judged) is level "warning". The
    /// file that decided (SourcePath) is the physical location and the node the logical one. Results are written as
    /// they arrive; the run's totals and end time follow them, which JSON's unordered members allow.
    /// </summary>
    public sealed class SarifReportWriter : IReportWriter
    {
        public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
        public const string ControlUri = "https://www.cisecurity.org/benchmark/kubernetes";
        public const string KubeletAuthUri = "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/";
        private const string RuleName = "KubeletRejectsAnonymousRequests";

        private static readonly string FullDescription =
            "The kubelet must reject anonymous requests: --anonymous-auth=false on its command line or, where the flag is not given, " +
            "authentication.anonymous.enabled: false in its config file. An anonymous request a kubelet accepts runs as system:anonymous " +
            "against its API (pods, logs, exec), limited only by its authorization mode.";

        private static readonly string HelpText =
            FullDescription + " CIS 4.2.1 asks for the setting to be explicit: a false that comes only from a default fails. " +
            "Fix a node with Set-KubeletAnonymousAuth -Enabled $false (it edits the file named in the result), then audit again. " +
            "Kubelet authentication: " + KubeletAuthUri;

        private static readonly string HelpMarkdown =
            "The kubelet must reject anonymous requests: `--anonymous-auth=false` on its command line or, where the flag is not given, " +
            "`authentication.anonymous.enabled: false` in its config file.\n\n" +
            "CIS 4.2.1 asks for the setting to be explicit: a `false` that comes only from a default fails.\n\n" +
            "Fix a node with `Set-KubeletAnonymousAuth -Enabled $false` (it edits the file named in the result), then audit again. " +
            "See [Kubelet authentication/authorization](" + KubeletAuthUri + ") and the [CIS Kubernetes Benchmark](" + ControlUri + ").";

        private readonly TextWriter writer;
        private readonly ReportRun run;
        private readonly ReportTotals totals = new ReportTotals();
        private bool anyResult;

        public SarifReportWriter(Stream output, ReportRun run)
        {
            writer = new StreamWriter(output, new UTF8Encoding(false), 65536, leaveOpen: true) { NewLine = "\n" };
            this.run = run;
            WriteHead();
        }

        public void Add(ReportRow row)
        {
            totals.Add(row);
            if (!row.IsFailing)
            {
                return;
            }

            writer.Write(anyResult ? ",\n" : "\n");
            anyResult = true;
            string level = row.Status == ControlStatus.Fail ? "error" : "warning";
            var message = new StringBuilder(row.ComputerName).Append(": ").Append(row.Reason);
            if (!string.IsNullOrEmpty(row.Remediation))
            {
                message.Append("\nRemediation: ").Append(row.Remediation);
            }

            writer.Write("        {\n");
            writer.Write($"          \"ruleId\": {JsonText.Quote(Cis421.ControlId)},\n");
            writer.Write("          \"ruleIndex\": 0,\n");
            writer.Write($"          \"level\": \"{level}\",\n");
            writer.Write($"          \"message\": {{ \"text\": {JsonText.Quote(message.ToString())} }},\n");
            writer.Write("          \"locations\": [\n            {\n");
            if (row.SourceIsFile)
            {
                writer.Write($"              \"physicalLocation\": {{ \"artifactLocation\": {{ \"uri\": {JsonText.Quote(FileUri(row.SourcePath))} }} }},\n");
            }

            writer.Write($"              \"logicalLocations\": [ {{ \"name\": {JsonText.Quote(row.ComputerName)}, \"fullyQualifiedName\": {JsonText.Quote(row.ComputerName)}, \"kind\": \"resource\" }} ]\n");
            writer.Write("            }\n          ],\n");
            writer.Write($"          \"partialFingerprints\": {{ \"nodeControl/v1\": \"{Fingerprint(row.ComputerName)}\" }},\n");
            writer.Write("          \"properties\": {\n");
            writer.Write($"            \"status\": {JsonText.Quote(row.Status.ToString())},\n");
            writer.Write($"            \"remediation\": {JsonText.Quote(row.Remediation)},\n");
            writer.Write($"            \"source\": {JsonText.Quote(row.Source)},\n");
            writer.Write($"            \"sourcePath\": {JsonText.Quote(row.SourcePath)},\n");
            writer.Write($"            \"distribution\": {JsonText.Quote(row.Distribution)},\n");
            writer.Write($"            \"errorId\": {JsonText.Quote(row.ErrorId)}\n");
            writer.Write("          }\n        }");
        }

        public void Complete(DateTimeOffset finished)
        {
            writer.Write(anyResult ? "\n      ],\n" : "],\n");
            writer.Write("      \"invocations\": [ { \"executionSuccessful\": true, ");
            writer.Write($"\"startTimeUtc\": \"{Timestamp(run.Started)}\", \"endTimeUtc\": \"{Timestamp(finished)}\" }} ],\n");
            writer.Write("      \"properties\": { ");
            writer.Write($"\"total\": {totals.Total}, ");
            writer.Write($"\"pass\": {totals.Count(ControlStatus.Pass)}, \"fail\": {totals.Count(ControlStatus.Fail)}, ");
            writer.Write($"\"error\": {totals.Count(ControlStatus.Error)}, \"notApplicable\": {totals.Count(ControlStatus.NotApplicable)} }}\n");
            writer.Write("    }\n  ]\n}\n");
            writer.Flush();
        }

        public void Dispose() => writer.Dispose();

        private void WriteHead()
        {
            writer.Write("{\n");
            writer.Write($"  \"$schema\": {JsonText.Quote(SchemaUri)},\n");
            writer.Write("  \"version\": \"2.1.0\",\n");
            writer.Write("  \"runs\": [\n    {\n");
            writer.Write("      \"tool\": {\n        \"driver\": {\n");
            writer.Write($"          \"name\": {JsonText.Quote(ReportRun.ToolName)},\n");
            if (!string.IsNullOrEmpty(run.ToolVersion))
            {
                writer.Write($"          \"version\": {JsonText.Quote(run.ToolVersion)},\n");
            }

            if (!string.IsNullOrEmpty(run.InformationUri))
            {
                writer.Write($"          \"informationUri\": {JsonText.Quote(run.InformationUri)},\n");
            }

            writer.Write("          \"rules\": [\n            {\n");
            writer.Write($"              \"id\": {JsonText.Quote(Cis421.ControlId)},\n");
            writer.Write($"              \"name\": {JsonText.Quote(RuleName)},\n");
            writer.Write($"              \"shortDescription\": {{ \"text\": {JsonText.Quote("CIS " + Cis421.ControlId + ": " + Cis421.Title)} }},\n");
            writer.Write($"              \"fullDescription\": {{ \"text\": {JsonText.Quote(FullDescription)} }},\n");
            writer.Write($"              \"helpUri\": {JsonText.Quote(ControlUri)},\n");
            writer.Write($"              \"help\": {{ \"text\": {JsonText.Quote(HelpText)}, \"markdown\": {JsonText.Quote(HelpMarkdown)} }},\n");
            writer.Write("              \"defaultConfiguration\": { \"level\": \"error\" },\n");
            writer.Write("              \"properties\": { \"tags\": [ \"security\", \"CIS\", \"kubernetes\", \"kubelet\" ] }\n");
            writer.Write("            }\n          ]\n        }\n      },\n");
            writer.Write($"      \"automationDetails\": {{ \"description\": {{ \"text\": {JsonText.Quote(run.Title)} }} }},\n");
            writer.Write("      \"columnKind\": \"unicodeCodePoints\",\n");
            writer.Write("      \"results\": [");
        }

        /// <summary>A node path as a URI: absolute paths become file:///..., every segment percent-encoded.</summary>
        internal static string FileUri(string path)
        {
            string encoded = string.Join("/", path.Split('/').Select(Uri.EscapeDataString));
            return path.StartsWith("/", StringComparison.Ordinal) ? "file://" + encoded : encoded;
        }

        private static string Fingerprint(string node)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(node + "\n" + Cis421.ControlId));
                return string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }
        }

        private static string Timestamp(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }
}
