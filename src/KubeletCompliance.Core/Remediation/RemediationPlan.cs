using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>One file's planned change: its text now, its text after, and the diff between them.</summary>
    public sealed class FileEdit
    {
        public FileEdit(string path, string originalContent, string newContent, string diff)
        {
            Path = path;
            OriginalContent = originalContent;
            NewContent = newContent;
            Diff = diff;
        }

        public string Path { get; }
        /// <summary>The file's text when planned; null when the edit creates it.</summary>
        public string OriginalContent { get; }
        public string NewContent { get; }
        public string Diff { get; }
    }

    /// <summary>
    /// What it takes to make a node's files give anonymous-auth = <see cref="Enabled"/>: file edits, none when the
    /// files already say so, or a refusal saying why files must not or cannot be changed.
    /// </summary>
    public sealed class RemediationPlan
    {
        public RemediationPlan(NodeSetting before, bool enabled, IReadOnlyList<FileEdit> edits, FixRefusal refusal, LaunchSetting predicted)
        {
            Before = before;
            Enabled = enabled;
            Edits = edits ?? Array.Empty<FileEdit>();
            Refusal = refusal;
            Predicted = predicted;
        }

        public NodeSetting Before { get; }
        public bool Enabled { get; }
        public IReadOnlyList<FileEdit> Edits { get; }
        public FixRefusal Refusal { get; }
        /// <summary>The setting the node's files give once the edits are made (the re-resolved overlay); null when refused.</summary>
        public LaunchSetting Predicted { get; }

        public bool Refused => Refusal != null;
        public bool NothingToChange => !Refused && Edits.Count == 0;

        /// <summary>The value the node's files give before the change (what the next start would use).</summary>
        public bool? PreviousEnabled => Before?.Problem != null ? null : (Before?.Configured ?? Before?.Effective)?.Enabled;

        public string ServiceName => (Before?.Configured ?? Before?.Effective)?.Launch.ServiceName;

        /// <summary>systemd reads unit files and drop-ins only on daemon-reload; environment and config files at every start.</summary>
        public bool ChangesUnitFiles => Edits.Any(edit => IsUnitFile(edit.Path));

        public static bool IsUnitFile(string path) =>
            Systemd.ServiceDefinition.SearchPath.Any(folder => path.StartsWith(folder + "/", StringComparison.Ordinal));
    }
}
