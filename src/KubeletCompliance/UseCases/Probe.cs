using System.Threading;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Transports.Live;

namespace KubeletCompliance.UseCases
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

    /// <summary>What the kubelet's port answered an unauthenticated request.</summary>
    internal sealed class ProbeOutcome
    {
        private ProbeOutcome(ProbeVerdict? verdict, string status)
        {
            Verdict = verdict;
            Status = status;
        }

        /// <summary>Null when the probe was not attempted (a node image without -ProbeAddress).</summary>
        public ProbeVerdict? Verdict { get; }
        /// <summary>The HTTP status, or why the probe could not be made.</summary>
        public string Status { get; }

        /// <summary>Probes <paramref name="address"/>, or returns null when no probe was asked for.</summary>
        public static ProbeOutcome Run(ProbeRequest probe, string address, CancellationToken cancellation)
        {
            if (probe == null)
            {
                return null;
            }

            if (string.IsNullOrEmpty(address))
            {
                // Not a verdict: nothing was asked, so the files alone are judged.
                return new ProbeOutcome(null, "NotAttempted: a node image (-Root) has no address of its own; give -ProbeAddress to probe the live node");
            }

            var result = KubeletPortProbe.ProbeAsync(address, probe.Port, null, cancellation).GetAwaiter().GetResult();
            return new ProbeOutcome(result.Verdict, result.StatusText);
        }
    }
}
