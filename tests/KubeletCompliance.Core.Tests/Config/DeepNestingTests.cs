using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Config
{
    /// <summary>
    /// A 400 KB config of '[' once ended pwsh with a stack overflow, which no handler can catch. Nesting is capped:
    /// the node is an Error with ConfigSyntaxError, and the editors refuse the file.
    /// </summary>
    public class DeepNestingTests
    {
        private static readonly string Brackets = new string('[', 400 * 1024);

        [Fact]
        public void Stack_overflow_attack_with_400KB_of_brackets_is_a_ConfigSyntaxError()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml")
                .File("/var/lib/kubelet/config.yaml", Brackets);
            var setting = Resolve.Node(node);
            Assert.Equal(ErrorIds.ConfigSyntaxError, setting.Problem.ErrorId);
            Assert.Equal(ControlStatus.Error, Cis421.Judge(setting).Status);
        }

        [Fact]
        public void Stack_overflow_attack_on_the_editors_is_refused()
        {
            string deepMap = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nx: " + new string('{', 100000) + "\n";
            Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled(Brackets, false));
            Assert.Throws<EditRefusedException>(() => KubeletConfigEditor.SetAnonymousEnabled(deepMap, false));
            Assert.Throws<EditRefusedException>(() => DistributionConfigEditor.SetKubeletArg(Brackets, false));
        }

        [Fact]
        public void Nesting_up_to_the_cap_still_parses()
        {
            string nested = new string('[', Core.Config.ConfigParser.MaxDepth) + new string(']', Core.Config.ConfigParser.MaxDepth);
            Assert.NotNull(Core.Config.ConfigParser.Parse(nested));
        }
    }
}
