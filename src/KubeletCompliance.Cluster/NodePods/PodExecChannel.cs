using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Cluster.NodePods
{
    /// <summary>
    /// Runs sh scripts in a node pod through <c>pods/exec</c> over WebSocket, in the subprotocols kubectl offers
    /// (<c>v5.channel.k8s.io</c>, else <c>v4.channel.k8s.io</c>): stdin on channel 0, stdout 1, stderr 2, the exit
    /// status as a metav1.Status on channel 3. v4 cannot close stdin, so a script with input reads exactly its
    /// length (<c>head -c</c>) on either protocol. Disposing starts the pod's deletion (see NodePodCluster.BeginDelete).
    /// </summary>
    internal sealed class PodExecChannel : IShellChannel
    {
        private const byte Stdin = 0, Stdout = 1, Stderr = 2, Status = 3, CloseStream = 255;
        private readonly Kubernetes _client;
        private readonly NodePodCluster _cluster;
        private readonly NodePodRequest _request;
        private int _disposed;

        public PodExecChannel(Kubernetes client, NodePodCluster cluster, NodePodRequest request, string podName, string nodeName)
        {
            _client = client;
            _cluster = cluster;
            _request = request;
            PodName = podName;
            NodeName = nodeName;
        }

        public string PodName { get; }
        public string NodeName { get; }
        public string Description => "pod " + PodName + " on node " + NodeName;

        /// <summary>The WebSocket subprotocol the API server chose for the last exec.</summary>
        public string Protocol { get; private set; }

        /// <summary>The pod runs as root: <paramref name="elevated"/> changes nothing.</summary>
        public ShellResult Run(string script, byte[] standardInput, bool elevated, CancellationToken cancellationToken) =>
            RunAsync(script, standardInput, cancellationToken).GetAwaiter().GetResult();

        private async Task<ShellResult> RunAsync(string script, byte[] input, CancellationToken cancellationToken)
        {
            // The script travels on stdin ahead of the input, not in the URL: request lines are limited (8 KiB in
            // many proxies) and the evidence script alone is larger.
            byte[] scriptBytes = Encoding.UTF8.GetBytes(script);
            byte[] payload = new byte[scriptBytes.Length + (input?.Length ?? 0)];
            scriptBytes.CopyTo(payload, 0);
            input?.CopyTo(payload, scriptBytes.Length);
            var command = new[] { "sh", "-c", LauncherFor(scriptBytes.Length, input?.Length) };
            input = payload;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_request.OperationTimeout);
            WebSocket socket = await ConnectAsync(command, true, deadline.Token, cancellationToken).ConfigureAwait(false);
            using (socket)
            using (deadline.Token.Register(socket.Abort))
            {
                try
                {
                    Protocol = socket.SubProtocol;
                    if (input != null)
                    {
                        for (int offset = 0; offset < input.Length; offset += 32 * 1024)
                        {
                            int count = Math.Min(32 * 1024, input.Length - offset);
                            var frame = new byte[count + 1];
                            frame[0] = Stdin;
                            Array.Copy(input, offset, frame, 1, count);
                            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, deadline.Token).ConfigureAwait(false);
                        }

                        if (socket.SubProtocol == WebSocketProtocol.V5BinaryWebsocketProtocol)
                        {
                            await socket.SendAsync(new byte[] { CloseStream, Stdin }, WebSocketMessageType.Binary, true, deadline.Token).ConfigureAwait(false);
                        }
                    }

                    return await ReadAsync(socket, deadline.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException || e is OperationCanceledException || e is IOException || e is ObjectDisposedException)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (deadline.IsCancellationRequested)
                    {
                        throw new NodeAccessException(NodeAccessError.OperationTimeout, NodeName,
                            "A script in " + Description + " did not finish within " + _request.OperationTimeout.TotalSeconds + " s.", e);
                    }

                    throw await CutOffAsync(e).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Reads exactly the script's bytes, then hands exactly the input's bytes (or nothing) to it: v4 cannot close
        /// stdin, so nothing may wait for its end. The script is read a byte at a time (dd bs=1): busybox head reads
        /// ahead through stdio and would swallow the start of the input.
        /// </summary>
        internal static string LauncherFor(int scriptLength, int? inputLength) =>
            "s=$(dd bs=1 count=" + scriptLength.ToString(CultureInfo.InvariantCulture) + " 2>/dev/null) || exit 125; "
            + (inputLength == null
                ? "sh -c \"$s\" kubelet-compliance </dev/null"
                : "head -c " + inputLength.Value.ToString(CultureInfo.InvariantCulture) + " | sh -c \"$s\" kubelet-compliance");

        private async Task<ShellResult> ReadAsync(WebSocket socket, CancellationToken token)
        {
            var output = new MemoryStream();
            var error = new MemoryStream();
            var message = new MemoryStream();
            var buffer = new byte[64 * 1024];
            long total = 0;
            while (true)
            {
                WebSocketReceiveResult received = await socket.ReceiveAsync(buffer, token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The exec stream closed without an exit status.");
                }

                total += received.Count;
                if (total > _request.MaxOutputBytes)
                {
                    socket.Abort();
                    throw new NodeAccessException(NodeAccessError.OutputTooLarge, NodeName,
                        Description + " sent more than " + _request.MaxOutputBytes + " bytes for one script; the node is not read further.");
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                byte[] data = message.ToArray();
                message.SetLength(0);
                if (data.Length == 0)
                {
                    continue;
                }

                switch (data[0])
                {
                    case Stdout:
                        output.Write(data, 1, data.Length - 1);
                        break;
                    case Stderr:
                        error.Write(data, 1, data.Length - 1);
                        break;
                    case Status:
                        int exitCode = ExitCode(Encoding.UTF8.GetString(data, 1, data.Length - 1), out string failure);
                        if (failure != null)
                        {
                            throw new NodeAccessException(NodeAccessError.RemoteCommandFailed, NodeName, "The kubelet could not run a script in " + Description + ": " + failure);
                        }

                        try
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is WebSocketException || e is IOException)
                        {
                        }

                        return new ShellResult(exitCode, output.ToArray(), Encoding.UTF8.GetString(error.ToArray()));
                }
            }
        }

        /// <summary>The exit code a metav1.Status on the status channel reports; <paramref name="failure"/> when the command did not run at all.</summary>
        internal static int ExitCode(string status, out string failure)
        {
            failure = null;
            try
            {
                using var document = JsonDocument.Parse(status);
                JsonElement root = document.RootElement;
                if (root.TryGetProperty("status", out JsonElement outcome) && outcome.GetString() == "Success")
                {
                    return 0;
                }

                if (root.TryGetProperty("reason", out JsonElement reason) && reason.GetString() == "NonZeroExitCode"
                    && root.TryGetProperty("details", out JsonElement details) && details.TryGetProperty("causes", out JsonElement causes))
                {
                    foreach (JsonElement cause in causes.EnumerateArray())
                    {
                        if (cause.TryGetProperty("reason", out JsonElement type) && type.GetString() == "ExitCode"
                            && int.TryParse(cause.GetProperty("message").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int code))
                        {
                            return code;
                        }
                    }
                }

                failure = root.TryGetProperty("message", out JsonElement message) ? message.GetString() : status;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is KeyNotFoundException)
            {
                failure = "unreadable exit status: " + (status.Length > 200 ? status.Substring(0, 200) : status);
            }

            return -1;
        }

        private async Task<WebSocket> ConnectAsync(string[] command, bool stdin, CancellationToken deadline, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    _cluster.Traffic.CountRequest();
                    return await _client.WebSocketNamespacedPodExecAsync(PodName, _request.Namespace, command, NodePodManifest.ContainerName,
                        stderr: true, stdin: stdin, stdout: true, tty: false, webSocketSubProtocol: WebSocketProtocol.V5BinaryWebsocketProtocol,
                        cancellationToken: deadline).ConfigureAwait(false);
                }
                catch (ExecRefusedException e)
                {
                    var status = e.Status;
                    if (status == HttpStatusCode.Forbidden)
                    {
                        throw new NodeAccessException(NodeAccessError.ExecForbidden, NodeName,
                            "The API server refused exec into " + Description + " (403): the identity needs 'create' (and 'get') on 'pods/exec' in namespace '"
                            + _request.Namespace + "'; deploy/node-pods.yaml grants it. " + await RefusalAsync(e.Uri).ConfigureAwait(false), e);
                    }

                    if (status == HttpStatusCode.NotFound)
                    {
                        throw await CutOffAsync(e).ConfigureAwait(false);
                    }

                    if (attempt >= ApiRetryHandler.MaxAttempts || ((int)status != 429 && (int)status < 500))
                    {
                        throw new NodeAccessException((int)status == 429 ? NodeAccessError.ApiServerUnavailable : NodeAccessError.RemoteCommandFailed, NodeName,
                            "The API server answered exec into " + Description + " with " + (int)status + ". " + await RefusalAsync(e.Uri).ConfigureAwait(false), e);
                    }

                    if ((int)status == 429)
                    {
                        _cluster.Traffic.CountThrottled();
                    }
                    else
                    {
                        _cluster.Traffic.CountRetry();
                    }

                    await Task.Delay(ApiRetryHandler.Backoff(attempt), deadline).ConfigureAwait(false);
                }
                catch (Exception e) when ((e is WebSocketException || e is HttpRequestException) && !deadline.IsCancellationRequested)
                {
                    if (attempt >= ApiRetryHandler.MaxAttempts)
                    {
                        throw new NodeAccessException(NodeAccessError.ApiServerUnavailable, NodeName,
                            "Exec into " + Description + " could not be opened: " + e.Message, e);
                    }

                    _cluster.Traffic.CountRetry();
                    await Task.Delay(ApiRetryHandler.Backoff(attempt), deadline).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new NodeAccessException(NodeAccessError.OperationTimeout, NodeName,
                        "Exec into " + Description + " could not be opened within " + _request.OperationTimeout.TotalSeconds + " s.", e);
                }
            }
        }

        /// <summary>
        /// The Status message of a refused exec: the WebSocket handshake keeps no body, so the same URL is asked once
        /// more as a plain request, which the API server refuses the same way (authorization comes before the upgrade).
        /// </summary>
        private async Task<string> RefusalAsync(Uri uri)
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var https = new UriBuilder(uri) { Scheme = uri.Scheme == "wss" ? "https" : "http" }.Uri;
                using HttpResponseMessage response = await _client.HttpClient.GetAsync(https, deadline.Token).ConfigureAwait(false);
                return ApiStatus.Message(await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException)
            {
                return string.Empty;
            }
        }

        /// <summary>Why an exec ended early: the pod or its node is gone, or the stream was simply cut.</summary>
        private async Task<NodeAccessException> CutOffAsync(Exception cause)
        {
            string gone = await _cluster.WhatIsGoneAsync(PodName, NodeName).ConfigureAwait(false);
            return gone != null
                ? new NodeAccessException(NodeAccessError.NodeGone, NodeName, gone, cause)
                : new NodeAccessException(NodeAccessError.ExecCutOff, NodeName,
                    "The exec stream to " + Description + " ended before the script's exit status arrived (" + cause.Message + "); nothing was retried.", cause);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _cluster.BeginDelete(PodName, NodeName);
            }
        }
    }
}
