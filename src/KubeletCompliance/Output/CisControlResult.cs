namespace KubeletCompliance
{
    /// <summary>What Test-CisKubelet421 writes: one flat row per node, always, so a report is complete.</summary>
    public sealed class CisControlResult
    {
        public string ComputerName { get; set; }
        public string ControlId { get; set; }
        public string Title { get; set; }
        /// <summary>Pass, Fail, NotApplicable or Error.</summary>
        public string Status { get; set; }
        public string Expected { get; set; }
        /// <summary>The effective value as "true"/"false", or empty when it could not be told.</summary>
        public string Actual { get; set; }
        public bool Explicit { get; set; }
        public string Source { get; set; }
        public string SourcePath { get; set; }
        public string Reason { get; set; }
        public string Remediation { get; set; }
        public string Distribution { get; set; }
        public bool PendingRestart { get; set; }
        /// <summary>The stable id of the problem behind an Error row; empty otherwise.</summary>
        public string ErrorId { get; set; }
        /// <summary>Processes that look like a kubelet but that the node does not vouch for, and were ignored; empty when none.</summary>
        public string IgnoredProcesses { get; set; }
        /// <summary>Where the node's "/" is on this machine: "/" for this node, the folder for a node image; empty for
        /// SSH and cluster nodes. Piped back, a row binds by this property (or by ComputerName when it is empty).</summary>
        public string Root { get; set; }
        /// <summary>SSH nodes read with -RemoteRoot: the folder on the remote host that holds the node image; else empty.</summary>
        public string RemoteRoot { get; set; }
        /// <summary>Local, Root, SSH or Cluster: how the node was reached, so piping this row to another cmdlet reaches the same node.</summary>
        public string Transport { get; set; }
        /// <summary>With -Probe: the HTTP status an unauthenticated request to the kubelet's port got, or the network error.</summary>
        public string ProbeStatus { get; set; }
        /// <summary>With -Probe: Rejected (401), AnonymousForbidden (403), AnonymousAllowed (200) or Unreachable.</summary>
        public string ProbeVerdict { get; set; }
        /// <summary>Node pods (-ReadNodeFiles): the value the running kubelet's /configz reports, as "true"/"false"; empty when it was not read.</summary>
        public string ConfigzEnabled { get; set; }
        /// <summary>Node pods: Agrees, Disagrees, Forbidden (no nodes/proxy: not cross-checked), Unavailable or NotCompared; empty for other transports.</summary>
        public string ConfigzCheck { get; set; }
    }
}
