using KubeletCompliance.Transports.FileSystem;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// Whether the -KeyFilePath file can be read here at all. Asked once before any connection: a key that cannot be
    /// read fails every node the same way, and a FIFO in its place would otherwise block the key loader forever.
    /// </summary>
    public static class KeyFileCheck
    {
        /// <summary>Null when the file is a regular file this account can open; otherwise why not.</summary>
        public static string Problem(string path, out bool missing) => PosixFile.UnreadableFileReason(path, out missing);
    }
}
