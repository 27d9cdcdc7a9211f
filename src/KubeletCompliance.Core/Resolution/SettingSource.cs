namespace KubeletCompliance.Core.Resolution
{
    /// <summary>Which layer decided the effective value; the names are part of the output contract.</summary>
    public enum SettingSource
    {
        CommandLine,
        ConfigDropIn,
        ConfigFile,
        Default,
        NotFound,
        /// <summary>The running kubelet's own /configz, read through the API server (cluster mode).</summary>
        Configz,
    }

    /// <summary>What the resolution was read from: a running process, the service files that would start one, or the live kubelet.</summary>
    public enum EvidenceBasis
    {
        Process,
        ServiceUnit,
        Live,
    }
}
