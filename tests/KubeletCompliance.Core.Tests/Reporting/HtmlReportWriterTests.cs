using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KubeletCompliance.Core.Reporting;
using Xunit;

namespace KubeletCompliance.Core.Tests.Reporting
{
    public class HtmlReportWriterTests
    {
        [Fact]
        public void TotalsChartFailingNodesThenTheRest()
        {
            string html = ReportRows.Write(ReportFormat.Html, ReportRows.Fleet());
            Assert.Matches("<div class=\"total fail\"><b>1</b>Fail</div>", html);
            Assert.Matches("<div class=\"total all\"><b>4</b>Nodes</div>", html);
            int chart = html.IndexOf("<svg", StringComparison.Ordinal);
            int failing = html.IndexOf("Failing nodes (2)", StringComparison.Ordinal);
            int other = html.IndexOf("Other nodes (2)", StringComparison.Ordinal);
            Assert.True(chart > 0 && chart < failing && failing < other);
            Assert.True(html.IndexOf("worker-1", StringComparison.Ordinal) < other);
            Assert.True(html.IndexOf("worker-2", StringComparison.Ordinal) < other);
            Assert.True(html.IndexOf("cp-1", StringComparison.Ordinal) > other);
            Assert.Contains("Set authentication.anonymous.enabled: false in /var/lib/kubelet/config.yaml.", html);
        }

        [Fact]
        public void TheChart_HasABarPerDistributionAndStatus()
        {
            string html = ReportRows.Write(ReportFormat.Html, ReportRows.Fleet());
            string svg = html.Substring(html.IndexOf("<svg", StringComparison.Ordinal), html.IndexOf("</svg>", StringComparison.Ordinal) + 6 - html.IndexOf("<svg", StringComparison.Ordinal));
            var chart = XElement.Parse(svg);
            XNamespace ns = "http://www.w3.org/2000/svg";
            var bars = chart.Descendants(ns + "rect").Where(r => ((string)r.Attribute("class") ?? "").StartsWith("bar", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { "kubeadm: 1 Fail", "kubeadm: 1 Pass", "k3s: 1 Error", "(unknown): 1 NotApplicable" }, bars.Select(b => b.Element(ns + "title").Value));
        }

        [Fact]
        public void EveryNodeValue_IsEscaped()
        {
            string hostile = "<script>alert(1)</script>";
            string html = ReportRows.Write(ReportFormat.Html,
                ReportRows.Row(hostile, "Fail", "<img src=x onerror=alert(2)>", "\"'&", "/etc/<u>", "<svg onload=alert(3)>"),
                ReportRows.Row("\"><iframe>", "Pass", distribution: "<em>"));
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<iframe", html);
            Assert.DoesNotContain("<u>", html);
            Assert.DoesNotContain("<em>", html);
            Assert.DoesNotContain("<svg onload", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.Contains("&quot;&#39;&amp;", html);
            Assert.Contains("<title>Fleet &lt;prod&gt;</title>", html);
        }

        [Fact]
        public void ThePolicy_AllowsExactlyTheInlineStyleAndNothingElse()
        {
            string html = ReportRows.Write(ReportFormat.Html, ReportRows.Fleet());
            var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
            string hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
            Assert.Contains($"content=\"default-src 'none'; style-src 'sha256-{hash}'\"", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain(" style=", html);
            Assert.DoesNotMatch("(src|href)=", html);
        }

        [Fact]
        public void Rows_GoToScratchAsTheyArrive()
        {
            var rows = Enumerable.Range(0, 2000).Select(i => ReportRows.Row("node-" + i, i % 2 == 0 ? "Fail" : "Pass", new string('r', 200))).ToArray();
            string html = ReportRows.Write(ReportFormat.Html, out long scratchBytes, rows);
            Assert.True(scratchBytes > 2000 * 200 - 2 * 65536, $"only {scratchBytes} bytes reached the scratch streams before the run completed");
            Assert.Equal(2000, Regex.Matches(html, "<td class=\"node\"").Count);
        }

        [Fact]
        public void AnEmptyRun_SaysSo()
        {
            string html = ReportRows.Write(ReportFormat.Html);
            Assert.Contains("No node fails the control.", html);
            Assert.Contains("No nodes in this report", html);
        }
    }
}
