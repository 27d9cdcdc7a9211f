using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Processes
{
    /// <summary>
    /// The one reading of /proc the product has: every transport hands over the bytes of a process's files and this
    /// turns them into a <see cref="NodeProcess"/>, so what a node's procfs means is decided in one place.
    /// </summary>
    public static class Procfs
    {
        private const int StartTimeField = 22;

        /// <summary>The process, or null when it is none of the core's business (a kernel thread, one that exited).</summary>
        public static NodeProcess Parse(ProcessFiles files, ProcClock clock, bool live)
        {
            string name = files.Comm == null ? null : Text(files.Comm).TrimEnd('\n');
            DateTimeOffset? start = StartTime(files.Stat, clock);
            var identity = new ProcessIdentity(
                Uid(files.Status, 1), Uid(files.Status, 2), ControlGroup(files.Cgroup), live, files.Executable);
            if (files.Cmdline == null)
            {
                return files.CmdlineError == null
                    ? null
                    : new NodeProcess(files.Pid, null, files.WorkingDirectory, start, files.CmdlineError, name, identity);
            }

            var argv = Argv(files.Cmdline);
            if (argv.Count == 0)
            {
                // Kernel threads and zombies have an empty cmdline; they are not kubelets.
                return name == null ? null : new NodeProcess(files.Pid, null, files.WorkingDirectory, start, "the command line is empty", name, identity);
            }

            return new NodeProcess(files.Pid, argv, files.WorkingDirectory, start, null, name, identity);
        }

        /// <summary>The btime line of /proc/stat: the boot time in seconds since the epoch.</summary>
        public static long? BootTime(byte[] procStat)
        {
            if (procStat == null)
            {
                return null;
            }

            string line = Text(procStat).Split('\n').FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
            return line != null && long.TryParse(line.Substring(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                ? seconds
                : (long?)null;
        }

        /// <summary>NUL-separated words; a process that rewrote its argv may leave no final NUL.</summary>
        public static IReadOnlyList<string> Argv(byte[] cmdline)
        {
            var argv = new List<string>();
            int start = 0;
            for (int i = 0; i < cmdline.Length; i++)
            {
                if (cmdline[i] == 0)
                {
                    argv.Add(Encoding.UTF8.GetString(cmdline, start, i - start));
                    start = i + 1;
                }
            }

            if (start < cmdline.Length)
            {
                argv.Add(Encoding.UTF8.GetString(cmdline, start, cmdline.Length - start));
            }

            return argv;
        }

        /// <summary>
        /// Field 22 of /proc/&lt;pid&gt;/stat is the start time in clock ticks after boot. The name in field 2 may hold
        /// spaces and parentheses, so fields are counted after the last ')'.
        /// </summary>
        public static DateTimeOffset? StartTime(byte[] stat, ProcClock clock)
        {
            if (stat == null || clock?.BootTime == null)
            {
                return null;
            }

            string text = Text(stat);
            int close = text.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            string[] rest = text.Substring(close + 1).Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            int index = StartTimeField - 3;
            return rest.Length > index && long.TryParse(rest[index], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
                ? DateTimeOffset.FromUnixTimeSeconds(clock.BootTime.Value).AddSeconds((double)ticks / clock.TicksPerSecond)
                : (DateTimeOffset?)null;
        }

        /// <summary>The "Uid:" line of /proc/&lt;pid&gt;/status: real, effective, saved, file-system uid.</summary>
        private static int? Uid(byte[] status, int field)
        {
            if (status == null)
            {
                return null;
            }

            string line = Text(status).Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            string[] words = line?.Split(new[] { '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            return words != null && words.Length > field && int.TryParse(words[field], NumberStyles.None, CultureInfo.InvariantCulture, out int uid)
                ? uid
                : (int?)null;
        }

        /// <summary>
        /// The control group systemd placed the process in: the v1 name=systemd hierarchy when there is one (hybrid
        /// nodes have both), else the v2 "0::" line. Read inside a cgroup namespace the path starts with "/.."
        /// segments up to the namespace's root ("0::/../../system.slice/kubelet.service"); they are dropped, as the
        /// rest still names the same units.
        /// </summary>
        public static string ControlGroup(byte[] cgroup)
        {
            if (cgroup == null)
            {
                return null;
            }

            var lines = Text(cgroup).Split('\n').Where(l => l.Length > 0).Select(l => l.Split(new[] { ':' }, 3)).Where(f => f.Length == 3).ToList();
            string path = lines.FirstOrDefault(f => f[1] == "name=systemd")?[2] ?? lines.FirstOrDefault(f => f[0] == "0" && f[1].Length == 0)?[2];
            if (path == null || !path.StartsWith("/", StringComparison.Ordinal))
            {
                return null;
            }

            var parts = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).SkipWhile(p => p == "..").ToList();
            return parts.Contains("..") ? null : "/" + string.Join("/", parts);
        }

        private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
    }
}
