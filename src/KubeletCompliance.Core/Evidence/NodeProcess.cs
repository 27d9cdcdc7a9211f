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
        public NodeProcess(int pid, IReadOnlyList<string> argv, string workingDirectory = null, DateTimeOffset? startTime = null, string error = null, string name = null)
        {
            Pid = pid;
            Name = name;
            Argv = argv;
            WorkingDirectory = workingDirectory;
            StartTime = startTime;
            Error = error;
        }

        public int Pid { get; }
        /// <summary>The short name from /proc/&lt;pid&gt;/comm; lets a kubelet be recognised when its argv cannot be read.</summary>
        public string Name { get; }
        public IReadOnlyList<string> Argv { get; }
        /// <summary>The target of /proc/&lt;pid&gt;/cwd as a node path, or null when unknown.</summary>
        public string WorkingDirectory { get; }
        public DateTimeOffset? StartTime { get; }
        public string Error { get; }

        public string CmdlinePath => "/proc/" + Pid + "/cmdline";
    }
}
