using System.Collections.Generic;

namespace KubeletCompliance.Core.Distributions
{
    public static class KubeletLayouts
    {
        /// <summary>Every layout, most common first; for a node that is not running, the first installed one is audited.</summary>
        public static IReadOnlyList<IKubeletLayout> All { get; } = new IKubeletLayout[]
        {
            new SystemdKubeletLayout(),
        };
    }
}
