using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Core.Live;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Fleet
{
    /// <summary>
    /// Runs cluster mode (KubeletCompliance.Cluster, .NET 8 only) on a background thread and hands each node's
    /// result to the pipeline thread as it arrives.
    /// </summary>
    internal static class ClusterMode
    {
        public static IEnumerable<AuditResult> Run(ClusterAuditRequest request, ProbeRequest probe, CancellationToken cancellation)
        {
            var audit = Load();
            var results = new BlockingCollection<AuditResult>();
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                var worker = Task.Run(() =>
                {
                    // Probes wait on the network as long as /configz does: they run beside each other, as many at once
                    // as the throttle limit allows, instead of one after another in the node callback.
                    var probing = new List<Task>();
                    using (var slots = new SemaphoreSlim(Math.Max(1, request.ThrottleLimit)))
                    {
                        try
                        {
                            audit.Run(request, node =>
                            {
                                if (probe == null)
                                {
                                    results.Add(AuditNode.FromLive(node, null, stop.Token));
                                    return;
                                }

                                slots.Wait(stop.Token);
                                probing.Add(Task.Run(() =>
                                {
                                    try
                                    {
                                        results.Add(AuditNode.FromLive(node, probe, stop.Token));
                                    }
                                    finally
                                    {
                                        slots.Release();
                                    }
                                }));
                            }, stop.Token);
                        }
                        finally
                        {
                            try
                            {
                                Task.WaitAll(probing.ToArray());
                            }
                            finally
                            {
                                results.CompleteAdding();
                            }
                        }
                    }
                });

                try
                {
                    foreach (var result in results.GetConsumingEnumerable(stop.Token))
                    {
                        yield return result;
                    }

                    // Surfaces a ClusterAuditFailure (kubeconfig, credentials, node list) to the caller.
                    worker.GetAwaiter().GetResult();
                }
                finally
                {
                    // The caller stopped reading (Select-Object -First, Ctrl+C): the requests still in flight end here.
                    stop.Cancel();
                }
            }
        }

        /// <summary>Whether the kubeconfig sends its credentials to a server whose certificate is not checked.</summary>
        public static bool SkipsTlsVerification(ClusterAuditRequest request) => Load().SkipsTlsVerification(request);

        private static IClusterAudit Load()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                throw new PlatformNotSupportedException("Cluster mode (-Kubeconfig) needs PowerShell 7.4 or later: the Kubernetes client it uses does not run on Windows PowerShell 5.1. Audit the nodes' files with -ComputerName instead.");
            }

            // Resolved by the module's load context from the dependencies folder, with the Kubernetes client beside it.
            var assembly = Assembly.Load(new AssemblyName("KubeletCompliance.Cluster"));
            return (IClusterAudit)Activator.CreateInstance(assembly.GetType("KubeletCompliance.Cluster.ClusterAudit", throwOnError: true));
        }
    }
}
