using System.Linq;
using System.Xml.Linq;
using KubeletCompliance.Core.Reporting;
using Xunit;

namespace KubeletCompliance.Core.Tests.Reporting
{
    public class JUnitReportWriterTests
    {
        [Fact]
        public void OneSuite_CountsEveryStatus_OnTheSuiteAndTheRoot()
        {
            var doc = XDocument.Parse(ReportRows.Write(ReportFormat.JUnit, ReportRows.Fleet()));
            var suites = doc.Root;
            var suite = Assert.Single(suites.Elements("testsuite"));
            foreach (var element in new[] { suites, suite })
            {
                Assert.Equal("4", (string)element.Attribute("tests"));
                Assert.Equal("1", (string)element.Attribute("failures"));
                Assert.Equal("1", (string)element.Attribute("errors"));
                Assert.Equal("1", (string)element.Attribute("skipped"));
                Assert.Equal("12.500", (string)element.Attribute("time"));
                Assert.Equal("Fleet <prod>", (string)element.Attribute("name"));
            }

            Assert.Equal("2026-03-04T05:06:07", (string)suite.Attribute("timestamp"));
            Assert.Equal(new[] { "cp-1", "worker-1", "worker-2", "bastion" }, suite.Elements("testcase").Select(c => (string)c.Attribute("name")));
            Assert.All(suite.Elements("testcase"), c => Assert.StartsWith("4.2.1 Ensure that the --anonymous-auth", (string)c.Attribute("classname")));
        }

        [Fact]
        public void FailIsAFailure_ErrorAnError_NotApplicableSkipped_WithReasonAsMessage()
        {
            var cases = XDocument.Parse(ReportRows.Write(ReportFormat.JUnit, ReportRows.Fleet())).Descendants("testcase").ToDictionary(c => (string)c.Attribute("name"));
            Assert.Empty(cases["cp-1"].Elements());

            var failure = Assert.Single(cases["worker-1"].Elements("failure"));
            Assert.Equal(ReportRows.Fleet()[1].Reason, (string)failure.Attribute("message"));
            Assert.Equal("Fail", (string)failure.Attribute("type"));
            Assert.Contains("Remediation: Set authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml.", failure.Value);
            Assert.Contains("SourcePath: /var/lib/kubelet/config.yaml", failure.Value);
            Assert.Contains("Source: ConfigFile", failure.Value);

            var error = Assert.Single(cases["worker-2"].Elements("error"));
            Assert.Equal("ConfigSyntaxError", (string)error.Attribute("type"));
            Assert.Equal("/var/lib/kubelet/config.yaml: YAML syntax error at line 3.", (string)error.Attribute("message"));

            var skipped = Assert.Single(cases["bastion"].Elements("skipped"));
            Assert.Equal("No kubelet was found on this node.", (string)skipped.Attribute("message"));
        }

        [Fact]
        public void HostileNodeText_IsEscaped_AndNoInvalidXmlCharacterReachesTheFile()
        {
            string node = "n\"1'<x>&]]><!-- \u0001\u001b[31m\u0085";
            string reason = "line 1\r\nline 2 </failure><script>alert(1)</script> \uD800";
            string xml = ReportRows.Write(ReportFormat.JUnit, ReportRows.Row(node, "Fail", reason, sourcePath: "/etc/\u0007bell"));

            Assert.DoesNotContain('\u0001', xml);
            Assert.DoesNotContain('\u001b', xml);
            Assert.DoesNotContain('\u0085', xml);
            Assert.DoesNotContain("<script>", xml);
            var testcase = XDocument.Parse(xml).Descendants("testcase").Single();
            Assert.Equal("n\"1'<x>&]]><!-- \uFFFD\uFFFD[31m\uFFFD", (string)testcase.Attribute("name"));
            var failure = testcase.Element("failure");
            Assert.Equal("line 1\r\nline 2 </failure><script>alert(1)</script> \uFFFD", (string)failure.Attribute("message"));
            Assert.Contains("SourcePath: /etc/\uFFFDbell", failure.Value);
        }

        [Fact]
        public void Cases_GoToScratchAsTheyArrive_NotIntoMemoryOrTheOutput()
        {
            var rows = Enumerable.Range(0, 2000).Select(i => ReportRows.Row("node-" + i, i % 3 == 0 ? "Fail" : "Pass", new string('r', 200))).ToArray();
            string xml = ReportRows.Write(ReportFormat.JUnit, out long scratchBytes, rows);
            Assert.True(scratchBytes > 2000 * 200, $"only {scratchBytes} bytes reached the scratch stream before the run completed");
            Assert.Equal(2000, XDocument.Parse(xml).Descendants("testcase").Count());
        }

        [Fact]
        public void AnEmptyRun_IsAValidSuiteWithZeroTests()
        {
            var suite = XDocument.Parse(ReportRows.Write(ReportFormat.JUnit)).Root.Element("testsuite");
            Assert.Equal("0", (string)suite.Attribute("tests"));
            Assert.Empty(suite.Elements("testcase"));
        }
    }
}
