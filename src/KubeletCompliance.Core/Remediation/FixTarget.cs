using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Remediation
{
    public enum FixAction
    {
        /// <summary>Rewrite every --anonymous-auth word in the file.</summary>
        ReplaceFlag,
        /// <summary>Add --anonymous-auth=VALUE to a variable (environment file) or as a line (args file) or list entry (k3s config).</summary>
        AddFlag,
        /// <summary>Set authentication.anonymous.enabled in a kubelet config file or drop-in.</summary>
        SetConfigValue,
        /// <summary>Append --anonymous-auth=VALUE to the ExecStart= line of a unit or unit drop-in.</summary>
        AddToExecStart,
        /// <summary>
        /// The flag is in a packaged unit file (Path): write a drop-in in <see cref="FixTarget.Folder"/> that replaces its
        /// command (the same command, the flag rewritten or added) or, for a flag in an Environment= variable, that variable.
        /// </summary>
        OverrideUnit,
        /// <summary>Write a new --config-dir drop-in (a whole KubeletConfiguration) in <see cref="FixTarget.Folder"/>.</summary>
        AddConfigDropIn,
    }

    /// <summary>One file to change and how.</summary>
    public sealed class FixTarget
    {
        public FixTarget(FixAction action, string path, WordOriginKind fileKind, string variable = null)
        {
            Action = action;
            Path = path;
            FileKind = fileKind;
            Variable = variable;
        }

        public FixAction Action { get; }
        /// <summary>The file to change; for OverrideUnit the packaged unit whose command is copied; for AddConfigDropIn, null.</summary>
        public string Path { get; }
        /// <summary>What kind of file it is (unit, environment file, args file, k3s config); unused for SetConfigValue.</summary>
        public WordOriginKind FileKind { get; }
        public string Variable { get; }
        /// <summary>The folder a new file goes in (OverrideUnit, AddConfigDropIn); its name is chosen to sort last there.</summary>
        public string Folder { get; init; }
        /// <summary>The service option that passes the flag to the kubelet (k3s and RKE2: kubelet-arg), or null for a kubelet's own command line.</summary>
        public string PassedAs { get; init; }
    }

    /// <summary>Why the node cannot be fixed by editing files.</summary>
    public sealed class FixRefusal
    {
        public FixRefusal(string errorId, string message)
        {
            ErrorId = errorId;
            Message = message;
        }

        public string ErrorId { get; }
        public string Message { get; }
    }

    /// <summary>
    /// Where a change of anonymous-auth takes effect, decided from the provenance of the launch the next start uses:
    /// every file carrying the flag (the flag overrides everything else); else the drop-in that wins; else the
    /// --config file; else the distribution's home for extra flags; else the ExecStart= line itself (kubeadm
    /// before 1.11, hand-built flags-only nodes); else a new --config-dir drop-in; else a drop-in overriding a packaged
    /// unit's command. A packaged unit file is never edited: its package would put it back. The audit's Remediation
    /// text and the fix both come from here, so they never disagree.
    /// </summary>
    public static class FixTargets
    {
        /// <summary>Unit folders whose files belong to packages or installers (and /run to the running system), which rewrite them.</summary>
        private static readonly string[] VendorUnitFolders =
        {
            "/run/systemd/system/", "/usr/local/lib/systemd/system/", "/usr/lib/systemd/system/", "/lib/systemd/system/",
        };

        /// <summary>Where an administrator's drop-ins for a unit live (systemctl edit writes there).</summary>
        public static string AdminDropInFolder(string serviceName) => "/etc/systemd/system/" + serviceName + ".d";

        public static bool IsVendorUnitFile(string path) =>
            path != null && VendorUnitFolders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal));

        public static IReadOnlyList<FixTarget> Choose(LaunchSetting configured, out FixRefusal refusal)
        {
            refusal = null;
            var launch = configured.Launch;
            if (launch.ManagedByCluster)
            {
                refusal = new FixRefusal(ErrorIds.ManagedByCluster,
                    "This node's kubelet configuration is managed by the cluster (OpenShift's Machine Config Operator rewrites /etc/kubernetes/kubelet.conf): create or change a KubeletConfig object (machineconfiguration.openshift.io/v1) with spec.kubeletConfig.authentication.anonymous.enabled: false instead of editing files.");
                return Array.Empty<FixTarget>();
            }

            if (configured.Problem != null)
            {
                refusal = new FixRefusal(configured.Problem.ErrorId, "Fix this first: " + configured.Problem.Message);
                return Array.Empty<FixTarget>();
            }

            // k3s and RKE2 hand the kubelet the values of their own --kubelet-arg: that word is what gets rewritten.
            string passedAs = launch.Distribution == Distributions.Distribution.K3s || launch.Distribution == Distributions.Distribution.Rke2 ? "kubelet-arg" : null;
            var flagFiles = configured.FlagOccurrences
                .Select(o => o.Word.Origin)
                .Where(o => o.Path != null && o.Kind != WordOriginKind.ProcessCmdline && o.Kind != WordOriginKind.DistributionDefault)
                .GroupBy(o => (o.Path, o.Kind, o.Variable))
                .Select(g => FlagTarget(g.First(), launch, passedAs))
                .ToList();
            if (configured.FlagOccurrences.Count > 0)
            {
                if (flagFiles.Count == 0)
                {
                    refusal = new FixRefusal(ErrorIds.FlagNotInAFile, "The --anonymous-auth flag is added by the distribution's own program, not by a file that can be edited.");
                }

                return flagFiles;
            }

            // A drop-in the distribution rewrites at every start (k3s's defaults) cannot carry a change: its flags home does.
            if (configured.DropInsSettingValue.Count > 0 && launch.FilesWrittenAtStart.ContainsKey(configured.DropInsSettingValue.Last()) && launch.ExtraFlagsHome != null)
            {
                return new[] { new FixTarget(FixAction.AddFlag, launch.ExtraFlagsHome.Path, launch.ExtraFlagsHome.Kind, launch.ExtraFlagsHome.Variable) };
            }

            if (configured.DropInsSettingValue.Count > 0)
            {
                return new[] { new FixTarget(FixAction.SetConfigValue, configured.DropInsSettingValue.Last(), WordOriginKind.UnitExecStart) };
            }

            if (configured.ConfigPath != null)
            {
                return new[] { new FixTarget(FixAction.SetConfigValue, configured.ConfigPath, WordOriginKind.UnitExecStart) };
            }

            var home = launch.ExtraFlagsHome;
            if (home != null)
            {
                return new[] { new FixTarget(FixAction.AddFlag, home.Path, home.Kind, home.Variable) };
            }

            if (launch.ExecStartPath != null && !IsVendorUnitFile(launch.ExecStartPath))
            {
                return new[] { new FixTarget(FixAction.AddToExecStart, launch.ExecStartPath, WordOriginKind.UnitExecStart) };
            }

            if (configured.ConfigDir != null)
            {
                return new[] { new FixTarget(FixAction.AddConfigDropIn, null, WordOriginKind.UnitExecStart) { Folder = configured.ConfigDir } };
            }

            if (launch.ExecStartPath != null && launch.ServiceName != null)
            {
                return new[] { new FixTarget(FixAction.OverrideUnit, launch.ExecStartPath, WordOriginKind.UnitExecStart) { Folder = AdminDropInFolder(launch.ServiceName) } };
            }

            refusal = new FixRefusal(ErrorIds.NoPlaceForSetting,
                "The kubelet has no --config file, no --config-dir, no file for extra flags and no service file with its command line; add --anonymous-auth=false where its command line is written.");
            return Array.Empty<FixTarget>();
        }

        private static FixTarget FlagTarget(WordOrigin origin, KubeletLaunch launch, string passedAs)
        {
            if ((origin.Kind == WordOriginKind.UnitExecStart || origin.Kind == WordOriginKind.UnitEnvironment) && IsVendorUnitFile(origin.Path) && launch.ServiceName != null)
            {
                return new FixTarget(FixAction.OverrideUnit, origin.Path, origin.Kind, origin.Variable) { Folder = AdminDropInFolder(launch.ServiceName), PassedAs = passedAs };
            }

            return new FixTarget(FixAction.ReplaceFlag, origin.Path, origin.Kind, origin.Variable) { PassedAs = origin.Kind == WordOriginKind.UnitExecStart ? passedAs : null };
        }

        /// <summary>One sentence naming the file(s) to change to reach <paramref name="enabled"/>.</summary>
        /// <param name="editable">False when no file can carry the change (the sentence then says why).</param>
        public static string Describe(LaunchSetting configured, bool enabled, out bool editable)
        {
            string value = enabled ? "true" : "false";
            var targets = Choose(configured, out var refusal);
            editable = !(refusal != null && targets.Count == 0);
            if (!editable)
            {
                return refusal.Message;
            }

            var parts = targets.Select(t =>
            {
                switch (t.Action)
                {
                    case FixAction.ReplaceFlag:
                        return $"set --anonymous-auth={value} in {t.Path}" + (t.Variable != null ? $" ({t.Variable})" : t.PassedAs != null ? $" (--{t.PassedAs})" : string.Empty);
                    case FixAction.AddFlag:
                        return $"add --anonymous-auth={value} to {t.Path}" + (t.Variable != null ? $" ({t.Variable})" : string.Empty);
                    case FixAction.AddToExecStart:
                        return $"add --anonymous-auth={value} to the ExecStart= line of {t.Path}";
                    case FixAction.OverrideUnit:
                        return $"write a drop-in in {t.Folder} that repeats the {(t.Variable != null ? t.Variable + " of " : "ExecStart= of ")}{t.Path} (a packaged file) with --anonymous-auth={value}";
                    case FixAction.AddConfigDropIn:
                        return $"write a --config-dir drop-in in {t.Folder} with authentication.anonymous.enabled: {value}";
                    default:
                        return $"set authentication.anonymous.enabled: {value} in {t.Path}";
                }
            });
            string restart = configured.Launch.ServiceName != null ? $", then restart {configured.Launch.ServiceName}" : ", then restart the kubelet";
            string sentence = string.Join("; ", parts.Distinct()) + restart + ".";
            return char.ToUpperInvariant(sentence[0]) + sentence.Substring(1);
        }
    }
}
