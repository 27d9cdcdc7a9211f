using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Tests.Support
{
    internal static class Resolve
    {
        public static NodeSetting Node(INodeReader node) => NodeResolver.Default.Resolve(node);

        public static ControlVerdict Verdict(INodeReader node) => Cis421.Judge(Node(node));
    }
}
