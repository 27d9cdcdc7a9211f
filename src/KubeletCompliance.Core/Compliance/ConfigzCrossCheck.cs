using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Compliance
{
    /// <summary>How the running kubelet's /configz relates to what a node's files resolve to (the ConfigzCheck column).</summary>
    public enum ConfigzAgreement
    {
        Agrees,
        Disagrees,
        /// <summary>The identity may not get nodes/proxy (403): not cross-checked, which is no error.</summary>
        Forbidden,
        /// <summary>/configz could not be read (kubelet down, slow, malformed answer): not cross-checked.</summary>
        Unavailable,
        /// <summary>The files gave no value to compare (a problem, or no kubelet).</summary>
        NotCompared,
    }

    /// <summary>
    /// Node-pod audits read the files and, where RBAC allows nodes/proxy, the running kubelet's /configz too. /configz is
    /// the kubelet's own word on the value it runs with, so a disagreement is never a Pass: the row fails with
    /// ConfigzDisagrees whichever side says true, as a probe that contradicts the files fails the row. The files still
    /// decide Source, Explicit and the fix; /configz cannot tell an explicit false from a default.
    /// </summary>
    public sealed class ConfigzCrossCheck
    {
        private ConfigzCrossCheck(ConfigzAgreement agreement, bool? configzEnabled, string note)
        {
            Agreement = agreement;
            ConfigzEnabled = configzEnabled;
            Note = note;
        }

        public ConfigzAgreement Agreement { get; }
        /// <summary>What /configz reported; null when it could not be read.</summary>
        public bool? ConfigzEnabled { get; }
        /// <summary>One sentence for -Verbose, and for Reason when they disagree.</summary>
        public string Note { get; }

        public static ConfigzCrossCheck Compare(NodeSetting setting, LiveNodeSetting configz)
        {
            if (configz.ErrorId != null)
            {
                bool forbidden = configz.ErrorId == ErrorIds.ConfigzForbidden;
                return new ConfigzCrossCheck(forbidden ? ConfigzAgreement.Forbidden : ConfigzAgreement.Unavailable, null,
                    (forbidden ? "Not cross-checked with /configz (the identity may not get nodes/proxy): " : "Not cross-checked with /configz: ") + configz.Error);
            }

            string live = Word(configz.Enabled);
            if (setting.Enabled == null)
            {
                return new ConfigzCrossCheck(ConfigzAgreement.NotCompared, configz.Enabled,
                    $"The running kubelet's /configz reports authentication.anonymous.enabled: {live}; the files gave no value to compare it with.");
            }

            string files = Word(setting.Enabled);
            if (setting.Enabled == configz.Enabled)
            {
                return new ConfigzCrossCheck(ConfigzAgreement.Agrees, configz.Enabled,
                    $"Cross-checked: the running kubelet's /configz reports authentication.anonymous.enabled: {live}, as the files give.");
            }

            string why = setting.PendingRestart
                ? "a file changed after the kubelet started, so it runs with what the files said then"
                : "the kubelet runs with other settings than the files it was found to read";
            return new ConfigzCrossCheck(ConfigzAgreement.Disagrees, configz.Enabled,
                $"But the running kubelet's /configz reports authentication.anonymous.enabled: {live} while the files give {files}: {why}.");
        }

        /// <summary>The verdict with the cross-check: a disagreement turns any Pass or Fail into a Fail that says so; Error and NotApplicable stand.</summary>
        public ControlVerdict Apply(ControlVerdict verdict)
        {
            if (Agreement != ConfigzAgreement.Disagrees || (verdict.Status != ControlStatus.Pass && verdict.Status != ControlStatus.Fail))
            {
                return verdict;
            }

            string remediation = string.IsNullOrEmpty(verdict.Remediation) ? ErrorCatalog.Find(ErrorIds.ConfigzDisagrees).Action : verdict.Remediation;
            return new ControlVerdict(ControlStatus.Fail, verdict.Reason + " " + Note, remediation, verdict.Remedy);
        }

        private static string Word(bool? value) => value == true ? "true" : "false";
    }
}
