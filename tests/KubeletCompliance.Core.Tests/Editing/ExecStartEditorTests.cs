using System.Linq;
using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class ExecStartEditorTests
    {
        private const string Flag = "--anonymous-auth=false";

        [Fact]
        public void LastExecStartAfterAReset_IsTheOneEdited()
        {
            string content = "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\nRestart=always\n";

            Assert.Equal("[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_ARGS --anonymous-auth=false\nRestart=always\n", ExecStartEditor.AddFlag(content, Flag));
        }

        [Fact]
        public void ContinuedCommandLine_GetsAContinuationLine_WithCrlfKept()
        {
            string content = "[Service]\r\nExecStart=/usr/bin/kubelet \\\r\n    --v=2   \r\n";

            string edited = ExecStartEditor.AddFlag(content, Flag);

            Assert.Equal("[Service]\r\nExecStart=/usr/bin/kubelet \\\r\n    --v=2 \\\r\n    --anonymous-auth=false   \r\n", edited);
        }

        [Fact]
        public void FlagAlreadyThere_LeavesTheContentAsItIs()
        {
            string content = "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n";

            Assert.Same(content, ExecStartEditor.AddFlag(content, Flag));
        }

        [Fact]
        public void ExecStartOutsideService_OrMissing_IsRefused()
        {
            var refused = Assert.Throws<EditRefusedException>(() => ExecStartEditor.AddFlag("[Unit]\nExecStart=/usr/bin/kubelet\n", Flag));
            Assert.Equal(ErrorIds.UnsupportedLayout, refused.ErrorId);
        }

        [Fact]
        public void CommentsAndBom_AreKept()
        {
            string content = "\uFEFF# managed by hand\n[Service]\n; old: ExecStart=/opt/kubelet\nExecStart=/usr/bin/kubelet\n";

            Assert.Equal("\uFEFF# managed by hand\n[Service]\n; old: ExecStart=/opt/kubelet\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n", ExecStartEditor.AddFlag(content, Flag));
        }

        private const string K3sHead = "[Service]\nType=notify\nExecStart=/usr/local/bin/k3s \\\n    server \\\n";

        [Fact]
        public void K3sKubeletArg_AsTwoQuotedWords_OnlyTheValueWordChanges()
        {
            string content = K3sHead + "\t'--kubelet-arg' \\\n\t'anonymous-auth=true' \\\n\t'--node-name=a' \\\n\n";

            Assert.Equal(K3sHead + "\t'--kubelet-arg' \\\n\t'anonymous-auth=false' \\\n\t'--node-name=a' \\\n\n", ExecStartEditor.SetKubeletArg(content, false));
        }

        [Theory]
        [InlineData("'--kubelet-arg=anonymous-auth=true'", "'--kubelet-arg=anonymous-auth=false'")]
        [InlineData("--kubelet-arg=--anonymous_auth=1", "--kubelet-arg=--anonymous-auth=false")]
        [InlineData("\"--kubelet-arg\" \"anonymous-auth\"", "\"--kubelet-arg\" \"anonymous-auth=false\"")]
        [InlineData("-kubelet-arg anonymous-auth=true", "-kubelet-arg anonymous-auth=false")]
        public void K3sKubeletArg_EverySpelling_KeepsItsQuotesAndDashes(string words, string expected)
        {
            Assert.Equal(K3sHead + "    " + expected + "\n", ExecStartEditor.SetKubeletArg(K3sHead + "    " + words + "\n", false));
        }

        [Fact]
        public void K3sKubeletArg_OtherValues_AndValuesAlreadyRight_AreLeftAsTheyAre()
        {
            string content = K3sHead + "\t'--kubelet-arg' \\\n\t'max-pods=110' \\\n\t'--kubelet-arg=anonymous-auth=false' \\\n\n";

            Assert.Same(content, ExecStartEditor.SetKubeletArg(content, false));
        }

        [Fact]
        public void InstallerStyle_TrailingBackslashBeforeAnEmptyLine_GetsAQuotedLineBeforeIt()
        {
            string content = "[Service]\nExecStart=/usr/local/bin/kubelet \\\n\t'--v=2' \\\n\nRestart=always\n";

            Assert.Equal("[Service]\nExecStart=/usr/local/bin/kubelet \\\n\t'--v=2' \\\n\t'--anonymous-auth=false' \\\n\nRestart=always\n", ExecStartEditor.AddFlag(content, Flag));
        }

        [Fact]
        public void QuoteOpenAtTheEndOfALine_IsRefused()
        {
            var refused = Assert.Throws<EditRefusedException>(() => ExecStartEditor.SetKubeletArg("[Service]\nExecStart=/usr/local/bin/k3s server '--kubelet-arg \\\n anonymous-auth=true'\n", false));
            Assert.Equal(ErrorIds.UnsupportedQuoting, refused.ErrorId);
        }

        [Fact]
        public void OverrideDropIn_ClearsExecStart_AndRepeatsTheCommandAsWritten()
        {
            string unit = "[Unit]\nDescription=kubelet\n\n[Service]\nEnvironmentFile=-/etc/kubernetes/kubelet\nExecStart=/usr/bin/kubelet \\\n\t    $KUBELET_ARGS\nRestart=on-failure\n";

            string dropIn = ExecStartEditor.OverrideDropIn("/usr/lib/systemd/system/kubelet.service", unit, string.Empty);

            Assert.EndsWith("[Service]\nExecStart=\nExecStart=/usr/bin/kubelet \\\n\t    $KUBELET_ARGS\n", dropIn);
            Assert.All(dropIn.Split('\n').Where(line => !line.StartsWith("[") && !line.StartsWith("ExecStart=") && line.Length > 0 && !line.StartsWith("\t")), line => Assert.StartsWith("#", line));
            Assert.Equal(dropIn.Replace("$KUBELET_ARGS", "$KUBELET_ARGS \\\n\t    --anonymous-auth=false"), ExecStartEditor.AddFlag(dropIn, Flag));
        }
    }
}
