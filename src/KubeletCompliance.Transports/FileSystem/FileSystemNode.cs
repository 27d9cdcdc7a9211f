using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Evidence;

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

                var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(hostPath), TimeSpan.Zero);
                return NodeFile.Found(nodePath, Utf8.GetString(File.ReadAllBytes(hostPath)), modified);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return NodeFile.Unreadable(nodePath, e.Message);
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
                return new NodeDirectory(nodePath, true, null, e.Message);
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

            DateTimeOffset? bootTime = ReadBootTime();
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

                var process = ReadProcess(pid, folder, bootTime);
                if (process != null)
                {
                    processes.Add(process);
                }
            }

            return processes;
        }

        private NodeProcess ReadProcess(int pid, string folder, DateTimeOffset? bootTime)
        {
            string name = ReadOptional(Path.Combine(folder, "comm"))?.TrimEnd('\n');
            string cwd = SymbolicLink.Read(Path.Combine(folder, "cwd"));
            DateTimeOffset? start = StartTime(ReadOptional(Path.Combine(folder, "stat")), bootTime);
            try
            {
                byte[] raw = File.ReadAllBytes(Path.Combine(folder, "cmdline"));
                var argv = Utf8.GetString(raw).Split('\0').ToList();
                if (argv.Count > 0 && argv[argv.Count - 1].Length == 0)
                {
                    argv.RemoveAt(argv.Count - 1);
                }

                // Kernel threads and zombies have an empty cmdline; they are not kubelets.
                if (argv.Count == 0)
                {
                    return name == null ? null : new NodeProcess(pid, null, cwd, start, "the command line is empty", name);
                }

                return new NodeProcess(pid, argv, cwd, start, null, name);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The process may have exited between listing and reading; only a still-present one counts.
                return Directory.Exists(folder) ? new NodeProcess(pid, null, cwd, start, e.Message, name) : null;
            }
        }

        private DateTimeOffset? ReadBootTime()
        {
            string stat = ReadOptional(HostPath("/proc/stat"));
            string line = stat?.Split('\n').FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
            return line != null && long.TryParse(line.Substring(6).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : (DateTimeOffset?)null;
        }

        /// <summary>Field 22 of /proc/&lt;pid&gt;/stat is the start time in clock ticks after boot (USER_HZ, 100 on Linux).</summary>
        private static DateTimeOffset? StartTime(string stat, DateTimeOffset? bootTime)
        {
            if (stat == null || bootTime == null)
            {
                return null;
            }

            // The command name (field 2) may hold spaces and parentheses; fields after it follow the last ')'.
            int close = stat.LastIndexOf(')');
            var fields = stat.Substring(close + 1).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            const int startTimeIndexAfterComm = 22 - 3;
            return fields.Length > startTimeIndexAfterComm && long.TryParse(fields[startTimeIndexAfterComm], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks)
                ? bootTime.Value.AddSeconds(ticks / 100.0)
                : (DateTimeOffset?)null;
        }

        private static string ReadOptional(string hostPath)
        {
            try
            {
                return File.Exists(hostPath) ? File.ReadAllText(hostPath) : null;
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
        internal string Resolve(string nodePath)
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
    }
}
