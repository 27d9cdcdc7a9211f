using System;
using System.IO;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Reporting;

namespace KubeletCompliance.Core.Tests.Reporting
{
    /// <summary>Rows and a finished report as bytes, for the writer tests.</summary>
    internal static class ReportRows
    {
        public static readonly DateTimeOffset Started = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

        public static ReportRow Row(string node, string status, string reason = "a reason", string remediation = "", string sourcePath = "",
            string distribution = "kubeadm", string errorId = "", string source = "", string transport = "Root") =>
            ReportRow.FromProperties(Properties(("ComputerName", node), ("ControlId", "4.2.1"), ("Status", status), ("Reason", reason),
                ("Remediation", remediation), ("Source", source), ("SourcePath", sourcePath), ("Distribution", distribution), ("ErrorId", errorId),
                ("Transport", transport)));

        /// <summary>A property lookup as PowerShell gives it: a name the row lacks reads as null.</summary>
        public static Func<string, string> Properties(params (string Name, string Value)[] properties) =>
            name => properties.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();

        public static ReportRow[] Fleet() => new[]
        {
            Row("cp-1", "Pass", "Anonymous requests are rejected: --anonymous-auth=false on the command line (/proc/1/cmdline).", sourcePath: "/proc/1/cmdline", source: "CommandLine"),
            Row("worker-1", "Fail", "The kubelet accepts anonymous requests: authentication.anonymous.enabled: true in /var/lib/kubelet/config.yaml.",
                "Set authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml.", "/var/lib/kubelet/config.yaml", source: "ConfigFile"),
            Row("worker-2", "Error", "/var/lib/kubelet/config.yaml: YAML syntax error at line 3.", "Correct the file named in Reason so the kubelet can start, then audit again.",
                "/var/lib/kubelet/config.yaml", "k3s", "ConfigSyntaxError"),
            Row("bastion", "NotApplicable", "No kubelet was found on this node.", distribution: ""),
        };

        public static string Write(ReportFormat format, params ReportRow[] rows) => Write(format, out _, rows);

        public static string Write(ReportFormat format, out long scratchBytesBeforeComplete, params ReportRow[] rows)
        {
            var output = new MemoryStream();
            var scratches = new System.Collections.Generic.List<MemoryStream>();
            Func<Stream> scratch = () => { var s = new MemoryStream(); scratches.Add(s); return s; };
            var run = new ReportRun("Fleet <prod>", Started, "9.8.7", "https://example.invalid/kc");
            using (var writer = ReportWriters.Create(format, output, scratch, run))
            {
                foreach (var row in rows)
                {
                    writer.Add(row);
                }

                scratchBytesBeforeComplete = 0;
                foreach (var s in scratches)
                {
                    scratchBytesBeforeComplete += s.Length;
                }

                writer.Complete(Started.AddSeconds(12.5));
            }

            return Encoding.UTF8.GetString(output.ToArray());
        }
    }
}
