using System;
using System.Threading;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Targets;

namespace KubeletCompliance.UseCases
{
    /// <summary>
    /// One node's audit: the setting resolved from its files (or, in cluster mode, read from its running kubelet),
    /// the CIS verdict on it, the optional probe of its port, or the reason the node could not be reached at all.
    /// Built once; the row mappers read it.
    /// </summary>
    internal sealed class AuditResult
    {
        private AuditResult(string transport, string root, string computerName, NodeSetting setting, LiveNodeSetting live, ProbeOutcome probe, Exception accessError, ControlVerdict verdict = null)
        {
            Transport = transport;
            Root = root;
            ComputerName = computerName;
            Setting = setting;
            Live = live;
            Probe = probe;
            AccessError = accessError;
            Verdict = verdict ?? (accessError != null ? null
                : live != null ? Cis421.JudgeLive(live)
                : probe != null ? Cis421.Judge(setting, probe.Verdict, probe.Status)
                : Cis421.Judge(setting));
        }

        public string Transport { get; }
        public string Root { get; }
        public string ComputerName { get; }
        public NodeSetting Setting { get; }
        public LiveNodeSetting Live { get; }
        /// <summary>What the kubelet's port answered; null when no probe was asked for.</summary>
        public ProbeOutcome Probe { get; }
        /// <summary>Set when the node could not be read (unreachable host, missing root); nothing else is then set.</summary>
        public Exception AccessError { get; }
        /// <summary>The CIS 4.2.1 verdict; null when the node could not be read.</summary>
        public ControlVerdict Verdict { get; }

        /// <summary>The id of the problem to report for this node, or null when it resolved.</summary>
        public string ProblemId => Setting?.Problem?.ErrorId ?? Live?.ErrorId;

        public static AuditResult Resolved(NodeTarget target, string computerName, NodeSetting setting, ProbeOutcome probe) =>
            new AuditResult(target.Transport, target.Root, computerName, setting, null, probe, null);

        public static AuditResult Unreachable(NodeTarget target, Exception error) =>
            new AuditResult(target.Transport, target.Root, target.DisplayName, null, null, null, error);

        /// <summary>A node the control does not apply to (a Windows node in cluster mode), known without reading it.</summary>
        public static AuditResult NotApplicable(NodeTarget target, string reason) =>
            new AuditResult(target.Transport, target.Root, target.DisplayName, null, null, null, null, new ControlVerdict(ControlStatus.NotApplicable, reason, string.Empty));

        /// <summary>True for a node judged without being read (<see cref="NotApplicable"/>): there is no setting to show.</summary>
        public bool Unread => Setting == null && Live == null && AccessError == null;

        public static AuditResult FromLive(LiveNodeSetting node, ProbeOutcome probe) =>
            new AuditResult(NodeTransports.Cluster, string.Empty, node.NodeName, null, node, probe, null);
    }

    /// <summary>The audit use case: open the node's session, resolve its setting, probe its port.</summary>
    internal static class AuditNode
    {
        public static AuditResult Run(NodeTarget target, ProbeRequest probe, CancellationToken cancellation)
        {
            INodeSession session;
            try
            {
                session = target.Open(cancellation);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                return AuditResult.Unreachable(target, e);
            }

            NodeSetting setting;
            string computerName;

            // Ctrl+C closes the node's connection, so an audit in flight ends at once instead of at its timeout.
            using (cancellation.Register(session.Dispose))
            try
            {
                setting = NodeResolver.Default.ResolveNode(session.Evidence);
                computerName = session.NodeName;
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                return AuditResult.Unreachable(target, e);
            }
            finally
            {
                session.Dispose();
            }

            return AuditResult.Resolved(target, computerName, setting, ProbeOutcome.Run(probe, probe?.Address ?? target.ProbeAddress, cancellation));
        }

        /// <summary>A node read through the API server in cluster mode: its /configz value, probed at its InternalIP.</summary>
        public static AuditResult FromLive(LiveNodeSetting node, ProbeRequest probe, CancellationToken cancellation) =>
            AuditResult.FromLive(node, ProbeOutcome.Run(probe, probe?.Address ?? node.InternalIP, cancellation));
    }
}
