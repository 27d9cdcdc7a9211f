using System;
using System.Collections.Generic;
using KubeletCompliance.Core.Flags;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>The anonymous-auth value one launch of the kubelet gets, and every place that had a say in it.</summary>
    public sealed record LaunchSetting
    {
        public KubeletLaunch Launch { get; init; }
        public bool? Enabled { get; init; }
        public SettingSource Source { get; init; }
        /// <summary>Node path of the file that decided (or /proc/&lt;pid&gt;/cmdline); null for Default.</summary>
        public string SourcePath { get; init; }
        /// <summary>The --config file as a node path (made absolute), or null.</summary>
        public string ConfigPath { get; init; }
        public string ConfigDir { get; init; }
        /// <summary>Every --config-dir drop-in that sets the value, in the order the kubelet applies them.</summary>
        public IReadOnlyList<string> DropInsSettingValue { get; init; } = Array.Empty<string>();
        public IReadOnlyList<FlagOccurrence> FlagOccurrences { get; init; } = Array.Empty<FlagOccurrence>();
        /// <summary>Files whose content went into the value (config, drop-ins); with the launch's own files, what drift is judged on.</summary>
        public IReadOnlyList<string> ConfigFilesRead { get; init; } = Array.Empty<string>();
        public ResolutionProblem Problem { get; init; }
        /// <summary>The kubelet's healthz URL as its flags, drop-ins and config file set it (default http://127.0.0.1:10248/healthz); null when healthzPort is 0.</summary>
        public string HealthzUrl { get; init; } = "http://127.0.0.1:10248/healthz";

        public bool Explicit => Source == SettingSource.CommandLine || Source == SettingSource.ConfigDropIn || Source == SettingSource.ConfigFile;
    }
}
