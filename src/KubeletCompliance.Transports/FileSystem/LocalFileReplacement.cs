using System.IO;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>
    /// For files the module writes on this machine for its user (reports), replaced the way a node's files are: the
    /// new file takes the old one's owner, mode and SELinux label before it is renamed over it, and the folder is
    /// synced so the rename survives a power cut. Linux only; callers skip it on Windows.
    /// </summary>
    public static class LocalFileReplacement
    {
        /// <summary>
        /// Gives replacement the owner, group, mode and label of existing. A user who may not give the file away
        /// (not root, another owner) still gets the mode and label, as Export-Csv rewriting the file in place would.
        /// </summary>
        public static void KeepOwnerAndMode(string existing, string replacement)
        {
            var ownership = PosixFile.OwnershipOf(existing);
            try
            {
                PosixFile.Apply(ownership, replacement);
            }
            catch (IOException)
            {
                PosixFile.SetMode(replacement, ownership.Mode);
            }

            PosixFile.CopyLabel(existing, replacement);
        }

        public static void SyncFolder(string folder) => PosixFile.SyncFolder(folder);
    }
}
