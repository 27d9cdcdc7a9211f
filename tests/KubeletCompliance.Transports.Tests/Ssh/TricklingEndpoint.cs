using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>
    /// A TCP endpoint on 127.0.0.1 that accepts and then sends one byte a second, never a whole banner line: every
    /// single read succeeds in time, only the whole handshake never ends.
    /// </summary>
    public sealed class TricklingEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public TricklingEndpoint()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptAsync);
        }

        public int Port { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is SocketException || ex is ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => TrickleAsync(client));
            }
        }

        private async Task TrickleAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    while (!_stop.IsCancellationRequested)
                    {
                        await stream.WriteAsync(new[] { (byte)'S' }, _stop.Token);
                        await Task.Delay(1000, _stop.Token);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is System.IO.IOException || ex is SocketException || ex is ObjectDisposedException)
                {
                }
            }
        }
    }
}
