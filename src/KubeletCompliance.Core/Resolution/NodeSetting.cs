using System;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>
    /// A node's answer: the setting the kubelet has (or would have, when not running), where it comes from,
    /// and, for a running kubelet, what the files on disk would give at the next restart.
    /// </summary>
    public sealed record NodeSetting
    {
        /// <summary>What decides the reported value: the running kubelet's launch when there is one, else the disk launch.</summary>
        public LaunchSetting Effective { get; init; }
        /// <summary>What the files on disk give at the next start; the same object as <see cref="Effective"/> when the kubelet is not running.</summary>
        public LaunchSetting Configured { get; init; }
        public bool PendingRestart { get; init; }
        /// <summary>One sentence saying what the drift judgement rests on; empty when there is no running kubelet.</summary>
        public string DriftEvidence { get; init; } = string.Empty;
        /// <summary>A problem that concerns the node as a whole (several kubelets, an unreadable process).</summary>
        public ResolutionProblem NodeProblem { get; init; }
        /// <summary>One sentence naming the kubelet look-alikes that were ignored; empty when there were none.</summary>
        public string IgnoredProcesses { get; init; } = string.Empty;

        public ResolutionProblem Problem => NodeProblem ?? Effective?.Problem;
        public bool Found => Effective != null;

        public bool? Enabled => Problem != null ? null : Effective?.Enabled;
        public SettingSource Source => Effective == null ? SettingSource.NotFound : Effective.Source;
        public string Distribution => Effective?.Launch?.Distribution ?? string.Empty;
        public DateTimeOffset? ProcessStart => Effective?.Launch?.StartTime;
    }
}
