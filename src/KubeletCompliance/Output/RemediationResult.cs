namespace KubeletCompliance
{
    /// <summary>
    /// What Set-KubeletAnonymousAuth and Restore-KubeletAnonymousAuth write: one flat row per node, always, errors
    /// included. Lists are joined with ';' so Export-Csv keeps them in one cell.
    /// </summary>
    public sealed class RemediationResult
    {
        public string ComputerName { get; set; }
        /// <summary>The value the node's files gave before the change; null when it could not be told.</summary>
        public bool? PreviousEnabled { get; set; }
        /// <summary>The value the node's files give now.</summary>
        public bool? Enabled { get; set; }
        /// <summary>True when files were changed and stay changed.</summary>
        public bool Changed { get; set; }
        /// <summary>Node paths of the files changed, joined with ';'.</summary>
        public string FilesChanged { get; set; }
        /// <summary>Node paths of the backups made, joined with ';'; Restore-KubeletAnonymousAuth puts them back.</summary>
        public string Backups { get; set; }
        public bool Restarted { get; set; }
        public bool RolledBack { get; set; }
        /// <summary>Changed, NoChange, Refused, Failed, RolledBack, WhatIf or Declined.</summary>
        public string Status { get; set; }
        /// <summary>One sentence; says "restart pending" when files changed and the kubelet was not restarted.</summary>
        public string Reason { get; set; }
        /// <summary>The stable id of a refusal or failure (also the ErrorRecord's id); empty otherwise.</summary>
        public string ErrorId { get; set; }
        public string ServiceName { get; set; }
        /// <summary>Where the node's "/" is on this machine: "/" for this node, the folder for a node image; empty for
        /// SSH and cluster nodes. Piped back, a row binds by this property (or by ComputerName when it is empty).</summary>
        public string Root { get; set; }
        /// <summary>SSH nodes read with -RemoteRoot: the folder on the remote host that holds the node image; else empty.</summary>
        public string RemoteRoot { get; set; }
        /// <summary>Local, Root or SSH: how the node was reached, so Restore-KubeletAnonymousAuth can be piped the same row.</summary>
        public string Transport { get; set; }
    }
}
