using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Flags;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Errors;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Rows
{
    /// <summary>Pure mappers from an audit result to the rows Get-KubeletAnonymousAuth and Test-CisKubelet421 write.</summary>
    internal static class AuditRows
    {
        public static AnonymousAuthSetting Setting(AuditResult audit)
        {
            var row = new AnonymousAuthSetting
            {
                ComputerName = audit.ComputerName,
                Root = audit.Root,
                RemoteRoot = audit.RemoteRoot,
                Transport = audit.Transport,
                ProbeStatus = audit.Probe?.Status ?? string.Empty,
                ProbeVerdict = audit.Probe?.Verdict?.ToString() ?? string.Empty,
                SourcePath = string.Empty,
                ConfigPath = string.Empty,
                ConfigDir = string.Empty,
                CommandLine = string.Empty,
                ServiceName = string.Empty,
                Distribution = string.Empty,
                DriftEvidence = string.Empty,
                IgnoredProcesses = string.Empty,
                ConfigzEnabled = audit.CrossCheck?.ConfigzEnabled,
                ConfigzCheck = audit.CrossCheck?.Agreement.ToString() ?? string.Empty,
            };
            var live = audit.Live;
            if (live != null)
            {
                row.Enabled = live.Enabled;
                row.Source = SettingSource.Configz.ToString();
                row.SourcePath = "/api/v1/nodes/" + live.NodeName + "/proxy/configz";
                row.Basis = EvidenceBasis.Live.ToString();
                row.ConfiguredEnabled = null;
                return row;
            }

            var setting = audit.Setting;
            var effective = setting.Effective;
            row.Enabled = setting.Enabled;
            row.Explicit = effective != null && effective.Problem == null && effective.Explicit;
            row.Source = setting.Source.ToString();
            row.SourcePath = effective == null || effective.Source == SettingSource.Default ? string.Empty : NodeText.Escape(effective.SourcePath) ?? string.Empty;
            row.ConfigPath = NodeText.Escape(effective?.ConfigPath) ?? string.Empty;
            row.ConfigDir = NodeText.Escape(effective?.ConfigDir) ?? string.Empty;
            row.CommandLine = effective == null ? string.Empty : NodeText.Escape(KubeletFlags.JoinForDisplay(effective.Launch.CommandLine));
            row.Basis = effective?.Launch.Basis.ToString() ?? string.Empty;
            row.Distribution = setting.Distribution;
            row.ServiceName = effective?.Launch.ServiceName ?? string.Empty;
            row.PendingRestart = setting.PendingRestart;
            row.ConfiguredEnabled = setting.Configured?.Problem == null ? setting.Configured?.Enabled : null;
            row.DriftEvidence = NodeText.Escape(setting.DriftEvidence);
            row.IgnoredProcesses = setting.IgnoredProcesses;
            return row;
        }

        public static CisControlResult Control(AuditResult audit)
        {
            var row = new CisControlResult
            {
                ComputerName = audit.ComputerName,
                ControlId = Cis421.ControlId,
                Title = Cis421.Title,
                Expected = Cis421.Expected,
                Root = audit.Root,
                RemoteRoot = audit.RemoteRoot,
                Transport = audit.Transport,
                Actual = string.Empty,
                Source = string.Empty,
                SourcePath = string.Empty,
                Distribution = string.Empty,
                Remediation = string.Empty,
                ErrorId = string.Empty,
                IgnoredProcesses = string.Empty,
                ProbeStatus = string.Empty,
                ProbeVerdict = string.Empty,
                ConfigzEnabled = string.Empty,
                ConfigzCheck = string.Empty,
            };
            if (audit.AccessError != null)
            {
                row.Status = ControlStatus.Error.ToString();
                row.Reason = NodeText.Escape(audit.AccessError.Message);
                row.ErrorId = ErrorRecords.IdOf(audit.AccessError);
                // The catalog says what to do about this failure (check the port, the key, the host key...).
                row.Remediation = ErrorCatalog.Find(row.ErrorId)?.Action ?? "Make the node reachable and readable, then audit again.";
                return row;
            }

            if (audit.Unread)
            {
                row.Status = audit.Verdict.Status.ToString();
                row.Reason = audit.Verdict.Reason;
                return row;
            }

            var setting = Setting(audit);
            var verdict = audit.Verdict;
            row.Status = verdict.Status.ToString();
            row.Reason = NodeText.Escape(verdict.Reason) + (audit.Probe != null && audit.Probe.Verdict == null ? $" The probe was not attempted: {audit.Probe.Status.Substring(audit.Probe.Status.IndexOf(':') + 2)}." : string.Empty);
            row.Remediation = NodeText.Escape(CommandHints.Remediation(verdict, audit.ComputerName));
            row.Actual = setting.Enabled == null ? string.Empty : setting.Enabled.Value ? "true" : "false";
            row.Explicit = setting.Explicit;
            row.Source = setting.Source;
            row.SourcePath = NodeText.Escape(audit.Setting?.Problem?.Path) ?? setting.SourcePath;
            row.Distribution = setting.Distribution;
            row.PendingRestart = setting.PendingRestart;
            row.ErrorId = audit.ProblemId ?? string.Empty;
            row.IgnoredProcesses = setting.IgnoredProcesses;
            row.ProbeStatus = setting.ProbeStatus;
            row.ProbeVerdict = setting.ProbeVerdict;
            row.ConfigzEnabled = setting.ConfigzEnabled == null ? string.Empty : setting.ConfigzEnabled.Value ? "true" : "false";
            row.ConfigzCheck = setting.ConfigzCheck;
            return row;
        }
    }
}
