namespace KubeletCompliance
{
    /// <summary>
    /// What Get-KubeletAnonymousAuth writes: one flat row per node, every property a scalar so Export-Csv and
    /// ConvertTo-Json are lossless. The property names are a contract other tools rely on.
    /// </summary>
    public sealed class AnonymousAuthSetting
    {
        public string ComputerName { get; set; }
        /// <summary>The effective value; null only when no kubelet was found.</summary>
        public bool? Enabled { get; set; }
        public bool Explicit { get; set; }
        /// <summary>CommandLine, ConfigDropIn, ConfigFile, Default or NotFound.</summary>
        public string Source { get; set; }
        public string SourcePath { get; set; }
        public string ConfigPath { get; set; }
        public string ConfigDir { get; set; }
        public string CommandLine { get; set; }
        /// <summary>Process, ServiceUnit or Configz.</summary>
        public string Basis { get; set; }
        public string Distribution { get; set; }
        public string ServiceName { get; set; }
        /// <summary>True when a restart of the running kubelet would change the answer or may (a file it reads changed after it started).</summary>
        public bool PendingRestart { get; set; }
        /// <summary>What the files on disk give at the next start.</summary>
        public bool? ConfiguredEnabled { get; set; }
        public string DriftEvidence { get; set; }
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
        /// <summary>Node pods (-ReadNodeFiles): authentication.anonymous.enabled as the running kubelet's /configz reports it; null when it was not read.</summary>
        public bool? ConfigzEnabled { get; set; }
        /// <summary>Node pods: Agrees, Disagrees, Forbidden (no nodes/proxy: not cross-checked), Unavailable or NotCompared; empty for other transports.</summary>
        public string ConfigzCheck { get; set; }
    }
}
