using KubeletCompliance.Core.Editing;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    public class ArgsFileEditorTests
    {
        // MicroK8s' /var/snap/microk8s/current/args/kubelet, shortened.
        private const string MicroK8sArgs =
            "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n" +
            "--cert-dir=${SNAP_DATA}/certs\n" +
            "--client-ca-file=${SNAP_DATA}/certs/ca.crt\n" +
            "--anonymous-auth=true\n" +
            "--root-dir=${SNAP_COMMON}/var/lib/kubelet\n" +
            "--fail-swap-on=false\n" +
            "--eviction-hard=\"memory.available<100Mi,nodefs.available<1Gi,imagefs.available<1Gi\"\n" +
            "--container-runtime-endpoint=${SNAP_COMMON}/run/containerd.sock\n" +
            "--node-labels=\"microk8s.io/cluster=true,node.kubernetes.io/microk8s-controlplane=microk8s-controlplane\"\n" +
            "--authentication-token-webhook=true\n" +
            "--read-only-port=0\n";

        private static string Disable(string content)
        {
            string edited = ArgsFileEditor.SetFlag(content, false);
            Assert.Same(edited, ArgsFileEditor.SetFlag(edited, false));
            return edited;
        }

        [Fact]
        public void ExistingFlag_OnlyItsLineChanges()
        {
            string edited = Disable(MicroK8sArgs);

            Assert.Equal(MicroK8sArgs.Replace("--anonymous-auth=true\n", "--anonymous-auth=false\n"), edited);
            EditAssert.OnlyLinesChanged(MicroK8sArgs, edited, new[] { "--anonymous-auth=true" }, new[] { "--anonymous-auth=false" });
        }

        [Fact]
        public void MissingFlag_IsAppendedAsTheLastLine()
        {
            string content = MicroK8sArgs.Replace("--anonymous-auth=true\n", string.Empty);

            string edited = Disable(content);

            Assert.Equal(content + "--anonymous-auth=false\n", edited);
            EditAssert.OnlyLinesChanged(content, edited, new string[0], new[] { "--anonymous-auth=false" });
        }

        [Fact]
        public void MissingFlag_WithoutTrailingNewline_StaysWithoutOne()
        {
            Assert.Equal("--v=2\n--anonymous-auth=false", Disable("--v=2"));
        }

        [Fact]
        public void CommentedOutFlag_DoesNotCountAndAFlagIsAppended()
        {
            Assert.Equal("# --anonymous-auth=true\n--anonymous-auth=false\n", Disable("# --anonymous-auth=true\n"));
        }

        [Fact]
        public void EmptyFile_GetsTheFlagLine()
        {
            Assert.Equal("--anonymous-auth=false\n", Disable(string.Empty));
        }

        [Fact]
        public void CrlfAndBom_ArePreserved()
        {
            Assert.Equal("\uFEFF--anonymous-auth=false\r\n--v=2\r\n", Disable("\uFEFF--anonymous-auth\r\n--v=2\r\n"));
            Assert.Equal("\uFEFF--v=2\r\n--anonymous-auth=false\r\n", Disable("\uFEFF--v=2\r\n"));
        }
    }
}
