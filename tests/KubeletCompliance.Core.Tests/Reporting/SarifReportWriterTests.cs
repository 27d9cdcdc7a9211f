using System.Linq;
using System.Text.Json;
using KubeletCompliance.Core.Reporting;
using Xunit;

namespace KubeletCompliance.Core.Tests.Reporting
{
    public class SarifReportWriterTests
    {
        [Fact]
        public void OneRule_OneResultPerFailingNode_LevelFromStatus()
        {
            using var doc = JsonDocument.Parse(ReportRows.Write(ReportFormat.Sarif, ReportRows.Fleet()));
            var root = doc.RootElement;
            Assert.Equal("2.1.0", root.GetProperty("version").GetString());
            var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("KubeletCompliance", driver.GetProperty("name").GetString());
            Assert.Equal("9.8.7", driver.GetProperty("version").GetString());
            var rule = Assert.Single(driver.GetProperty("rules").EnumerateArray());
            Assert.Equal("4.2.1", rule.GetProperty("id").GetString());
            Assert.Contains("Set-KubeletAnonymousAuth", rule.GetProperty("help").GetProperty("text").GetString());
            Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString());

            var results = run.GetProperty("results").EnumerateArray().ToArray();
            Assert.Equal(2, results.Length);
            Assert.Equal("error", results[0].GetProperty("level").GetString());
            Assert.Equal("warning", results[1].GetProperty("level").GetString());
            Assert.All(results, r => Assert.Equal("4.2.1", r.GetProperty("ruleId").GetString()));
            Assert.StartsWith("worker-1: The kubelet accepts anonymous requests", results[0].GetProperty("message").GetProperty("text").GetString());
            Assert.Contains("\nRemediation: Set authentication.anonymous.enabled: false", results[0].GetProperty("message").GetProperty("text").GetString());
            Assert.Equal("ConfigSyntaxError", results[1].GetProperty("properties").GetProperty("errorId").GetString());

            var totals = run.GetProperty("properties");
            Assert.Equal(4, totals.GetProperty("total").GetInt32());
            Assert.Equal(1, totals.GetProperty("pass").GetInt32());
            Assert.Equal(1, totals.GetProperty("notApplicable").GetInt32());
            var invocation = Assert.Single(run.GetProperty("invocations").EnumerateArray());
            Assert.Equal("2026-03-04T05:06:07.000Z", invocation.GetProperty("startTimeUtc").GetString());
            Assert.Equal("2026-03-04T05:06:19.500Z", invocation.GetProperty("endTimeUtc").GetString());
        }

        [Fact]
        public void TheDecidingFile_IsThePhysicalLocation_AndTheNodeTheLogicalOne()
        {
            using var doc = JsonDocument.Parse(ReportRows.Write(ReportFormat.Sarif,
                ReportRows.Row("worker 1", "Fail", sourcePath: "/etc/kubernetes/kubelet conf/ü#?.yaml"),
                ReportRows.Row("worker-2", "Fail", sourcePath: ""),
                ReportRows.Row("worker-3", "Fail", sourcePath: "/api/v1/nodes/worker-3/proxy/configz", transport: "Cluster")));
            var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
            var location = results[0].GetProperty("locations")[0];
            Assert.Equal("file:///etc/kubernetes/kubelet%20conf/%C3%BC%23%3F.yaml",
                location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            var logical = location.GetProperty("logicalLocations")[0];
            Assert.Equal("worker 1", logical.GetProperty("name").GetString());
            Assert.False(results[1].GetProperty("locations")[0].TryGetProperty("physicalLocation", out _));
            Assert.False(results[2].GetProperty("locations")[0].TryGetProperty("physicalLocation", out _), "a cluster row's configz path is no file");
            Assert.Equal("/api/v1/nodes/worker-3/proxy/configz", results[2].GetProperty("properties").GetProperty("sourcePath").GetString());
            Assert.NotEqual(results[0].GetProperty("partialFingerprints").GetProperty("nodeControl/v1").GetString(),
                results[1].GetProperty("partialFingerprints").GetProperty("nodeControl/v1").GetString());
        }

        [Fact]
        public void HostileText_RoundTripsThroughJson()
        {
            string node = "n\"1\\<script>alert(1)</script>\u2028\u0001";
            string json = ReportRows.Write(ReportFormat.Sarif, ReportRows.Row(node, "Error", "tab\there \"quoted\" \\ back"));
            Assert.DoesNotContain("<script>", json);
            using var doc = JsonDocument.Parse(json);
            var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
            Assert.Equal("n\"1\\<script>alert(1)</script>\u2028\uFFFD", result.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("name").GetString());
            Assert.EndsWith("tab\there \"quoted\" \\ back", result.GetProperty("message").GetProperty("text").GetString());
        }

        [Fact]
        public void ARunWithoutFailures_HasAnEmptyResultsArray()
        {
            using var doc = JsonDocument.Parse(ReportRows.Write(ReportFormat.Sarif, ReportRows.Row("a", "Pass"), ReportRows.Row("b", "NotApplicable")));
            Assert.Equal(0, doc.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        }
    }
}
