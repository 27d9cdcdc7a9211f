using System;
using System.Threading;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.NodePods
{
    /// <summary>
    /// The node's systemd, reached from a node pod: nsenter into PID 1's mount namespace runs the host's systemctl, and
    /// into its network namespace the pod's own wget asks the kubelet's healthz on the host's loopback. Only the pod of a
    /// Set- -Restart has the capabilities this needs (see NodePodManifest.RestartCapabilities).
    /// </summary>
    /// <remarks>
    /// Exec streams run through the kubelet, so restarting it cuts them: the restart is only queued (systemctl restart
    /// --no-block) and a stream cut after that counts as the restart under way; health is then polled through fresh
    /// execs, which the API server refuses while the kubelet is down, until the deadline.
    /// </remarks>
    public sealed class PodKubeletService : IKubeletService
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
        private readonly IShellChannel channel;
        private readonly Uri healthz;
        private string restarted;

        /// <param name="healthz">Null when the kubelet serves no healthz (healthzPort: 0): then systemd's word that the unit is active is what counts.</param>
        public PodKubeletService(IShellChannel channel, Uri healthz)
        {
            this.channel = channel;
            this.healthz = healthz;
        }

        public CommandResult ReloadUnits() => Run("nsenter -t 1 -m -- systemctl daemon-reload", cutMeansDone: false);

        public CommandResult Restart(string serviceName)
        {
            restarted = serviceName;
            return Run("nsenter -t 1 -m -- systemctl restart --no-block -- " + PosixShell.Quote(serviceName), cutMeansDone: true);
        }

        public bool WaitUntilHealthy(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            string probe = healthz != null
                ? "nsenter -t 1 -n -- wget -qO- -T 2 " + PosixShell.Quote(healthz.ToString())
                : "nsenter -t 1 -m -- systemctl is-active -- " + PosixShell.Quote(restarted ?? "kubelet.service");
            string healthy = healthz != null ? "ok" : "active";
            while (true)
            {
                var answer = Run(probe, cutMeansDone: false);
                if (answer.Succeeded && answer.Output.Trim() == healthy)
                {
                    return true;
                }

                if (DateTime.UtcNow + PollInterval > deadline)
                {
                    return false;
                }

                Thread.Sleep(PollInterval);
            }
        }

        private CommandResult Run(string script, bool cutMeansDone)
        {
            try
            {
                var result = channel.Run(script + " 2>&1", null, true, CancellationToken.None);
                return new CommandResult(result.ExitCode, result.OutputText + result.Error);
            }
            catch (NodeAccessException e) when (cutMeansDone && e.Error == NodeAccessError.ExecCutOff)
            {
                // The kubelet stopped before it passed systemctl's exit status on: the queued restart is under way.
                return new CommandResult(0, string.Empty);
            }
            catch (NodeAccessException e)
            {
                return new CommandResult(-1, e.Message);
            }
        }
    }
}
