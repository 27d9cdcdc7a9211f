using System;
using System.Collections.Generic;
using System.Linq;
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
        public string Path { get; }
        /// <summary>What kind of file it is (unit, environment file, args file, k3s config); unused for SetConfigValue.</summary>
        public WordOriginKind FileKind { get; }
        public string Variable { get; }
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
    /// before 1.11, hand-built flags-only nodes). The audit's Remediation text and
    /// Set-KubeletAnonymousAuth both come from here, so they never disagree.
    /// </summary>
    public static class FixTargets
    {
        public static IReadOnlyList<FixTarget> Choose(LaunchSetting configured, out FixRefusal refusal)
        {
            refusal = null;
            var launch = configured.Launch;
            if (launch.ManagedByCluster)
            {
                refusal = new FixRefusal("ManagedByCluster",
                    "This node's kubelet configuration is managed by the cluster (OpenShift's Machine Config Operator rewrites /etc/kubernetes/kubelet.conf): create or change a KubeletConfig object (machineconfiguration.openshift.io/v1) with spec.kubeletConfig.authentication.anonymous.enabled: false instead of editing files.");
                return Array.Empty<FixTarget>();
            }

            if (configured.Problem != null)
            {
                refusal = new FixRefusal("EvidenceInvalid", "Fix this first: " + configured.Problem.Message);
                return Array.Empty<FixTarget>();
            }

            var flagFiles = configured.FlagOccurrences
                .Select(o => o.Word.Origin)
                .Where(o => o.Path != null && o.Kind != WordOriginKind.ProcessCmdline && o.Kind != WordOriginKind.DistributionDefault)
                .GroupBy(o => o.Path, StringComparer.Ordinal)
                .Select(g => new FixTarget(FixAction.ReplaceFlag, g.Key, g.First().Kind, g.First().Variable))
                .ToList();
            if (configured.FlagOccurrences.Count > 0)
            {
                if (flagFiles.Count == 0)
                {
                    refusal = new FixRefusal("FlagNotInAFile", "The --anonymous-auth flag is added by the distribution's own program, not by a file that can be edited.");
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

            if (launch.ExecStartPath != null)
            {
                return new[] { new FixTarget(FixAction.AddToExecStart, launch.ExecStartPath, WordOriginKind.UnitExecStart) };
            }

            refusal = new FixRefusal("NoPlaceForSetting",
                "The kubelet has no --config file, no file for extra flags and no service file with its command line; add --anonymous-auth=false where its command line is written.");
            return Array.Empty<FixTarget>();
        }

        /// <summary>One sentence naming the file(s) to change to reach <paramref name="enabled"/>.</summary>
        public static string Describe(LaunchSetting configured, bool enabled)
        {
            string value = enabled ? "true" : "false";
            var targets = Choose(configured, out var refusal);
            if (refusal != null && targets.Count == 0)
            {
                return refusal.Message;
            }

            var parts = targets.Select(t =>
            {
                switch (t.Action)
                {
                    case FixAction.ReplaceFlag:
                        return $"set --anonymous-auth={value} in {t.Path}" + (t.Variable != null ? $" ({t.Variable})" : string.Empty);
                    case FixAction.AddFlag:
                        return $"add --anonymous-auth={value} to {t.Path}" + (t.Variable != null ? $" ({t.Variable})" : string.Empty);
                    case FixAction.AddToExecStart:
                        return $"add --anonymous-auth={value} to the ExecStart= line of {t.Path}";
                    default:
                        return $"set authentication.anonymous.enabled: {value} in {t.Path}";
                }
            });
            string restart = configured.Launch.ServiceName != null ? $", then restart {configured.Launch.ServiceName}" : ", then restart the kubelet";
            string sentence = string.Join("; ", parts) + restart + $" (Set-KubeletAnonymousAuth -Enabled ${value} does this).";
            return char.ToUpperInvariant(sentence[0]) + sentence.Substring(1);
        }
    }
}
