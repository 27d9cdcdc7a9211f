using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Compliance
{
    public enum ControlStatus
    {
        Pass,
        Fail,
        NotApplicable,
        Error,
    }

    /// <summary>What a user can run to act on a verdict, as a fact: the module names the command and its parameters.</summary>
    public enum VerdictRemedy
    {
        /// <summary>Nothing to run, or a change only a person can make (the remediation sentence says which).</summary>
        None,
        /// <summary>The files named in the remediation can be changed to an explicit false by the module's fix.</summary>
        SetAnonymousAuthFalse,
        /// <summary>Cluster mode saw the value but not the files: an audit of the node's files says where to change it.</summary>
        AuditNodeFiles,
    }

    /// <summary>The verdict on one node.</summary>
    public sealed class ControlVerdict
    {
        public ControlVerdict(ControlStatus status, string reason, string remediation, VerdictRemedy remedy = VerdictRemedy.None)
        {
            Status = status;
            Reason = reason;
            Remediation = remediation;
            Remedy = remedy;
        }

        public ControlStatus Status { get; }
        public string Reason { get; }
        /// <summary>One sentence on what to change, naming files, never commands.</summary>
        public string Remediation { get; }
        public VerdictRemedy Remedy { get; }
    }

    /// <summary>
    /// CIS Kubernetes Benchmark 4.2.1: --anonymous-auth is false, or, where the flag is omitted, the config file
    /// sets authentication.anonymous.enabled: false. An effective false that only comes from a default is not
    /// what the control audits, so it fails with a reason that says so.
    /// </summary>
    public static class Cis421
    {
        public const string ControlId = "4.2.1";
        public const string Title = "Ensure that the --anonymous-auth argument is set to false (kubelet)";
        public const string Expected = "false";

        /// <summary>The verdict on the node's files; a look-alike kubelet that was ignored is named at the end of the reason.</summary>
        public static ControlVerdict Judge(NodeSetting setting)
        {
            var verdict = JudgeFiles(setting);
            return string.IsNullOrEmpty(setting.IgnoredProcesses)
                ? verdict
                : new ControlVerdict(verdict.Status, verdict.Reason + " " + setting.IgnoredProcesses, verdict.Remediation);
        }

        private static ControlVerdict JudgeFiles(NodeSetting setting)
        {
            var problem = setting.Problem;
            if (problem != null)
            {
                // The catalog says what to do about each problem: fix a file, stop a stray kubelet, read with more privilege.
                return new ControlVerdict(ControlStatus.Error, problem.Message, ErrorCatalog.Find(problem.ErrorId)?.Action ?? "Correct the file named in Reason so the kubelet can start, then audit again.");
            }

            if (!setting.Found)
            {
                return new ControlVerdict(ControlStatus.NotApplicable,
                    "No kubelet was found on this node: no kubelet process is running and no kubelet service is installed.",
                    string.Empty);
            }

            var effective = setting.Effective;
            string where = Describe(effective);
            string drift = setting.PendingRestart ? " " + setting.DriftEvidence : string.Empty;
            string fix = FixTargets.Describe(setting.Configured ?? effective, enabled: false, out bool editable);
            var remedy = editable ? VerdictRemedy.SetAnonymousAuthFalse : VerdictRemedy.None;

            if (effective.Enabled == true)
            {
                return new ControlVerdict(ControlStatus.Fail, $"The kubelet accepts anonymous requests: {where}.{drift}", fix, remedy);
            }

            if (effective.Source == SettingSource.Default)
            {
                return new ControlVerdict(ControlStatus.Fail,
                    $"Anonymous requests are rejected only by default ({where}); CIS 4.2.1 asks for an explicit --anonymous-auth=false or authentication.anonymous.enabled: false.{drift}",
                    fix,
                    remedy);
            }

            if (setting.PendingRestart && setting.Configured?.Enabled != false)
            {
                return new ControlVerdict(ControlStatus.Pass, $"The running kubelet rejects anonymous requests ({where}), but a restart would change that.{drift}", fix, remedy);
            }

            return new ControlVerdict(ControlStatus.Pass, $"Anonymous requests are rejected: {where}.{drift}", string.Empty);
        }

        /// <summary>
        /// The file verdict, corrected by what the kubelet's port answered: a running kubelet that accepts an anonymous
        /// request fails whatever its files say; a probe that could not be made leaves the file verdict standing.
        /// </summary>
        public static ControlVerdict Judge(NodeSetting setting, ProbeVerdict probe, string probeStatusText)
        {
            var files = Judge(setting);
            var judgement = ProbeJudgement.Combine(setting.Enabled, setting.Effective != null && setting.Effective.Explicit, probe, probeStatusText);
            string reason = files.Reason + " Probe: " + judgement.Reason + ".";
            var status = files.Status;
            if (judgement.RunningKubeletAcceptsAnonymous == true || (judgement.Contradicts && status == ControlStatus.Pass))
            {
                status = ControlStatus.Fail;
            }

            return new ControlVerdict(status, reason, files.Remediation, files.Remedy);
        }

        /// <summary>Cluster mode: the running kubelet's /configz is the effective value, but cannot tell an explicit setting from a default.</summary>
        public static ControlVerdict JudgeLive(LiveNodeSetting node)
        {
            if (node.ErrorId != null)
            {
                return new ControlVerdict(ControlStatus.Error, node.Error, "Grant the access named in Reason, or audit the node's files over SSH.");
            }

            return node.Enabled == true
                ? new ControlVerdict(ControlStatus.Fail, "The running kubelet's /configz reports authentication.anonymous.enabled: true.",
                    "Audit the node's files to find where to set it to false.",
                    VerdictRemedy.AuditNodeFiles)
                : new ControlVerdict(ControlStatus.Pass, "The running kubelet's /configz reports authentication.anonymous.enabled: false (configz shows the effective value; it cannot tell an explicit setting from a default).", string.Empty);
        }

        private static string Describe(LaunchSetting setting)
        {
            string value = setting.Enabled == true ? "true" : "false";
            switch (setting.Source)
            {
                case SettingSource.CommandLine:
                    return $"--anonymous-auth={value} on the command line ({setting.SourcePath})";
                case SettingSource.ConfigDropIn:
                    return $"authentication.anonymous.enabled: {value} in the drop-in {setting.SourcePath}";
                case SettingSource.ConfigFile:
                    return $"authentication.anonymous.enabled: {value} in {setting.SourcePath}";
                default:
                    return setting.ConfigPath != null
                        ? $"{setting.ConfigPath} does not set authentication.anonymous.enabled, which then defaults to false"
                        : "no --config file and no --anonymous-auth flag, so the kubelet's legacy default true applies";
            }
        }
    }
}
