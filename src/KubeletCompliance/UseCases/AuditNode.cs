using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;
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
        private AuditResult(string transport, string root, string remoteRoot, string computerName, NodeSetting setting, LiveNodeSetting live, ProbeOutcome probe, Exception accessError, ControlVerdict verdict = null, Reading reading = null, ConfigzCrossCheck crossCheck = null)
        {
            CrossCheck = crossCheck;
            Reading = reading ?? new Reading(null, TimeSpan.Zero, 0);
            Transport = transport;
            Root = root;
            RemoteRoot = remoteRoot;
            ComputerName = computerName;
            Setting = setting;
            Live = live;
            Probe = probe;
            AccessError = accessError;
            Verdict = verdict ?? (accessError != null ? null
                : live != null ? Cis421.JudgeLive(live)
                : probe?.Verdict != null ? Cis421.Judge(setting, probe.Verdict.Value, probe.Status)
                : Cis421.Judge(setting));
            if (crossCheck != null && verdict == null && accessError == null)
            {
                Verdict = crossCheck.Apply(Verdict);
            }
        }

        /// <summary>How the node was read, for -Verbose.</summary>
        public Reading Reading { get; }
        public string Transport { get; }
        public string Root { get; }
        public string RemoteRoot { get; }
        public string ComputerName { get; }
        public NodeSetting Setting { get; }
        public LiveNodeSetting Live { get; }
        /// <summary>What the kubelet's port answered; null when no probe was asked for.</summary>
        public ProbeOutcome Probe { get; }
        /// <summary>Set when the node could not be read (unreachable host, missing root); nothing else is then set.</summary>
        public Exception AccessError { get; }
        /// <summary>The CIS 4.2.1 verdict; null when the node could not be read.</summary>
        public ControlVerdict Verdict { get; }

        /// <summary>Node pods: the files against the running kubelet's /configz; null for every other transport.</summary>
        public ConfigzCrossCheck CrossCheck { get; }

        /// <summary>The id of the problem to report for this node (on a Fail row, a disagreement with /configz), or null when it resolved.</summary>
        public string ProblemId => Setting?.Problem?.ErrorId ?? Live?.ErrorId
            ?? (CrossCheck?.Agreement == ConfigzAgreement.Disagrees && Verdict?.Status == ControlStatus.Fail ? ErrorIds.ConfigzDisagrees : null);

        public static AuditResult Resolved(NodeTarget target, string computerName, NodeSetting setting, ProbeOutcome probe, Reading reading, ConfigzCrossCheck crossCheck = null) =>
            new AuditResult(target.Transport, target.Root, target.RemoteRoot, computerName, setting, null, probe, null, reading: reading, crossCheck: crossCheck);

        public static AuditResult Unreachable(NodeTarget target, Exception error, Reading reading = null) =>
            new AuditResult(target.Transport, target.Root, target.RemoteRoot, target.DisplayName, null, null, null, error, reading: reading ?? new Reading(target.DisplayName, TimeSpan.Zero, 0));

        /// <summary>A node the control does not apply to (a Windows node in cluster mode), known without reading it.</summary>
        public static AuditResult NotApplicable(NodeTarget target, string reason) =>
            new AuditResult(target.Transport, target.Root, target.RemoteRoot, target.DisplayName, null, null, null, null, new ControlVerdict(ControlStatus.NotApplicable, reason, string.Empty), new Reading(target.DisplayName, TimeSpan.Zero, 0));

        /// <summary>True for a node judged without being read (<see cref="NotApplicable"/>): there is no setting to show.</summary>
        public bool Unread => Setting == null && Live == null && AccessError == null;

        public static AuditResult FromLive(LiveNodeSetting node, ProbeOutcome probe) =>
            new AuditResult(NodeTransports.Cluster, string.Empty, string.Empty, node.NodeName, null, node, probe, null);
    }

    /// <summary>How a node was read: the target as named, the time taken (without the probe), round trips to a remote node.</summary>
    internal sealed class Reading
    {
        public Reading(string target, TimeSpan elapsed, int roundTrips)
        {
            Target = target;
            Elapsed = elapsed;
            RoundTrips = roundTrips;
        }

        public string Target { get; }
        public TimeSpan Elapsed { get; }
        public int RoundTrips { get; }
    }

    /// <summary>The audit use case: open the node's session, resolve its setting, probe its port.</summary>
    internal static class AuditNode
    {
        public static AuditResult Run(NodeTarget target, ProbeRequest probe, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            // Asked beside the pod's start, so the cross-check costs no time of its own.
            Task<LiveNodeSetting> configz = target.ReadConfigzAsync(cancellation);
            INodeSession session;
            try
            {
                session = target.Open(cancellation);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                return AuditResult.Unreachable(target, e, new Reading(target.DisplayName, clock.Elapsed, 0));
            }

            NodeSetting setting;
            string computerName;
            var counted = new RoundTripCount();

            // Ctrl+C closes the node's connection, so an audit in flight ends at once instead of at its timeout.
            using (cancellation.Register(session.Dispose))
            try
            {
                setting = NodeResolver.Default.ResolveNode(counted.Wrap(session.Evidence));
                computerName = session.NodeName;
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                return AuditResult.Unreachable(target, e, new Reading(target.DisplayName, clock.Elapsed, counted.Count));
            }
            finally
            {
                session.Dispose();
            }

            var reading = new Reading(target.DisplayName, clock.Elapsed, counted.Count);
            var crossCheck = configz == null ? null : ConfigzCrossCheck.Compare(setting, configz.GetAwaiter().GetResult());
            return AuditResult.Resolved(target, computerName, setting, ProbeOutcome.Run(probe, probe?.Address ?? target.ProbeAddress, cancellation), reading, crossCheck);
        }

        /// <summary>A node read through the API server in cluster mode: its /configz value, probed at its InternalIP.</summary>
        public static AuditResult FromLive(LiveNodeSetting node, ProbeRequest probe, CancellationToken cancellation) =>
            AuditResult.FromLive(node, ProbeOutcome.Run(probe, probe?.Address ?? node.InternalIP, cancellation));
    }
}
