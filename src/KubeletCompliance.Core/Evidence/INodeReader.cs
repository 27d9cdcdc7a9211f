using System.Collections.Generic;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>
    /// The only questions the core asks of a node. Paths are always the node's own absolute paths
    /// ("/etc/systemd/system/kubelet.service"); a transport maps them to wherever the node really is
    /// (the local root, a mounted image, an SSH session). The core never touches the file system itself.
    /// </summary>
    public interface INodeReader
    {
        /// <summary>Reads a whole file as text. Symlinks are followed inside the node.</summary>
        NodeFile ReadFile(string path);

        /// <summary>Lists one directory (not recursive).</summary>
        NodeDirectory ListDirectory(string path);

        /// <summary>Every process whose command line could be read or whose read failed.</summary>
        IReadOnlyList<NodeProcess> ListProcesses();
    }
}
