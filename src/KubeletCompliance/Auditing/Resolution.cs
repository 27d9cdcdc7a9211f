using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Auditing
{
    internal static class Resolution
    {
        /// <summary>Resolves a node through whichever reader reaches it; a remote reader is resolved in batched round trips.</summary>
        public static NodeSetting Of(INodeReader reader) =>
            reader is IBatchingNodeReader remote
                ? RoundTripResolver.Resolve(remote, NodeResolver.Default)
                : NodeResolver.Default.Resolve(reader);
    }
}
