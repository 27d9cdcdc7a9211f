using System;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Auditing
{
    /// <summary>One node's audit: the resolved setting, or the reason the node could not be reached at all.</summary>
    internal sealed class NodeAudit
    {
        private NodeAudit(NodeTarget target, string computerName, NodeSetting setting, Exception accessError)
        {
            Target = target;
            ComputerName = computerName;
            Setting = setting;
            AccessError = accessError;
        }

        public NodeTarget Target { get; }
        public string ComputerName { get; }
        public NodeSetting Setting { get; }
        /// <summary>Set when the node could not be read (unreachable host, missing root); <see cref="Setting"/> is then null.</summary>
        public Exception AccessError { get; }

        public static NodeAudit Run(NodeTarget target)
        {
            INodeReader reader;
            try
            {
                reader = target.Open();
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return new NodeAudit(target, target.DisplayName, null, e);
            }

            try
            {
                string name = target.HostName(reader);
                return new NodeAudit(target, name, NodeResolver.Default.Resolve(reader), null);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return new NodeAudit(target, target.DisplayName, null, e);
            }
            finally
            {
                (reader as IDisposable)?.Dispose();
            }
        }

        public AnonymousAuthSetting ToSetting()
        {
            var setting = Setting;
            var effective = setting.Effective;
            return new AnonymousAuthSetting
            {
                ComputerName = ComputerName,
                Enabled = setting.Enabled,
                Explicit = effective != null && effective.Problem == null && effective.Explicit,
                Source = setting.Source.ToString(),
                SourcePath = effective?.Source == SettingSource.Default ? string.Empty : effective?.SourcePath ?? string.Empty,
                ConfigPath = effective?.ConfigPath ?? string.Empty,
                ConfigDir = effective?.ConfigDir ?? string.Empty,
                CommandLine = effective == null ? string.Empty : Core.Flags.KubeletFlags.JoinForDisplay(effective.Launch.CommandLine),
                Basis = effective?.Launch.Basis.ToString() ?? string.Empty,
                Distribution = setting.Distribution,
                ServiceName = effective?.Launch.ServiceName ?? string.Empty,
                PendingRestart = setting.PendingRestart,
                ConfiguredEnabled = setting.Configured?.Problem == null ? setting.Configured?.Enabled : null,
                DriftEvidence = setting.DriftEvidence,
                Root = Target.Root,
            };
        }

        public CisControlResult ToControlResult()
        {
            var row = new CisControlResult
            {
                ComputerName = ComputerName,
                ControlId = Cis421.ControlId,
                Title = Cis421.Title,
                Expected = Cis421.Expected,
                Root = Target.Root,
                Actual = string.Empty,
                Source = string.Empty,
                SourcePath = string.Empty,
                Distribution = string.Empty,
                Remediation = string.Empty,
                ErrorId = string.Empty,
            };
            if (AccessError != null)
            {
                row.Status = ControlStatus.Error.ToString();
                row.Reason = AccessError.Message;
                row.ErrorId = NodeErrors.IdOf(AccessError);
                row.Remediation = "Make the node reachable and readable, then audit again.";
                return row;
            }

            var setting = ToSetting();
            var verdict = Cis421.Judge(Setting);
            row.Status = verdict.Status.ToString();
            row.Reason = verdict.Reason;
            row.Remediation = verdict.Remediation;
            row.Actual = setting.Enabled == null ? string.Empty : setting.Enabled.Value ? "true" : "false";
            row.Explicit = setting.Explicit;
            row.Source = setting.Source;
            row.SourcePath = Setting.Problem?.Path ?? setting.SourcePath;
            row.Distribution = setting.Distribution;
            row.PendingRestart = setting.PendingRestart;
            row.ErrorId = Setting.Problem?.ErrorId ?? string.Empty;
            return row;
        }
    }
}
