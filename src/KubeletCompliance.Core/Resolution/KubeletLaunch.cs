using System;
using System.Collections.Generic;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>
    /// How a kubelet was (Basis Process) or would next be (Basis ServiceUnit) started: its arguments with their
    /// origins, working directory and the files that describe it. Distribution layouts produce these; the
    /// resolver turns one into a setting without caring which layout it came from.
    /// </summary>
    public sealed record KubeletLaunch
    {
        public KubeletLaunch(EvidenceBasis basis, string distribution, string serviceName, IReadOnlyList<string> commandLine, IReadOnlyList<ArgumentWord> kubeletArguments)
        {
            Basis = basis;
            Distribution = distribution;
            ServiceName = serviceName;
            CommandLine = commandLine ?? Array.Empty<string>();
            KubeletArguments = kubeletArguments ?? Array.Empty<ArgumentWord>();
        }

        public EvidenceBasis Basis { get; }
        public string Distribution { get; init; }
        /// <summary>The systemd service that runs the kubelet (kubelet.service, k3s.service, ...), or null when unknown.</summary>
        public string ServiceName { get; }
        /// <summary>The program's full argv as the user would see it in ps.</summary>
        public IReadOnlyList<string> CommandLine { get; }
        /// <summary>The kubelet's own arguments, after the program name, each with the file that carries it.</summary>
        public IReadOnlyList<ArgumentWord> KubeletArguments { get; }
        public string WorkingDirectory { get; init; }
        public int? Pid { get; init; }
        public DateTimeOffset? StartTime { get; init; }
        /// <summary>Files read to build this launch (units, drop-ins, environment and args files).</summary>
        public IReadOnlyList<string> DescribingFiles { get; init; } = Array.Empty<string>();
        /// <summary>Why this launch cannot run as written, or null.</summary>
        public ResolutionProblem Problem { get; init; }
        /// <summary>Where the distribution wants extra kubelet flags added when nothing sets the value (e.g. /etc/default/kubelet).</summary>
        public FlagHome ExtraFlagsHome { get; init; }
        /// <summary>The service file whose command line starts the kubelet, where a flag goes when nothing else can carry it; null when none.</summary>
        public string ExecStartPath { get; init; }
        /// <summary>True when the node's kubelet settings are owned by a cluster operator, not by files (OpenShift).</summary>
        public bool ManagedByCluster { get; init; }
        /// <summary>
        /// Files the distribution's program writes every time it starts (k3s's 00-k3s-defaults.conf), with the content it
        /// writes: the next start reads these, not what is on disk now, and their changes are no drift.
        /// </summary>
        public IReadOnlyDictionary<string, string> FilesWrittenAtStart { get; init; } = new Dictionary<string, string>();
    }

    /// <summary>A file and variable where a distribution expects extra kubelet flags.</summary>
    public sealed class FlagHome
    {
        public FlagHome(WordOriginKind kind, string path, string variable)
        {
            Kind = kind;
            Path = path;
            Variable = variable;
        }

        public WordOriginKind Kind { get; }
        public string Path { get; }
        public string Variable { get; }
    }
}
