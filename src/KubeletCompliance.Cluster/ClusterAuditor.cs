using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using KubeletCompliance.Core.Errors;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;

namespace KubeletCompliance.Cluster
{
    /// <summary>
    /// Reads every selected node's running kubelet configuration through the API server
    /// (<c>GET /api/v1/nodes/NAME/proxy/configz</c>), with the credentials of a kubeconfig.
    /// </summary>
    public static class ClusterAuditor
    {
        private const string RbacHint = "the identity in the kubeconfig needs 'get' on 'nodes/proxy' (and 'list' on 'nodes'); deploy/rbac.yaml grants exactly that";

        /// <summary>
        /// Yields one <see cref="NodeConfigz"/> per selected node, each as soon as its node has answered,
        /// so one slow or broken node holds up nobody.
        /// </summary>
        /// <exception cref="ClusterAuditException">When no node can be asked: the kubeconfig, the credentials or the node list failed.</exception>
        public static async IAsyncEnumerable<NodeConfigz> AuditNodes(ClusterAuditOptions options,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (options == null)
                throw new ArgumentNullException(nameof(options));
            if (options.ThrottleLimit < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.ThrottleLimit, "ThrottleLimit must be at least 1.");

            using var client = new Kubernetes(LoadConfiguration(options));
            IReadOnlyList<V1Node> nodes = await ListNodesAsync(client, options, cancellationToken).ConfigureAwait(false);

            var results = Channel.CreateUnbounded<NodeConfigz>(new UnboundedChannelOptions { SingleReader = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task asking = AskAllAsync(client, nodes, options, results.Writer, stop.Token);
            try
            {
                await foreach (NodeConfigz result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    yield return result;
                await asking.ConfigureAwait(false);
            }
            finally
            {
                // Reached early when the caller stops reading (Select-Object -First): the client must outlive the requests in flight.
                stop.Cancel();
                try
                {
                    await asking.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        internal static KubernetesClientConfiguration LoadConfiguration(ClusterAuditOptions options)
        {
            string path = options.KubeconfigPath ?? ClusterAuditOptions.DefaultKubeconfigPath();
            string named = "The kubeconfig '" + path + "'" + (options.Context == null ? "" : " (context '" + options.Context + "')");
            if (!File.Exists(path))
            {
                throw new ClusterAuditException(ErrorIds.KubeconfigInvalid, named + " does not exist.", null);
            }

            try
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // The client's own message is often only "Exception during deserialization": the inner ones say what and where.
                var reasons = new List<string>();
                for (var inner = e; inner != null; inner = inner.InnerException)
                {
                    string reason = inner is YamlDotNet.Core.YamlException yaml
                        ? $"line {yaml.Start.Line}, column {yaml.Start.Column}: {inner.Message}"
                        : inner.Message;
                    if (!reasons.Contains(reason))
                    {
                        reasons.Add(reason);
                    }
                }

                throw new ClusterAuditException(ErrorIds.KubeconfigInvalid, named + " could not be used: " + string.Join(": ", reasons), e);
            }
        }

        internal static async Task<IReadOnlyList<V1Node>> ListNodesAsync(Kubernetes client, ClusterAuditOptions options, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            V1NodeList list;
            try
            {
                list = await client.CoreV1.ListNodeAsync(labelSelector: string.IsNullOrEmpty(options.LabelSelector) ? null : options.LabelSelector,
                    cancellationToken: timeout.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ClusterAuditException(ErrorIds.ApiServerUnauthorized,
                    "The API server at " + client.BaseUri + " did not accept the kubeconfig's credentials (401).", e);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Forbidden)
            {
                throw new ClusterAuditException(ErrorIds.NodeListForbidden,
                    "The API server refused to list nodes (403): " + RbacHint + ". " + StatusMessage(e.Response.Content), e);
            }
            catch (HttpOperationException e) when (e.Response != null)
            {
                throw new ClusterAuditException(ErrorIds.ApiServerUnreachable,
                    "The API server at " + client.BaseUri + " answered the node list with " + (int)e.Response.StatusCode + ". " + StatusMessage(e.Response.Content), e);
            }
            catch (Exception e) when (e is KubeConfigException || e is KubernetesClientException)
            {
                throw new ClusterAuditException(ErrorIds.KubeconfigInvalid,
                    "The kubeconfig's credentials could not be obtained: " + e.Message, e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && !(e is OutOfMemoryException))
            {
                string why = timeout.IsCancellationRequested ? "no answer within " + options.RequestTimeout.TotalSeconds + " s"
                    : FindInner<AuthenticationException>(e) != null ? TlsFailure(e)
                        : Innermost(e).Message;
                throw new ClusterAuditException(ErrorIds.ApiServerUnreachable,
                    "The API server at " + client.BaseUri + " could not be reached: " + why, e);
            }

            var selected = new NodeNamePattern(options.NodeName);
            return list.Items.Where(node => selected.Matches(node.Metadata.Name)).ToList();
        }

        /// <summary>
        /// A TLS handshake that failed on the certificate, or one the server never answered in TLS: a plain-HTTP server
        /// (or another service) behind an https:// URL sends bytes that are no TLS record, which is no certificate's fault.
        /// .NET tells them apart only in words; its messages about certificates all say "certificate".
        /// </summary>
        private static string TlsFailure(Exception e)
        {
            string message = Innermost(e).Message;
            return message.IndexOf("certificate", StringComparison.OrdinalIgnoreCase) >= 0
                ? "its TLS certificate was not accepted (check certificate-authority or certificate-authority-data in the kubeconfig): " + message
                : "it did not answer in TLS (" + message.TrimEnd('.') + "): is the server in the kubeconfig a plain-HTTP server, or another service on that port? An API server speaks https.";
        }

        private static async Task AskAllAsync(Kubernetes client, IReadOnlyList<V1Node> nodes, ClusterAuditOptions options,
            ChannelWriter<NodeConfigz> results, CancellationToken cancellationToken)
        {
            try
            {
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ThrottleLimit, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(nodes, parallel, async (node, token) =>
                {
                    NodeConfigz result = await AskNodeAsync(client, node, options.RequestTimeout, options.MaxConfigzBytes, token).ConfigureAwait(false);
                    await results.WriteAsync(result, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
                results.Complete();
            }
            catch (Exception e)
            {
                results.Complete(e);
                throw;
            }
        }

        /// <summary>
        /// True when the kubeconfig turns off TLS verification (insecure-skip-tls-verify): its credentials then go to a
        /// server whose certificate nobody checked. False when the kubeconfig cannot be read; the audit reports why.
        /// </summary>
        public static bool SkipsTlsVerification(ClusterAuditOptions options)
        {
            try
            {
                return LoadConfiguration(options).SkipTlsVerify;
            }
            catch (ClusterAuditException)
            {
                return false;
            }
        }

        /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body holds more (it is not read further).</summary>
        private static async Task<string> ReadCappedAsync(Stream body, int limit, CancellationToken cancellationToken)
        {
            var kept = new MemoryStream();
            var buffer = new byte[16384];
            int read;
            while ((read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (kept.Length + read > limit)
                    return null;
                kept.Write(buffer, 0, read);
            }

            return System.Text.Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        }

        private static Task<NodeConfigz> AskNodeAsync(Kubernetes client, V1Node node, TimeSpan requestTimeout, int maxBytes, CancellationToken cancellationToken) =>
            AskNodeAsync(client, node.Metadata.Name, node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address, requestTimeout, maxBytes, cancellationToken);

        internal static async Task<NodeConfigz> AskNodeAsync(Kubernetes client, string name, string internalIP, TimeSpan requestTimeout, int maxBytes, CancellationToken cancellationToken)
        {
            Func<int?, string, string, NodeConfigz> failure = (status, errorId, error) => new NodeConfigz(name, internalIP, null, status, errorId, error);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(requestTimeout);
            string body;
            int status;
            try
            {
                using HttpOperationResponse<Stream> response = await client.CoreV1
                    .ConnectGetNodeProxyWithPathWithHttpMessagesAsync(name, "configz", cancellationToken: timeout.Token).ConfigureAwait(false);
                status = (int)response.Response.StatusCode;
                body = await ReadCappedAsync(response.Body, maxBytes, timeout.Token).ConfigureAwait(false);
                if (body == null)
                    return failure(status, ErrorIds.ConfigzTooLarge,
                        "/configz of node '" + name + "' answered with more than " + maxBytes + " bytes; a kubelet configuration is a few kilobytes.");
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Forbidden)
            {
                return failure(403, ErrorIds.ConfigzForbidden,
                    "The API server refused /configz of node '" + name + "' (403): " + RbacHint + ". " + StatusMessage(e.Response.Content));
            }
            catch (HttpOperationException e) when (e.Response != null)
            {
                return failure((int)e.Response.StatusCode, ErrorIds.ConfigzUnavailable,
                    "The API server could not fetch /configz of node '" + name + "' (" + (int)e.Response.StatusCode + "). " + StatusMessage(e.Response.Content));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && !(e is OutOfMemoryException))
            {
                string why = timeout.IsCancellationRequested ? "no answer within " + requestTimeout.TotalSeconds + " s" : Innermost(e).Message;
                return failure(null, ErrorIds.ConfigzUnavailable, "/configz of node '" + name + "' could not be fetched: " + why);
            }

            bool? enabled;
            string malformed = ReadAnonymousEnabled(body, out enabled);
            return malformed == null
                ? new NodeConfigz(name, internalIP, enabled, status, null, null)
                : failure(status, ErrorIds.ConfigzMalformed, "/configz of node '" + name + "' " + malformed);
        }

        /// <returns>Null when the value was read, otherwise what was wrong.</returns>
        internal static string ReadAnonymousEnabled(string configz, out bool? enabled)
        {
            enabled = null;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(configz ?? string.Empty);
            }
            catch (JsonException e)
            {
                return "is not JSON: " + e.Message;
            }
            using (document)
            {
                JsonElement element = document.RootElement;
                string walked = "";
                foreach (string property in new[] { "kubeletconfig", "authentication", "anonymous", "enabled" })
                {
                    walked += (walked.Length == 0 ? "" : ".") + property;
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element))
                        return "has no " + walked;
                }
                if (element.ValueKind != JsonValueKind.True && element.ValueKind != JsonValueKind.False)
                    return "has " + walked + " = " + element.GetRawText() + ", not true or false";
                enabled = element.GetBoolean();
                return null;
            }
        }

        /// <summary>The message of the Kubernetes Status object an API server error carries, or the start of the body.</summary>
        internal static string StatusMessage(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
                return string.Empty;
            try
            {
                using var status = JsonDocument.Parse(body);
                if (status.RootElement.ValueKind == JsonValueKind.Object
                    && status.RootElement.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String)
                    return "The API server said: " + message.GetString();
            }
            catch (JsonException)
            {
            }
            string text = body.Trim();
            return "The API server said: " + (text.Length > 300 ? text.Substring(0, 300) + "..." : text);
        }

        private static T FindInner<T>(Exception e) where T : Exception
        {
            for (; e != null; e = e.InnerException)
            {
                if (e is T match)
                    return match;
            }
            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
                e = e.InnerException;
            return e;
        }
    }
}
