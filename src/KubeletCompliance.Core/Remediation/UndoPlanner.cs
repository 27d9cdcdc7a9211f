using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Editing;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>One file to put back from a backup.</summary>
    public sealed class RestoreStep
    {
        public RestoreStep(string path, string backupPath, string diff)
        {
            Path = path;
            BackupPath = backupPath;
            Diff = diff;
        }

        public string Path { get; }
        public string BackupPath { get; }
        /// <summary>From the file as it is now to the backup; empty when they are the same.</summary>
        public string Diff { get; }
        /// <summary>The file already holds the backed-up content (or is absent, for an absent marker): nothing to do.</summary>
        public bool AlreadyRestored { get; init; }
        /// <summary>
        /// The file is no longer what the change wrote (edited by hand since), or the change left no record to tell:
        /// restoring would lose that content, so it needs -Force.
        /// </summary>
        public bool ChangedSinceBackup { get; init; }
    }

    /// <summary>The newest set of backups a change made on a node (one stamp per run), or none.</summary>
    public sealed class UndoPlan
    {
        public UndoPlan(string stamp, IReadOnlyList<RestoreStep> steps)
        {
            Stamp = stamp;
            Steps = steps;
        }

        public string Stamp { get; }
        public IReadOnlyList<RestoreStep> Steps { get; }
        public string ServiceName { get; init; }
        /// <summary>Why nothing may be restored on this node; null when the steps may be taken.</summary>
        public FixRefusal Refusal { get; init; }
    }

    /// <summary>
    /// Finds the backups of the newest run beside the files the kubelet's service files make it read (units,
    /// drop-ins, environment and args files, config file, config drop-ins, the extra-flags home): every file one run
    /// changes is one of them. Only the on-disk resolution counts: a running process's command line names folders
    /// whoever started it chose, and a root action must never rest on that.
    /// </summary>
    public static class UndoPlanner
    {
        public static UndoPlan Plan(INodeReader node, NodeSetting setting)
        {
            var problem = setting.NodeProblem ?? setting.Configured?.Problem;
            if (problem != null)
            {
                return new UndoPlan(null, Array.Empty<RestoreStep>())
                {
                    Refusal = new FixRefusal(ErrorIds.RestoreNodeUnresolved, $"Nothing was restored: the node's kubelet files could not be resolved ({problem.Message})"),
                };
            }

            var configured = setting.Configured;
            if (configured == null)
            {
                return new UndoPlan(null, Array.Empty<RestoreStep>());
            }

            var named = new HashSet<string>(
                configured.Launch.DescribingFiles
                    .Concat(configured.ConfigFilesRead)
                    .Concat(new[] { configured.ConfigPath, configured.Launch.ExtraFlagsHome?.Path, configured.Launch.ExecStartPath })
                    .Where(path => path != null),
                StringComparer.Ordinal);
            var folders = named.Select(NodePath.Directory)
                .Concat(configured.ConfigDir == null ? Array.Empty<string>() : new[] { configured.ConfigDir })
                .Distinct(StringComparer.Ordinal)
                .ToList();

            var backups = new List<(string Folder, string Name, string Original, string Stamp, bool Absent)>();
            foreach (string folder in folders)
            {
                foreach (var entry in node.ListDirectory(folder).Entries.Where(e => !e.IsDirectory))
                {
                    if (BackupNames.TryParse(entry.Name, out string original, out string stamp, out bool absent)
                        && named.Contains(NodePath.Combine(folder, original)))
                    {
                        backups.Add((folder, entry.Name, original, stamp, absent));
                    }
                }
            }

            if (backups.Count == 0)
            {
                return new UndoPlan(null, Array.Empty<RestoreStep>());
            }

            string newest = backups.Max(b => b.Stamp);
            var steps = backups.Where(b => b.Stamp == newest).Select(b =>
            {
                string path = NodePath.Combine(b.Folder, b.Original);
                string backupPath = NodePath.Combine(b.Folder, b.Name);
                var current = node.ReadFile(path);
                string before = current.Exists ? current.Content : string.Empty;
                string after = b.Absent ? string.Empty : node.ReadFile(backupPath).Content ?? string.Empty;
                var record = node.ReadFile(BackupNames.RecordOf(backupPath));
                string written = record.Exists ? record.Content.Trim() : null;
                return new RestoreStep(path, backupPath, UnifiedDiff.Create(path, before, after))
                {
                    AlreadyRestored = b.Absent ? current.State == NodeFileState.NotFound : current.Exists && current.Content == after,
                    ChangedSinceBackup = written == null || !current.Exists || BackupNames.Hash(current.Content) != written,
                };
            }).ToList();
            return new UndoPlan(newest, steps) { ServiceName = configured.Launch.ServiceName };
        }
    }
}
