using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Processes;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>
    /// A node whose file system is reachable here: the local machine (root "/"), or a node image mounted or
    /// unpacked below a folder. Every node path is read below the root; absolute symlinks are resolved inside
    /// the root and '..' stops at it, so nothing outside the root is ever read.
    /// </summary>
    public sealed class FileSystemNode : INodeReader
    {
        private const int MaxSymlinkHops = 40;

        /// <summary>A kubelet's files are kilobytes; anything past this is hostile, and is refused rather than read.</summary>
        public const int MaxFileBytes = 4 * 1024 * 1024;
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        public FileSystemNode(string root)
        {
            Root = Path.GetFullPath(root).TrimEnd('/');
        }

        /// <summary>The host folder that is the node's "/" (empty string for the local machine).</summary>
        public string Root { get; }

        public static FileSystemNode Local() => new FileSystemNode("/");

        public NodeFile ReadFile(string path)
        {
            string nodePath = NodePath.Normalize(path);
            try
            {
                string resolved = Resolve(nodePath);
                if (resolved == null)
                {
                    return NodeFile.NotFound(nodePath);
                }

                if (resolved == "/dev/null")
                {
                    // How systemd masks a unit; reading it yields nothing, wherever the node's /dev is.
                    return NodeFile.Found(nodePath, string.Empty);
                }

                string hostPath = HostPath(resolved);
                if (!File.Exists(hostPath))
                {
                    return Directory.Exists(hostPath)
                        ? NodeFile.Unreadable(nodePath, "it is a directory, not a file")
                        : NodeFile.NotFound(nodePath);
                }

                byte[] bytes = PosixFile.ReadRegularFile(hostPath, MaxFileBytes, out string refusal);
                if (bytes == null)
                {
                    return NodeFile.Unreadable(nodePath, refusal);
                }

                var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(hostPath), TimeSpan.Zero);
                return NodeFile.Found(nodePath, Utf8.GetString(bytes), modified);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return NodeFile.Unreadable(nodePath, NodeText(e.Message));
            }
        }

        public NodeDirectory ListDirectory(string path)
        {
            string nodePath = NodePath.Normalize(path);
            try
            {
                string resolved = Resolve(nodePath);
                string hostPath = resolved == null ? null : HostPath(resolved);
                if (hostPath == null || !Directory.Exists(hostPath))
                {
                    return NodeDirectory.Missing(nodePath);
                }

                var entries = new DirectoryInfo(hostPath).EnumerateFileSystemInfos()
                    .Select(info => new NodeDirectoryEntry(
                        info.Name,
                        (info.Attributes & FileAttributes.Directory) != 0 && (info.Attributes & FileAttributes.ReparsePoint) == 0))
                    .ToList();
                return new NodeDirectory(nodePath, true, entries);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new NodeDirectory(nodePath, true, null, NodeText(e.Message));
            }
        }

        public IReadOnlyList<NodeProcess> ListProcesses()
        {
            var processes = new List<NodeProcess>();
            string proc = HostPath("/proc");
            if (!Directory.Exists(proc))
            {
                return processes;
            }

            var clock = new ProcClock(Procfs.BootTime(ReadOptional(HostPath("/proc/stat"))), PosixFile.ClockTicksPerSecond());
            IEnumerable<string> folders;
            try
            {
                folders = Directory.EnumerateDirectories(proc).ToList();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return processes;
            }

            foreach (string folder in folders)
            {
                if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    continue;
                }

                var process = Procfs.Parse(ReadProcess(pid, folder), clock, live: Root.Length == 0);
                if (process != null)
                {
                    processes.Add(process);
                }
            }

            return processes;
        }

        /// <summary>The bytes of one /proc/&lt;pid&gt; folder; the core decides what they mean.</summary>
        private ProcessFiles ReadProcess(int pid, string folder)
        {
            var files = new ProcessFiles(pid)
            {
                Comm = ReadOptional(Path.Combine(folder, "comm")),
                WorkingDirectory = SymbolicLink.Read(Path.Combine(folder, "cwd")),
                Stat = ReadOptional(Path.Combine(folder, "stat")),
                Status = ReadOptional(Path.Combine(folder, "status")),
                Cgroup = ReadOptional(Path.Combine(folder, "cgroup")),
                // Only a live process has an executable to check; a node image's /proc is a copy of text files.
                Executable = Root.Length == 0 ? PosixFile.TryOwnershipOf(Path.Combine(folder, "exe")) : null,
            };
            try
            {
                files.Cmdline = File.ReadAllBytes(Path.Combine(folder, "cmdline"));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The process may have exited between listing and reading; only a still-present one counts.
                files.CmdlineError = Directory.Exists(folder) ? NodeText(e.Message) : null;
            }

            return files;
        }

        private static byte[] ReadOptional(string hostPath)
        {
            try
            {
                return File.Exists(hostPath) ? File.ReadAllBytes(hostPath) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>
        /// Resolves a node path to a node path with no symlinks in it, every link followed inside the root;
        /// null when a component does not exist.
        /// </summary>
        internal string Resolve(string nodePath) => Resolve(nodePath, null);

        /// <summary>As <see cref="Resolve(string)"/>, adding the node path of every symlink followed to <paramref name="links"/>.</summary>
        internal string Resolve(string nodePath, List<string> links)
        {
            var pending = new Stack<string>(Enumerable.Reverse(nodePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)));
            var resolved = new List<string>();
            int hops = 0;
            while (pending.Count > 0)
            {
                string part = pending.Pop();
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (resolved.Count > 0)
                    {
                        resolved.RemoveAt(resolved.Count - 1);
                    }

                    continue;
                }

                string candidate = "/" + string.Join("/", resolved.Concat(new[] { part }));
                string host = HostPath(candidate);
                string target = SymbolicLink.Read(host);
                if (target == null)
                {
                    if (!File.Exists(host) && !Directory.Exists(host))
                    {
                        return candidate == "/dev/null" && pending.Count == 0 ? candidate : null;
                    }

                    resolved.Add(part);
                    continue;
                }

                links?.Add(candidate);
                if (++hops > MaxSymlinkHops)
                {
                    throw new IOException("too many levels of symbolic links at " + candidate);
                }

                if (target == "/dev/null" && pending.Count == 0)
                {
                    return target;
                }

                if (target.StartsWith("/", StringComparison.Ordinal))
                {
                    resolved.Clear();
                }

                foreach (string piece in Enumerable.Reverse(target.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)))
                {
                    pending.Push(piece);
                }
            }

            return "/" + string.Join("/", resolved);
        }

        internal string HostPath(string nodePath) => Root + NodePath.Normalize(nodePath);

        /// <summary>
        /// A system message about a host path, told with node paths: a user fixes /etc/kubernetes/kubelet.conf on the
        /// node, not the folder this machine mounted it at.
        /// </summary>
        internal string NodeText(string message) => Root.Length == 0 || message == null ? message : message.Replace(Root + "/", "/");
    }
}
