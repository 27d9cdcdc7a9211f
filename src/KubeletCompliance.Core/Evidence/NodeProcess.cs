using System;
using System.Collections.Generic;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>
    /// A running process as /proc shows it. <see cref="Argv"/> is null when the command line could not be read
    /// (then <see cref="Error"/> says why), which the core reports rather than guesses around.
    /// </summary>
    public sealed class NodeProcess
    {
        public NodeProcess(int pid, IReadOnlyList<string> argv, string workingDirectory = null, DateTimeOffset? startTime = null, string error = null, string name = null, ProcessIdentity identity = null)
        {
            Pid = pid;
            Name = name;
            Argv = argv;
            WorkingDirectory = workingDirectory;
            StartTime = startTime;
            Error = error;
            Identity = identity ?? ProcessIdentity.Unknown;
        }

        public int Pid { get; }
        /// <summary>The short name from /proc/&lt;pid&gt;/comm; lets a kubelet be recognised when its argv cannot be read.</summary>
        public string Name { get; }
        public IReadOnlyList<string> Argv { get; }
        /// <summary>The target of /proc/&lt;pid&gt;/cwd as a node path, or null when unknown.</summary>
        public string WorkingDirectory { get; }
        public DateTimeOffset? StartTime { get; }
        public string Error { get; }
        /// <summary>Who runs it and where the node's service manager placed it: what decides whether it may be believed.</summary>
        public ProcessIdentity Identity { get; }

        public string CmdlinePath => "/proc/" + Pid + "/cmdline";
    }

    /// <summary>
    /// The facts the node itself vouches for about a process: its uids (/proc/&lt;pid&gt;/status), its control group
    /// (/proc/&lt;pid&gt;/cgroup) and, on a live node, the owner and mode of its executable. An unprivileged user can
    /// forge a process's argv and name, never these.
    /// </summary>
    public sealed class ProcessIdentity
    {
        public static readonly ProcessIdentity Unknown = new ProcessIdentity(null, null, null, false, null);

        public ProcessIdentity(int? realUid, int? effectiveUid, string controlGroup, bool live, Processes.FileOwnership executable)
        {
            RealUid = realUid;
            EffectiveUid = effectiveUid;
            ControlGroup = controlGroup;
            Live = live;
            Executable = executable;
        }

        public int? RealUid { get; }
        public int? EffectiveUid { get; }
        /// <summary>The path of the process's control group with any cgroup-namespace '..' prefix removed; null when unknown.</summary>
        public string ControlGroup { get; }
        /// <summary>True when the process runs now on the machine read (not a node image), so its executable can be checked.</summary>
        public bool Live { get; }
        /// <summary>Owner and mode of the executable; null when unknown.</summary>
        public Processes.FileOwnership Executable { get; }
    }
}
