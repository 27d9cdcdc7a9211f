using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Processes;
using KubeletCompliance.Transports.FileSystem;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>
    /// The evidence script (Shell/Scripts/evidence.sh) with one batch of questions appended, and the reading of what it prints.
    /// Output is line based and every remote-controlled value is base64, so no file name or content can break a
    /// record; "-" means absent, "!reason" a failure:
    /// <code>
    /// U uid
    /// F id ok mtime|- base64      F id missing|denied|isdir|notfile|toolarge|error
    ///                             (only regular files are read, at most M bytes: a FIFO or device neither hangs nor floods)
    /// D id ok d:base64 f:base64   D id missing|denied|notdir
    /// C id base64name mtime|- base64   (after "D id ok": a readable *.conf/*.yaml/*.yml file listed there)
    /// B btime|- clk_tck|-
    /// P pid comm cmdline cwd stat status cgroup exe (each base64 or !gone/!denied/!error; exe is uid:octal-mode or -)
    /// Z                           (the end: anything shorter was cut off)
    /// </code>
    /// </summary>
    internal static class EvidenceScript
    {
        // Names a kubelet runs under: directly, inside hyperkube/kubenswrapper, or embedded in k3s/RKE2/MicroK8s.
        private const string ProgramNames = "kubelet|kubenswrapper|hyperkube|k3s|rke2|kubelite";

        public static string Build(string remoteRoot, IReadOnlyList<string> files, IReadOnlyList<string> directories, bool processes)
        {
            var script = new StringBuilder();
            script.Append("R=").Append(PosixShell.Quote(remoteRoot)).Append('\n');
            script.Append("K=").Append(PosixShell.Quote(ProgramNames)).Append('\n');
            script.Append("M=").Append(FileSystemNode.MaxFileBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            script.Append(ShellScripts.Evidence);
            for (int i = 0; i < files.Count; i++)
            {
                script.Append("rf ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(PosixShell.Quote(files[i])).Append('\n');
            }

            for (int i = 0; i < directories.Count; i++)
            {
                script.Append("ld ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(PosixShell.Quote(directories[i])).Append('\n');
            }

            if (processes)
            {
                script.Append("lp\n");
            }

            script.Append("echo Z\n");
            return script.ToString();
        }

        /// <param name="live">True when the processes run on the host read (not below a remote root), so their executables count.</param>
        public static Evidence Parse(string output, IReadOnlyList<string> files, IReadOnlyList<string> directories, bool processes, bool live)
        {
            var evidence = new Evidence();
            long? bootTime = null;
            int ticksPerSecond = 100;
            var rawProcesses = new List<string[]>();
            bool complete = false;
            foreach (string line in output.Split('\n'))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                string[] fields = line.Split(' ');
                switch (fields[0])
                {
                    case "U":
                        evidence.UserId = fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int uid) ? uid : (int?)null;
                        break;
                    case "F":
                        string file = files[Index(fields, files.Count, line)];
                        evidence.Files[file] = ParseFile(file, fields, evidence);
                        break;
                    case "D":
                        string directory = directories[Index(fields, directories.Count, line)];
                        evidence.Directories[directory] = ParseDirectory(directory, fields, evidence);
                        break;
                    case "C":
                        ParseListedFile(directories[Index(fields, directories.Count, line)], fields, evidence, line);
                        break;
                    case "B":
                        bootTime = fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long btime) ? btime : (long?)null;
                        if (fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int hz) && hz > 0)
                        {
                            ticksPerSecond = hz;
                        }

                        break;
                    case "P":
                        if (fields.Length != 9)
                        {
                            throw Malformed(line);
                        }

                        rawProcesses.Add(fields);
                        break;
                    case "Z":
                        complete = true;
                        break;
                    default:
                        throw Malformed(line);
                }
            }

            if (!complete || evidence.Files.Count != files.Count || evidence.Directories.Count != directories.Count)
            {
                throw new FormatException("The evidence script's output was cut short.");
            }

            if (processes)
            {
                evidence.Processes = rawProcesses
                    .Select(p => ParseProcess(p, new ProcClock(bootTime, ticksPerSecond), live, evidence))
                    .Where(p => p != null)
                    .ToList();
            }

            return evidence;
        }

        private static int Index(string[] fields, int count, string line)
        {
            if (fields.Length < 3 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= count)
            {
                throw Malformed(line);
            }

            return index;
        }

        private static NodeFile ParseFile(string path, string[] fields, Evidence evidence)
        {
            switch (fields[2])
            {
                case "ok":
                    if (fields.Length != 5)
                    {
                        throw Malformed(string.Join(" ", fields));
                    }

                    DateTimeOffset? modified = long.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                        : (DateTimeOffset?)null;
                    byte[] bytes = Convert.FromBase64String(fields[4]);
                    return bytes.Length > FileSystemNode.MaxFileBytes ? TooLarge(path) : NodeFile.Found(path, Text(bytes), modified);
                case "missing":
                    return NodeFile.NotFound(path);
                case "denied":
                    evidence.Denied = true;
                    return NodeFile.Unreadable(path, "permission denied");
                case "isdir":
                    return NodeFile.Unreadable(path, "is a directory");
                case "notfile":
                    return NodeFile.Unreadable(path, "it is not a regular file");
                case "toolarge":
                    return TooLarge(path);
                default:
                    return NodeFile.Unreadable(path, "read error");
            }
        }

        private static void ParseListedFile(string directory, string[] fields, Evidence evidence, string line)
        {
            if (fields.Length != 5)
            {
                throw Malformed(line);
            }

            string name = Encoding.UTF8.GetString(Convert.FromBase64String(fields[2]));
            string path = directory == "/" ? "/" + name : directory + "/" + name;
            DateTimeOffset? modified = long.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : (DateTimeOffset?)null;
            byte[] bytes = Convert.FromBase64String(fields[4]);
            if (bytes.Length <= FileSystemNode.MaxFileBytes)
            {
                evidence.ListedFiles[path] = NodeFile.Found(path, Text(bytes), modified);
            }
        }

        /// <summary>The same answer the local reader gives for a file past the cap (it may have grown after its size was taken).</summary>
        private static NodeFile TooLarge(string path) =>
            NodeFile.Unreadable(path, $"it is larger than {FileSystemNode.MaxFileBytes / (1024 * 1024)} MiB, which no kubelet file is");

        private static NodeDirectory ParseDirectory(string path, string[] fields, Evidence evidence)
        {
            switch (fields[2])
            {
                case "ok":
                    var entries = new SortedDictionary<string, NodeDirectoryEntry>(StringComparer.Ordinal);
                    foreach (string field in fields.Skip(3))
                    {
                        if (field.Length < 2 || field[1] != ':')
                        {
                            throw Malformed(string.Join(" ", fields));
                        }

                        string name = Encoding.UTF8.GetString(Convert.FromBase64String(field.Substring(2)));
                        entries[name] = new NodeDirectoryEntry(name, field[0] == 'd');
                    }

                    return new NodeDirectory(path, true, entries.Values.ToList());
                case "denied":
                    evidence.Denied = true;
                    return new NodeDirectory(path, true, null, "permission denied");
                case "notdir":
                    return new NodeDirectory(path, false, null, "not a directory");
                default:
                    return NodeDirectory.Missing(path);
            }
        }

        /// <summary>Unpacks one P line into the bytes procfs gave; <see cref="Procfs"/> reads them as it does locally.</summary>
        private static NodeProcess ParseProcess(string[] fields, ProcClock clock, bool live, Evidence evidence)
        {
            int pid = int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
            string cmdline = fields[3];
            if (cmdline == "!gone" || fields[2] == "!gone")
            {
                // It exited between being listed and being read: it no longer runs, so it is no evidence.
                return null;
            }

            evidence.Denied |= cmdline == "!denied" || fields[4] == "!denied";
            var files = new ProcessFiles(pid)
            {
                Comm = Bytes(fields[2]),
                Cmdline = Bytes(cmdline),
                CmdlineError = cmdline.StartsWith("!", StringComparison.Ordinal) ? "cannot read /proc/" + pid + "/cmdline: " + Reason(cmdline) : null,
                WorkingDirectory = fields[4].StartsWith("!", StringComparison.Ordinal) ? null : Text(Convert.FromBase64String(fields[4])),
                Stat = Bytes(fields[5]),
                Status = Bytes(fields[6]),
                Cgroup = Bytes(fields[7]),
                Executable = Ownership(fields[8]),
            };
            return Procfs.Parse(files, clock, live);
        }

        private static byte[] Bytes(string field) => field.StartsWith("!", StringComparison.Ordinal) ? null : Convert.FromBase64String(field);

        private static FileOwnership Ownership(string field)
        {
            string[] parts = field.Split(':');
            return parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int owner)
                && parts[1].Length > 0 && parts[1].All(c => c >= '0' && c <= '7')
                ? new FileOwnership(owner, Convert.ToInt32(parts[1], 8))
                : null;
        }

        private static string Reason(string marker) => marker == "!denied" ? "permission denied" : "read error";

        /// <summary>
        /// The bytes as the local file-system reader decodes them, byte order mark included: editors keep it, and the
        /// writer checks a file still holds exactly what was read before replacing it.
        /// </summary>
        private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

        private static FormatException Malformed(string line) =>
            new FormatException("Unexpected line in the evidence script's output: " + (line.Length > 80 ? line.Substring(0, 80) + "..." : line));

        internal sealed class Evidence
        {
            public int? UserId { get; set; }
            public Dictionary<string, NodeFile> Files { get; } = new Dictionary<string, NodeFile>(StringComparer.Ordinal);
            public Dictionary<string, NodeDirectory> Directories { get; } = new Dictionary<string, NodeDirectory>(StringComparer.Ordinal);

            /// <summary>
            /// Drop-in files read along with their directory's listing: the resolver reads them next, and fetching them
            /// now saves a node that has drop-ins (every kubeadm node) a round trip. Only files read successfully come
            /// this way; any other is fetched, with its error, when asked for.
            /// </summary>
            public Dictionary<string, NodeFile> ListedFiles { get; } = new Dictionary<string, NodeFile>(StringComparer.Ordinal);
            public IReadOnlyList<NodeProcess> Processes { get; set; }

            /// <summary>Something was refused for lack of permission: reading it again as root may help.</summary>
            public bool Denied { get; set; }
        }
    }
}
