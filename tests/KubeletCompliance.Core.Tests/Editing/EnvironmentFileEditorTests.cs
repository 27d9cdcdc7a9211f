using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class EnvironmentFileEditorTests
    {
        private const string Variable = "KUBELET_EXTRA_ARGS";
        private const string Flag = "--anonymous-auth=false";

        private static string Add(string content)
        {
            string edited = EnvironmentFileEditor.AddFlag(content, Variable, Flag);
            Assert.Same(edited, EnvironmentFileEditor.AddFlag(edited, Variable, Flag));
            return edited;
        }

        [Fact]
        public void DoubleQuotedValue_FlagGoesInsideTheClosingQuote()
        {
            string content = "# Written by the node bootstrap\nKUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --max-pods=110\"\n";

            string edited = Add(content);

            Assert.Equal("# Written by the node bootstrap\nKUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --max-pods=110 --anonymous-auth=false\"\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new[] { "KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --max-pods=110\"" }, new[] { "KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --max-pods=110 --anonymous-auth=false\"" });
        }

        [Fact]
        public void SingleQuotedValue_FlagGoesInsideTheClosingQuote()
        {
            Assert.Equal("KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5 --anonymous-auth=false'\n", Add("KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5'\n"));
        }

        [Fact]
        public void EmptyQuotes_HoldJustTheFlag()
        {
            Assert.Equal("KUBELET_EXTRA_ARGS=\"--anonymous-auth=false\"\n", Add("KUBELET_EXTRA_ARGS=\"\"\n"));
        }

        [Fact]
        public void UnquotedEmptyValue_AsTheDebPackageShipsIt_TakesTheFlagUnquoted()
        {
            Assert.Equal("KUBELET_EXTRA_ARGS=--anonymous-auth=false\n", Add("KUBELET_EXTRA_ARGS=\n"));
        }

        [Fact]
        public void UnquotedValue_GetsDoubleQuotesBecauseASpaceIsNeeded()
        {
            Assert.Equal("KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --anonymous-auth=false\"\n", Add("KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n"));
        }

        [Fact]
        public void LastDefinition_IsTheOneEdited()
        {
            string content = "KUBELET_EXTRA_ARGS=\"--v=2\"\nKUBELET_EXTRA_ARGS=\"--v=4\"\n";

            Assert.Equal("KUBELET_EXTRA_ARGS=\"--v=2\"\nKUBELET_EXTRA_ARGS=\"--v=4 --anonymous-auth=false\"\n", Add(content));
        }

        [Fact]
        public void SimilarNamesAndComments_AreNotTheVariable()
        {
            string content = "# KUBELET_EXTRA_ARGS=\"--v=2\"\nKUBELET_EXTRA_ARGS_OLD=\"--v=2\"\n";

            Assert.Equal(content + "KUBELET_EXTRA_ARGS=--anonymous-auth=false\n", Add(content));
        }

        [Fact]
        public void MissingVariable_WithoutTrailingNewline_AppendsWithoutOne()
        {
            Assert.Equal("KUBELET_OPTS=\"--v=2\"\nKUBELET_EXTRA_ARGS=--anonymous-auth=false", Add("KUBELET_OPTS=\"--v=2\""));
        }

        [Fact]
        public void EmptyFile_GetsTheLineAndANewline()
        {
            Assert.Equal("KUBELET_EXTRA_ARGS=--anonymous-auth=false\n", Add(string.Empty));
        }

        [Fact]
        public void MissingVariable_FlagWithASpaceIsQuoted()
        {
            Assert.Equal("KUBELET_EXTRA_ARGS=\"--anonymous-auth=false --v=2\"\n", EnvironmentFileEditor.AddFlag(string.Empty, Variable, "--anonymous-auth=false --v=2"));
        }

        [Fact]
        public void CrlfAndBom_ArePreserved()
        {
            string content = "\uFEFFKUBELET_OPTS=\"--v=2\"\r\nKUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5\"\r\n";

            string edited = Add(content);

            Assert.Equal("\uFEFFKUBELET_OPTS=\"--v=2\"\r\nKUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --anonymous-auth=false\"\r\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new[] { "KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5\"" }, new[] { "KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --anonymous-auth=false\"" });
        }

        [Fact]
        public void MissingVariable_CrlfFileGetsACrlfLine()
        {
            Assert.Equal("KUBELET_OPTS=\"--v=2\"\r\nKUBELET_EXTRA_ARGS=--anonymous-auth=false\r\n", Add("KUBELET_OPTS=\"--v=2\"\r\n"));
        }

        [Fact]
        public void ContinuedValue_IsRefused()
        {
            var refusal = Assert.Throws<EditRefusedException>(() => EnvironmentFileEditor.AddFlag("KUBELET_EXTRA_ARGS=\"--v=2 \\\n--node-ip=10.0.0.5\"\n", Variable, Flag));

            Assert.Equal(ErrorIds.UnsupportedQuoting, refusal.ErrorId);
        }

        [Fact]
        public void MixedQuoting_IsRefused()
        {
            var refusal = Assert.Throws<EditRefusedException>(() => EnvironmentFileEditor.AddFlag("KUBELET_EXTRA_ARGS=--node-labels=\"a=b\"\n", Variable, Flag));

            Assert.Equal(ErrorIds.UnsupportedQuoting, refusal.ErrorId);
        }
    }
}
