using System;
using System.Threading;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.Live;

namespace KubeletCompliance.Auditing
{
    /// <summary>How to probe the kubelet's port, when the user asked for it.</summary>
    internal sealed class ProbeRequest
    {
        public ProbeRequest(int port, string address)
        {
            Port = port;
            Address = address;
        }

        public int Port { get; }
        /// <summary>-ProbeAddress: overrides the node's own address (and gives -Root audits one).</summary>
        public string Address { get; }
    }

    /// <summary>
    /// One node's audit: the setting resolved from its files (or, in cluster mode, read from its running kubelet),
    /// the optional probe of its port, or the reason the node could not be reached at all.
    /// </summary>
    internal sealed class NodeAudit
    {
        private NodeAudit(NodeTarget target, string computerName)
        {
            Target = target;
            ComputerName = computerName;
        }

        public NodeTarget Target { get; }
        public string ComputerName { get; private set; }
        public NodeSetting Setting { get; private set; }
        public LiveNodeSetting Live { get; private set; }
        /// <summary>What the kubelet's port answered; null when no probe was asked for.</summary>
        public ProbeVerdict? ProbeVerdict { get; private set; }
        /// <summary>The HTTP status, or why the probe could not be made.</summary>
        public string ProbeStatus { get; private set; }
        /// <summary>Set when the node could not be read (unreachable host, missing root); nothing else is then set.</summary>
        public Exception AccessError { get; private set; }

        /// <summary>The problem to report for this node, as an error id and message, or null when it resolved.</summary>
        public string ProblemId => Setting?.Problem?.ErrorId ?? Live?.ErrorId;

        public static NodeAudit Run(NodeTarget target, ProbeRequest probe, CancellationToken cancellation)
        {
            var audit = new NodeAudit(target, target.DisplayName);
            INodeReader reader;
            try
            {
                reader = target.Open();
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                audit.AccessError = e;
                return audit;
            }

            // Ctrl+C closes the node's connection, so an audit in flight ends at once instead of at its timeout.
            using (cancellation.Register(() => (reader as IDisposable)?.Dispose()))
            try
            {
                audit.Setting = Resolution.Of(reader);
                audit.ComputerName = target.HostName(reader);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                audit.AccessError = e;
                return audit;
            }
            finally
            {
                (reader as IDisposable)?.Dispose();
            }

            audit.RunProbe(probe, probe?.Address ?? target.ProbeAddress, cancellation);
            return audit;
        }

        public static NodeAudit Failed(NodeTarget target, Exception error) =>
            new NodeAudit(target, target.DisplayName) { AccessError = error };

        public static NodeAudit FromLive(LiveNodeSetting node, ProbeRequest probe, CancellationToken cancellation)
        {
            var audit = new NodeAudit(new ClusterNodeTarget(node.NodeName), node.NodeName) { Live = node };
            audit.RunProbe(probe, probe?.Address ?? node.InternalIP, cancellation);
            return audit;
        }

        private void RunProbe(ProbeRequest probe, string address, CancellationToken cancellation)
        {
            if (probe == null)
            {
                return;
            }

            if (string.IsNullOrEmpty(address))
            {
                ProbeVerdict = Core.Live.ProbeVerdict.Unreachable;
                ProbeStatus = "NoAddress: a node image has no address to probe (give -ProbeAddress)";
                return;
            }

            var result = KubeletPortProbe.ProbeAsync(address, probe.Port, null, cancellation).GetAwaiter().GetResult();
            ProbeVerdict = result.Verdict;
            ProbeStatus = result.StatusText;
        }

        public AnonymousAuthSetting ToSetting()
        {
            var row = new AnonymousAuthSetting
            {
                ComputerName = ComputerName,
                Root = Target.Root,
                Transport = Target.Transport,
                ProbeStatus = ProbeStatus ?? string.Empty,
                ProbeVerdict = ProbeVerdict?.ToString() ?? string.Empty,
                SourcePath = string.Empty,
                ConfigPath = string.Empty,
                ConfigDir = string.Empty,
                CommandLine = string.Empty,
                ServiceName = string.Empty,
                Distribution = string.Empty,
                DriftEvidence = string.Empty,
            };
            if (Live != null)
            {
                row.Enabled = Live.Enabled;
                row.Source = SettingSource.Configz.ToString();
                row.SourcePath = "/api/v1/nodes/" + Live.NodeName + "/proxy/configz";
                row.Basis = EvidenceBasis.Live.ToString();
                row.ConfiguredEnabled = null;
                return row;
            }

            var setting = Setting;
            var effective = setting.Effective;
            row.Enabled = setting.Enabled;
            row.Explicit = effective != null && effective.Problem == null && effective.Explicit;
            row.Source = setting.Source.ToString();
            row.SourcePath = effective == null || effective.Source == SettingSource.Default ? string.Empty : effective.SourcePath ?? string.Empty;
            row.ConfigPath = effective?.ConfigPath ?? string.Empty;
            row.ConfigDir = effective?.ConfigDir ?? string.Empty;
            row.CommandLine = effective == null ? string.Empty : Core.Flags.KubeletFlags.JoinForDisplay(effective.Launch.CommandLine);
            row.Basis = effective?.Launch.Basis.ToString() ?? string.Empty;
            row.Distribution = setting.Distribution;
            row.ServiceName = effective?.Launch.ServiceName ?? string.Empty;
            row.PendingRestart = setting.PendingRestart;
            row.ConfiguredEnabled = setting.Configured?.Problem == null ? setting.Configured?.Enabled : null;
            row.DriftEvidence = setting.DriftEvidence;
            return row;
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
                Transport = Target.Transport,
                Actual = string.Empty,
                Source = string.Empty,
                SourcePath = string.Empty,
                Distribution = string.Empty,
                Remediation = string.Empty,
                ErrorId = string.Empty,
                ProbeStatus = string.Empty,
                ProbeVerdict = string.Empty,
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
            var verdict = Verdict();
            row.Status = verdict.Status.ToString();
            row.Reason = verdict.Reason;
            row.Remediation = verdict.Remediation;
            row.Actual = setting.Enabled == null ? string.Empty : setting.Enabled.Value ? "true" : "false";
            row.Explicit = setting.Explicit;
            row.Source = setting.Source;
            row.SourcePath = Setting?.Problem?.Path ?? setting.SourcePath;
            row.Distribution = setting.Distribution;
            row.PendingRestart = setting.PendingRestart;
            row.ErrorId = ProblemId ?? string.Empty;
            row.ProbeStatus = setting.ProbeStatus;
            row.ProbeVerdict = setting.ProbeVerdict;
            return row;
        }

        private ControlVerdict Verdict()
        {
            if (Live != null)
            {
                return Cis421.JudgeLive(Live);
            }

            return ProbeVerdict.HasValue ? Cis421.Judge(Setting, ProbeVerdict.Value, ProbeStatus) : Cis421.Judge(Setting);
        }
    }
}
