using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Core.Live;

namespace KubeletCompliance.Transports.Live
{
    /// <summary>
    /// Asks a running kubelet, without credentials, whether it accepts anonymous requests.
    /// </summary>
    /// <remarks>
    /// The request is <c>GET /healthz</c>: the kubelet puts every path, /healthz included, behind the same
    /// authentication filter, so the status answers the question just as /configz would, while a kubelet that
    /// does let anonymous requests through hands back "ok" rather than its whole configuration.
    /// The request is written on a raw <see cref="SslStream"/> instead of HttpClient so that no HTTP(S)_PROXY
    /// setting reroutes a request meant for one node's port, the certificate check is switched off for this
    /// connection alone, and each failure (refused, timed out, TLS) can be told apart on every runtime
    /// PowerShell runs on.
    /// </remarks>
    public static class KubeletPortProbe
    {
        public const int DefaultPort = 10250;
        public const string ProbePath = "/healthz";
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

        private const int MaxResponseBytes = 16 * 1024;
        private const string AnonymousUserMarker = "user=system:anonymous";

        public static ProbeResult Probe(string address, int port = DefaultPort, TimeSpan? timeout = null) =>
            ProbeAsync(address, port, timeout, CancellationToken.None).GetAwaiter().GetResult();

        /// <param name="timeout">Covers the whole exchange: connect, TLS handshake and answer. Defaults to <see cref="DefaultTimeout"/>.</param>
        /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled; every other failure is a result.</exception>
        public static async Task<ProbeResult> ProbeAsync(string address, int port = DefaultPort, TimeSpan? timeout = null,
            CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(address))
                throw new ArgumentException("An address is needed.", nameof(address));
            if (port < 1 || port > 65535)
                throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is 1 to 65535.");

            string host = address.Trim();
            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal))
                host = host.Substring(1, host.Length - 2);
            IPAddress literal;
            bool isLiteral = IPAddress.TryParse(host, out literal);
            string authority = (isLiteral && literal.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + host + "]" : host)
                + ":" + port.ToString(CultureInfo.InvariantCulture);
            string uri = "https://" + authority.Replace("%", "%25") + ProbePath;

            Func<int?, string, ProbeVerdict, string, ProbeResult> result =
                (status, text, verdict, detail) => new ProbeResult(address, port, uri, status, text, verdict, detail);

            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var tcp = isLiteral ? new TcpClient(literal.AddressFamily) : new TcpClient())
            {
                deadline.CancelAfter(timeout ?? DefaultTimeout);
                // The netstandard2.0 socket and TLS calls take no token; closing the socket is what ends them.
                using (deadline.Token.Register(() => tcp.Dispose()))
                {
                    string phase = "connect";
                    try
                    {
                        if (isLiteral)
                            await tcp.ConnectAsync(literal, port).ConfigureAwait(false);
                        else
                            await tcp.ConnectAsync(host, port).ConfigureAwait(false);

                        phase = "tls";
                        using (var tls = new SslStream(tcp.GetStream(), false, (sender, certificate, chain, errors) => true))
                        {
                            // None lets the operating system choose; kubelets require TLS 1.2 or later.
                            await tls.AuthenticateAsClientAsync(host, null, SslProtocols.None, false).ConfigureAwait(false);

                            phase = "http";
                            byte[] request = Encoding.ASCII.GetBytes(
                                "GET " + ProbePath + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: KubeletCompliance\r\n"
                                + "Accept: */*\r\nConnection: close\r\n\r\n");
                            await tls.WriteAsync(request, 0, request.Length).ConfigureAwait(false);
                            await tls.FlushAsync().ConfigureAwait(false);

                            string response = await ReadResponseAsync(tls).ConfigureAwait(false);
                            return Interpret(response, result);
                        }
                    }
                    catch (Exception e) when (!(e is OutOfMemoryException))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (deadline.IsCancellationRequested)
                            return result(null, "Timeout", ProbeVerdict.Unreachable,
                                "no answer within " + (timeout ?? DefaultTimeout).TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s (" + phase + ")");
                        var socketError = FindInner<SocketException>(e);
                        if (phase == "connect" && socketError != null)
                            return result(null, socketError.SocketErrorCode.ToString(), ProbeVerdict.Unreachable, socketError.Message);
                        if (phase == "tls")
                            return result(null, "TlsError", ProbeVerdict.Unreachable, e.Message);
                        if (socketError != null)
                            return result(null, socketError.SocketErrorCode.ToString(), ProbeVerdict.Unreachable, socketError.Message);
                        return result(null, "ConnectionClosed", ProbeVerdict.Unreachable, e.Message);
                    }
                }
            }
        }

        private static ProbeResult Interpret(string response, Func<int?, string, ProbeVerdict, string, ProbeResult> result)
        {
            if (response.Length == 0)
                return result(null, "ConnectionClosed", ProbeVerdict.Unreachable, "the connection closed without an HTTP answer");

            int lineEnd = response.IndexOf("\r\n", StringComparison.Ordinal);
            string statusLine = lineEnd < 0 ? response : response.Substring(0, lineEnd);
            string[] parts = statusLine.Split(new[] { ' ' }, 3);
            int status;
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || parts[1].Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out status))
                return result(null, "MalformedResponse", ProbeVerdict.Unreachable,
                    "not an HTTP status line: " + (statusLine.Length > 80 ? statusLine.Substring(0, 80) : statusLine));

            string text = status.ToString(CultureInfo.InvariantCulture);
            string reason = parts.Length > 2 ? parts[2] : string.Empty;
            return result(status, text, VerdictOf(status, response), reason);
        }

        private static ProbeVerdict VerdictOf(int status, string response)
        {
            if (status == 401)
                return ProbeVerdict.Rejected;
            if (status == 403)
                return ProbeVerdict.AnonymousForbidden;
            if (status >= 200 && status < 300)
                return ProbeVerdict.AnonymousAllowed;
            // The kubelet answers 500 "Authorization error (user=system:anonymous, ...)" when its webhook
            // authorizer fails: authentication had already let the anonymous request in.
            if (status == 500 && response.IndexOf(AnonymousUserMarker, StringComparison.Ordinal) >= 0)
                return ProbeVerdict.AnonymousForbidden;
            return ProbeVerdict.Unreachable;
        }

        /// <summary>Reads status line, headers and the start of the body, until the server closes or the body is complete.</summary>
        private static async Task<string> ReadResponseAsync(Stream stream)
        {
            var buffer = new byte[MaxResponseBytes];
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer, filled, buffer.Length - filled).ConfigureAwait(false);
                if (read == 0)
                    break;
                filled += read;
                if (IsComplete(buffer, filled))
                    break;
            }
            return Encoding.ASCII.GetString(buffer, 0, filled);
        }

        private static bool IsComplete(byte[] buffer, int filled)
        {
            string head = Encoding.ASCII.GetString(buffer, 0, filled);
            int headerEnd = head.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd < 0)
                return false;
            const string lengthHeader = "\r\ncontent-length:";
            int at = head.IndexOf(lengthHeader, 0, headerEnd, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
                return false;
            int valueStart = at + lengthHeader.Length;
            int valueEnd = head.IndexOf("\r\n", valueStart, StringComparison.Ordinal);
            int length;
            if (!int.TryParse(head.Substring(valueStart, valueEnd - valueStart).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length))
                return false;
            return filled >= headerEnd + 4 + length;
        }

        private static T FindInner<T>(Exception e) where T : Exception
        {
            for (var current = e; current != null; current = current.InnerException)
            {
                var match = current as T;
                if (match != null)
                    return match;
            }
            return null;
        }
    }
}
