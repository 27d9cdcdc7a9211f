using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Reporting;
using Xunit;

namespace KubeletCompliance.Core.Tests.Reporting
{
    public class ReportRowTests
    {
        [Theory]
        [InlineData("a\u0000b\u001bc\u007fd\u009be", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe")]
        [InlineData("tab\tline\nreturn\r", "tab\tline\nreturn\r")]
        [InlineData("<script>&\"'", "<script>&\"'")]
        public void Clean_ReplacesWhatNoReportMayHold(string text, string expected)
        {
            Assert.Equal(expected, ReportText.Clean(text));
        }

        [Fact]
        public void Clean_ReplacesLoneSurrogatesAndNonCharacters_AndKeepsPairs()
        {
            // Not theory data: xunit's serialization of theory arguments would itself replace lone surrogates.
            Assert.Equal("lone \uFFFD high, lone \uFFFD low, \uFFFD", ReportText.Clean("lone \uD800 high, lone \uDC00 low, \uDBFF"));
            Assert.Equal("pair \uD83D\uDE00 kept, \uFFFD\uFFFD", ReportText.Clean("pair \uD83D\uDE00 kept, \uFFFE\uFFFF"));
        }

        [Theory]
        [InlineData("pass", ControlStatus.Pass)]
        [InlineData(" Fail ", ControlStatus.Fail)]
        [InlineData("NOTAPPLICABLE", ControlStatus.NotApplicable)]
        [InlineData("Error", ControlStatus.Error)]
        public void Status_IsReadAsImportCsvGivesIt(string status, ControlStatus expected)
        {
            Assert.Equal(expected, ReportRow.FromProperties(ReportRows.Properties(("ComputerName", "n1"), ("Status", status))).Status);
        }

        [Theory]
        [InlineData("", "Pass", "4.2.1", ErrorIds.ReportRowMissingProperty)]
        [InlineData("n1", "", "4.2.1", ErrorIds.ReportRowMissingProperty)]
        [InlineData("n1", "Passed", "4.2.1", ErrorIds.ReportRowUnknownStatus)]
        [InlineData("n1", "Pass", "4.2.2", ErrorIds.ReportRowUnknownControl)]
        public void RowsAReportCannotDescribe_AreRefusedWithAStableId(string node, string status, string control, string errorId)
        {
            var error = Assert.Throws<ReportRowException>(() => ReportRow.FromProperties(ReportRows.Properties(("ComputerName", node), ("ControlId", control), ("Status", status))));
            Assert.Equal(errorId, error.ErrorId);
        }

        [Fact]
        public void AMissingControlId_IsTheControl_AndMissingTextIsEmpty()
        {
            var row = ReportRow.FromProperties(ReportRows.Properties(("ComputerName", "n1"), ("Status", "Pass")));
            Assert.Equal("n1", row.ComputerName);
            Assert.Equal(string.Empty, row.Reason);
        }

        [Theory]
        [InlineData("out/report.xml", ReportFormat.JUnit)]
        [InlineData("cis.SARIF", ReportFormat.Sarif)]
        [InlineData("cis.sarif.json", ReportFormat.Sarif)]
        [InlineData("fleet.htm", ReportFormat.Html)]
        [InlineData("fleet.html", ReportFormat.Html)]
        [InlineData("fleet.json", null)]
        [InlineData("fleet", null)]
        public void TheFormat_FollowsTheExtension(string path, ReportFormat? expected)
        {
            Assert.Equal(expected, ReportFormats.FromFileName(path));
        }

        [Fact]
        public void Totals_KeepABoundedNumberOfDistributions()
        {
            var totals = new ReportTotals();
            for (int i = 0; i < 1000; i++)
            {
                totals.Add(ReportRows.Row("n" + i, i % 2 == 0 ? "Pass" : "Fail", distribution: "d" + i));
            }

            var groups = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, System.Collections.Generic.IReadOnlyList<int>>>(totals.ByDistribution());
            Assert.Equal(ReportTotals.MaxDistributions, groups.Count);
            Assert.Equal(ReportTotals.OtherDistributions, groups[groups.Count - 1].Key);
            Assert.Equal(1000 - (ReportTotals.MaxDistributions - 1), groups[groups.Count - 1].Value[0] + groups[groups.Count - 1].Value[1]);
            Assert.Equal(500, totals.Count(ControlStatus.Fail));
            Assert.Equal(1000, totals.Total);
        }
    }
}
