using KubeletCompliance.Core.Editing;
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
            Assert.Equal(EditErrorIds.UnsupportedLayout, refused.ErrorId);
        }

        [Fact]
        public void CommentsAndBom_AreKept()
        {
            string content = "\uFEFF# managed by hand\n[Service]\n; old: ExecStart=/opt/kubelet\nExecStart=/usr/bin/kubelet\n";

            Assert.Equal("\uFEFF# managed by hand\n[Service]\n; old: ExecStart=/opt/kubelet\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n", ExecStartEditor.AddFlag(content, Flag));
        }
    }
}
