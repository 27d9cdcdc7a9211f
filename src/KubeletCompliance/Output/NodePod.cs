using System;

namespace KubeletCompliance
{
    /// <summary>What Remove-KubeletCompliancePod writes: one row per node pod it removed.</summary>
    public sealed class NodePod
    {
        public string Name { get; set; }
        public string Namespace { get; set; }
        /// <summary>The node the pod was pinned to.</summary>
        public string NodeName { get; set; }
        /// <summary>node-reader (an audit, -WhatIf) or node-writer (Set-/Restore-).</summary>
        public string Component { get; set; }
        /// <summary>The pod's phase when it was listed: Pending, Running, Failed (its deadline passed), ...</summary>
        public string Phase { get; set; }
        /// <summary>When the pod was created, in UTC.</summary>
        public DateTime? Created { get; set; }
    }
}
