using System;
using System.Collections.Generic;
using KubeletCompliance.Core.Flags;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>The anonymous-auth value one launch of the kubelet gets, and every place that had a say in it.</summary>
    public sealed class LaunchSetting
    {
        public KubeletLaunch Launch { get; set; }
        public bool? Enabled { get; set; }
        public SettingSource Source { get; set; }
        /// <summary>Node path of the file that decided (or /proc/&lt;pid&gt;/cmdline); null for Default.</summary>
        public string SourcePath { get; set; }
        /// <summary>The --config file as a node path (made absolute), or null.</summary>
        public string ConfigPath { get; set; }
        public string ConfigDir { get; set; }
        /// <summary>Every --config-dir drop-in that sets the value, in the order the kubelet applies them.</summary>
        public IReadOnlyList<string> DropInsSettingValue { get; set; } = Array.Empty<string>();
        public IReadOnlyList<FlagOccurrence> FlagOccurrences { get; set; } = Array.Empty<FlagOccurrence>();
        /// <summary>Files whose content went into the value (config, drop-ins); with the launch's own files, what drift is judged on.</summary>
        public IReadOnlyList<string> ConfigFilesRead { get; set; } = Array.Empty<string>();
        public ResolutionProblem Problem { get; set; }
        /// <summary>The kubelet's healthz URL as its flags, drop-ins and config file set it (default http://127.0.0.1:10248/healthz); null when healthzPort is 0.</summary>
        public string HealthzUrl { get; set; } = "http://127.0.0.1:10248/healthz";

        public bool Explicit => Source == SettingSource.CommandLine || Source == SettingSource.ConfigDropIn || Source == SettingSource.ConfigFile;
    }
}
