namespace KubeletCompliance.Core.Processes
{
    /// <summary>
    /// What a transport read of one /proc/&lt;pid&gt; folder, as bytes: the transport only gathers, <see cref="Procfs"/>
    /// decides what they mean, so a local node, a node image and an SSH node are judged by the same code.
    /// A null file was not there (the process exited or the tree has none); an error says why a read failed.
    /// </summary>
    public sealed class ProcessFiles
    {
        public ProcessFiles(int pid)
        {
            Pid = pid;
        }

        public int Pid { get; }
        public byte[] Comm { get; set; }
        public byte[] Cmdline { get; set; }
        /// <summary>Why cmdline could not be read; null when it was read or is absent.</summary>
        public string CmdlineError { get; set; }
        /// <summary>The target of the cwd link, as the node sees it; null when unknown.</summary>
        public string WorkingDirectory { get; set; }
        public byte[] Stat { get; set; }
        public byte[] Status { get; set; }
        public byte[] Cgroup { get; set; }
        /// <summary>Owner and mode of the file /proc/&lt;pid&gt;/exe points at; null when not read (a node image has none).</summary>
        public FileOwnership Executable { get; set; }
    }

    /// <summary>Owner uid and permission bits of a file.</summary>
    public sealed class FileOwnership
    {
        public FileOwnership(int owner, int mode)
        {
            Owner = owner;
            Mode = mode;
        }

        public int Owner { get; }
        public int Mode { get; }

        /// <summary>Only root may change it: owned by root, not writable by group or others.</summary>
        public bool OnlyRootCanChange => Owner == 0 && (Mode & 0x12) == 0;
    }

    /// <summary>
    /// How to turn /proc/&lt;pid&gt;/stat start ticks into a time: the node's boot time (btime of /proc/stat) and its
    /// clock-tick rate (sysconf(_SC_CLK_TCK), getconf CLK_TCK); a rate that could not be read is Linux's USER_HZ, 100.
    /// </summary>
    public sealed class ProcClock
    {
        public ProcClock(long? bootTime, int ticksPerSecond)
        {
            BootTime = bootTime;
            TicksPerSecond = ticksPerSecond > 0 ? ticksPerSecond : 100;
        }

        public long? BootTime { get; }
        public int TicksPerSecond { get; }
    }
}
