using System;
using System.Net.Http;
using System.Threading;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>systemd and the kubelet's healthz endpoint, reached through a node's command runner and HTTP.</summary>
    public sealed class SystemdService : IKubeletService
    {
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
        private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

        private readonly INodeWriter node;
        private readonly string systemctl;
        private readonly Uri healthz;

        private readonly bool askOnNode;

        /// <param name="healthz">Null when the kubelet serves no healthz (healthzPort: 0): then only the re-audit after the restart judges it.</param>
        /// <param name="remote">True when the node is another machine: healthz listens on the node's loopback only, so it is asked from the node itself.</param>
        public SystemdService(INodeWriter node, string systemctl = "systemctl", Uri healthz = null, bool remote = false)
        {
            this.node = node;
            this.systemctl = systemctl;
            this.healthz = healthz;
            askOnNode = remote;
        }

        public CommandResult ReloadUnits() => node.RunCommand(systemctl, new[] { "daemon-reload" }, CommandTimeout);

        public CommandResult Restart(string serviceName) => node.RunCommand(systemctl, new[] { "restart", serviceName }, CommandTimeout);

        public bool WaitUntilHealthy(TimeSpan timeout)
        {
            if (healthz == null)
            {
                return true;
            }

            var deadline = DateTime.UtcNow + timeout;
            if (askOnNode)
            {
                string url = healthz.ToString();
                while (true)
                {
                    var answer = node.RunCommand("sh", new[] { "-c", "curl -fsS --max-time 2 \"$0\" 2>/dev/null || wget -qO- -T 2 \"$0\"", url }, TimeSpan.FromSeconds(10));
                    if (answer.Succeeded && answer.Output.Trim() == "ok")
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

            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                while (true)
                {
                    try
                    {
                        using (var response = client.GetAsync(healthz).GetAwaiter().GetResult())
                        {
                            if (response.IsSuccessStatusCode && response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Trim() == "ok")
                            {
                                return true;
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException)
                    {
                        // Not listening yet, or too slow: poll again until the deadline.
                    }

                    if (DateTime.UtcNow + PollInterval > deadline)
                    {
                        return false;
                    }

                    Thread.Sleep(PollInterval);
                }
            }
        }
    }
}
