using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// The jump hosts of one run: each hop (by its route from this machine) is connected once and shared by every node
    /// behind it, through a direct-tcpip channel per node. A hop that fails is not retried for each node: every node
    /// behind it gets the same failure at once, named after the hop.
    /// </summary>
    public sealed class SshJumpPool : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<SshConnection>> _hops = new ConcurrentDictionary<string, Lazy<SshConnection>>(StringComparer.Ordinal);
        private int _opened;

        /// <summary>How many jump-host connections this pool opened (the benchmark counts them).</summary>
        public int ConnectionsOpened => _opened;

        /// <summary>A channel to <paramref name="host"/>:<paramref name="port"/> through <paramref name="hops"/>, first hop first.</summary>
        public SshTunnel Tunnel(IReadOnlyList<SshConnectionOptions> hops, string host, int port, string forTarget, CancellationToken lifetime)
        {
            SshConnection last = Hop(hops, hops.Count, forTarget, lifetime);
            return new SshTunnel(last, host, port);
        }

        private SshConnection Hop(IReadOnlyList<SshConnectionOptions> hops, int count, string forTarget, CancellationToken lifetime)
        {
            string key = string.Join(",", hops.Take(count).Select(h => h.UserName + "@" + h.Target));
            Lazy<SshConnection> hop = _hops.GetOrAdd(key, _ => new Lazy<SshConnection>(() =>
            {
                SshConnectionOptions options = hops[count - 1];
                options.JumpHosts = hops.Take(count - 1).ToList();
                options.JumpPool = this;
                Interlocked.Increment(ref _opened);
                return SshConnection.Open(options, lifetime);
            }, LazyThreadSafetyMode.ExecutionAndPublication));

            try
            {
                return hop.Value;
            }
            catch (NodeAccessException ex)
            {
                throw new NodeAccessException(ex.Error, forTarget, "Through the jump host " + hops[count - 1].Target + ": " + ex.Message, ex);
            }
        }

        public void Dispose()
        {
            // Later hops ride on earlier ones: close the longest routes first.
            foreach (var hop in _hops.OrderByDescending(h => h.Key.Length))
            {
                if (hop.Value.IsValueCreated)
                {
                    try
                    {
                        hop.Value.Value.Dispose();
                    }
                    catch (NodeAccessException)
                    {
                    }
                }
            }

            _hops.Clear();
        }
    }
}
