namespace KubeletCompliance.Transports.Shell
{
    /// <summary>When remote commands run through sudo.</summary>
    public enum SudoMode
    {
        /// <summary>
        /// Read as the login user first; only when something was denied and the login is not root, read again through
        /// sudo. A refused sudo then leaves those items unreadable instead of failing the whole node.
        /// </summary>
        Auto,
        /// <summary>Every remote command runs through sudo; a refused sudo is an error (SudoRefused).</summary>
        Always,
        /// <summary>Never use sudo.</summary>
        Never,
    }
}
