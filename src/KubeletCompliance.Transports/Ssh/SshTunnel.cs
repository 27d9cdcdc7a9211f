using System;
using KubeletCompliance.Transports.Shell;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// A direct-tcpip channel through a jump host to one node's SSH port, reached at a loopback port of this machine
    /// while the node's connection lasts (SSH.NET opens such channels only behind a local forwarded port).
    /// </summary>
    public sealed class SshTunnel : IDisposable
    {
        private readonly SshClient _jump;
        private readonly ForwardedPortLocal _port;
        private volatile Exception _failure;

        internal SshTunnel(SshConnection jumpHost, string host, int port)
        {
            JumpHost = jumpHost;
            _jump = jumpHost.Client;
            _port = new ForwardedPortLocal("127.0.0.1", 0, host, (uint)port);
            _port.Exception += (sender, e) => _failure = e.Exception;
            try
            {
                _jump.AddForwardedPort(_port);
                _port.Start();
            }
            catch (Exception ex) when (ex is SshException || ex is InvalidOperationException || ex is System.Net.Sockets.SocketException || ex is ObjectDisposedException)
            {
                Dispose();
                throw new NodeAccessException(NodeAccessError.HostUnreachable, jumpHost.Options.Target,
                    "The connection to the jump host " + jumpHost.Options.Target + " cannot forward to " + host + ":" + port + ": " + ex.Message, ex);
            }
        }

        public SshConnection JumpHost { get; }

        /// <summary>Where this machine connects to reach the node: 127.0.0.1 and this port.</summary>
        public int LocalPort => (int)_port.BoundPort;

        /// <summary>Why the jump host could not open the channel (the node refused or was unreachable from it), if it failed.</summary>
        public Exception Failure => _failure;

        public void Dispose()
        {
            try
            {
                if (_port.IsStarted)
                {
                    _port.Stop();
                }

                _jump.RemoveForwardedPort(_port);
            }
            catch (Exception ex) when (ex is SshException || ex is InvalidOperationException || ex is ObjectDisposedException)
            {
                // The jump host's connection is already gone; nothing is left to release on it.
            }

            _port.Dispose();
        }
    }
}
