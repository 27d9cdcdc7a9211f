using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Distributions;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Processes;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>
    /// Finds the node's kubelet (a running process first, else what its service files would start) and resolves it.
    /// For a running kubelet it also resolves the files on disk, to tell whether a restart would change the answer.
    /// </summary>
    public sealed class NodeResolver
    {
        private readonly IReadOnlyList<IKubeletLayout> layouts;

        public NodeResolver(IReadOnlyList<IKubeletLayout> layouts)
        {
            this.layouts = layouts;
        }

        /// <summary>Every layout the product knows, in the order a not-running node's files are tried.</summary>
        public static NodeResolver Default { get; } = new NodeResolver(KubeletLayouts.All);

        /// <summary>
        /// Resolves a node through whichever reader reaches it: one that fetches in batches (a remote node) is resolved
        /// in as few round trips as its files' references need (<see cref="RoundTripResolver"/>).
        /// </summary>
        public NodeSetting ResolveNode(INodeReader node) =>
            node is IBatchingNodeReader remote ? RoundTripResolver.Resolve(remote, this) : Resolve(node);

        public NodeSetting Resolve(INodeReader node)
        {
            var result = new NodeSetting();
            var running = new List<(IKubeletLayout Layout, KubeletLaunch Launch)>();
            var ignored = new List<string>();
            var services = layouts.SelectMany(l => l.ServiceNames).ToList();
            foreach (var process in node.ListProcesses())
            {
                // Checked before any layout looks at it: a look-alike's argv names files nothing should read.
                string distrust = KubeletProcessTrust.Distrust(process, services);
                if (distrust != null)
                {
                    if (LooksLikeKubelet(process))
                    {
                        ignored.Add(distrust);
                    }

                    continue;
                }

                if (process.Argv == null || process.Argv.Count == 0)
                {
                    if (process.Name != null && layouts.Any(l => l.ClaimsProcessName(process.Name)))
                    {
                        result = result with { NodeProblem = new ResolutionProblem(
                            ErrorIds.ProcessUnreadable,
                            $"A {process.Name} process (pid {process.Pid}) is running but its command line could not be read ({process.Error ?? "empty"}); run the audit with enough privilege to read {process.CmdlinePath}.",
                            process.CmdlinePath) };
                    }

                    continue;
                }

                foreach (var layout in layouts)
                {
                    var launch = layout.FromProcess(process, node);
                    if (launch != null)
                    {
                        running.Add((layout, launch));
                        break;
                    }
                }
            }

            result = result with { IgnoredProcesses = Ignored(ignored) };

            if (running.Count > 1)
            {
                result = result with { NodeProblem = new ResolutionProblem(
                    ErrorIds.MultipleKubelets,
                    $"{running.Count} kubelet processes are running (pids {string.Join(", ", running.Select(r => r.Launch.Pid))}); the node has no single answer. Stop the stray kubelet and audit again.",
                    running[0].Launch.Pid.HasValue ? "/proc/" + running[0].Launch.Pid + "/cmdline" : null) };
            }

            if (running.Count >= 1)
            {
                var (layout, launch) = running[0];
                var onDisk = layout.FromDisk(node);
                result = result with
                {
                    Effective = LaunchResolver.Resolve(node, launch),
                    Configured = onDisk == null ? null : LaunchResolver.Resolve(node, onDisk),
                };
                return NameCarryingFile(JudgeDrift(node, result));
            }

            if (result.NodeProblem != null)
            {
                return result;
            }

            foreach (var layout in layouts)
            {
                var launch = layout.FromDisk(node);
                if (launch != null)
                {
                    var setting = LaunchResolver.Resolve(node, launch);
                    return result with { Effective = setting, Configured = setting };
                }
            }

            return result;
        }

        private bool LooksLikeKubelet(NodeProcess process)
        {
            string program = process.Argv == null || process.Argv.Count == 0 ? null : NodePath.FileName(process.Argv[0]);
            return layouts.Any(l => (process.Name != null && l.ClaimsProcessName(process.Name)) || (program != null && l.ClaimsProcessName(program)));
        }

        private static string Ignored(List<string> ignored) =>
            ignored.Count == 0
                ? string.Empty
                : $"Ignored {(ignored.Count == 1 ? "a process that looks" : ignored.Count + " processes that look")} like a kubelet but that the node does not vouch for (not in a kubelet service's control group, not run by root from a root-owned executable): {string.Join("; ", ignored)}.";

        private static NodeSetting JudgeDrift(INodeReader node, NodeSetting result)
        {
            var effective = result.Effective;
            var configured = result.Configured;
            if (configured == null)
            {
                return result with { DriftEvidence = "No service files for this kubelet were found on disk, so what a restart would give is unknown." };
            }

            if (configured.Problem == null && effective.Problem == null && configured.Enabled != effective.Enabled)
            {
                return result with
                {
                    PendingRestart = true,
                    DriftEvidence = $"The running kubelet's command line gives anonymous-auth {Word(effective.Enabled)}, but its service files give {Word(configured.Enabled)} at the next restart.",
                };
            }

            var start = effective.Launch.StartTime;
            if (start.HasValue)
            {
                var changed = configured.ConfigFilesRead
                    .Concat(effective.ConfigFilesRead)
                    .Concat(configured.Launch.DescribingFiles)
                    .Distinct(StringComparer.Ordinal)
                    .Except(effective.Launch.FilesWrittenAtStart.Keys.Concat(configured.Launch.FilesWrittenAtStart.Keys), StringComparer.Ordinal)
                    .Select(node.ReadFile)
                    .FirstOrDefault(f => f.Modified.HasValue && f.Modified.Value > start.Value);
                if (changed != null)
                {
                    return result with
                    {
                        PendingRestart = true,
                        DriftEvidence = $"{changed.Path} was modified at {changed.Modified.Value.UtcDateTime:u}, after the kubelet started at {start.Value.UtcDateTime:u}; the running kubelet may still use its earlier content.",
                    };
                }

                return result with { DriftEvidence = "The running kubelet's command line matches its service files, and no file it reads changed after it started." };
            }

            return result with { DriftEvidence = "The running kubelet's command line matches its service files; its start time is unknown, so file changes since then could not be checked." };
        }

        /// <summary>
        /// A flag read from /proc is carried by some file on disk; when the service files spell the same flag with the
        /// same value, name that file (the one an operator edits) rather than /proc/&lt;pid&gt;/cmdline.
        /// </summary>
        private static NodeSetting NameCarryingFile(NodeSetting result)
        {
            var effective = result.Effective;
            var configured = result.Configured;
            if (effective.Source != SettingSource.CommandLine || configured == null || configured.Source != SettingSource.CommandLine
                || configured.Enabled != effective.Enabled || result.PendingRestart)
            {
                return result;
            }

            return result with { Effective = effective with { SourcePath = configured.SourcePath } };
        }

        private static string Word(bool? value) => value == null ? "unknown" : value.Value ? "true" : "false";
    }
}
