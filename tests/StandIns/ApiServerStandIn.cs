using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using KubeletCompliance.StandIns.Pods;

namespace KubeletCompliance.StandIns
{
    /// <summary>
    /// The two API server endpoints cluster mode uses, behind the API server's authentication: a bearer token it
    /// knows, or a client certificate its CA signed; anything else is 401.
    /// </summary>
    public sealed partial class ApiServerStandIn : IAsyncDisposable
    {
        public const string ValidToken = "valid-token";
        /// <summary>Authenticates, but may not list nodes.</summary>
        public const string NoListToken = "no-list-token";
        public static readonly TimeSpan SlowNodeLongestDelay = TimeSpan.FromSeconds(10);

        private readonly TestCertificateAuthority _pki;
        private readonly TaskCompletionSource _slowNodesReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, FakeNode> _nodes;
        private readonly List<string> _order;
        private readonly HashSet<string> _tokens;
        private readonly ApiServerOptions _options;
        private WebApplication _app;
        private int _port;
        private int _inFlight;
        private int _mostInFlight;
        private int _slowNodesAnswered;
        private int _requests;

        private ApiServerStandIn(TestCertificateAuthority pki, IEnumerable<FakeNode> nodes, IEnumerable<string> tokens, ApiServerOptions options)
        {
            _pki = pki;
            var list = nodes.ToList();
            _order = list.Select(n => n.Name).ToList();
            _nodes = new ConcurrentDictionary<string, FakeNode>(list.ToDictionary(n => n.Name));
            _tokens = new HashSet<string>(tokens.Concat(PodTokens));
            _options = options ?? new ApiServerOptions();
            Pods = new PodStore(name => name != null && _nodes.TryGetValue(name, out FakeNode node) ? node : null, _options.PodTiming);
            Exec.Replay = _options.ExecReplay;
        }

        public string Url { get; private set; }
        /// <summary>Who each request was authenticated as: "token:VALUE" or "certificate:SUBJECT".</summary>
        public ConcurrentQueue<string> Identities { get; } = new ConcurrentQueue<string>();
        public int MostConfigzInFlight => Volatile.Read(ref _mostInFlight);
        public bool SlowNodesAnswered => Volatile.Read(ref _slowNodesAnswered) > 0;

        public static Task<ApiServerStandIn> StartAsync(TestCertificateAuthority pki, IEnumerable<FakeNode> nodes, params string[] extraTokens) =>
            StartAsync(pki, nodes, null, extraTokens);

        public static async Task<ApiServerStandIn> StartAsync(TestCertificateAuthority pki, IEnumerable<FakeNode> nodes, ApiServerOptions options, params string[] extraTokens)
        {
            var server = new ApiServerStandIn(pki, nodes, new[] { ValidToken, NoListToken }.Concat(extraTokens), options);
            await server.ListenAsync();
            return server;
        }

        public void ReleaseSlowNodes() => _slowNodesReleased.TrySetResult();

        /// <summary>
        /// What clients see of an API server restart: every connection (watches, exec streams) is cut, new ones are
        /// refused for <paramref name="downtime"/>, then it answers again on the same address with the same state.
        /// </summary>
        public async Task RestartAsync(TimeSpan downtime)
        {
            WebApplication app = _app;
            using (var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
            {
                await app.StopAsync(abort.Token);
            }

            await app.DisposeAsync();
            await Task.Delay(downtime);
            await ListenAsync();
        }

        private async Task ListenAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Listen(IPAddress.Loopback, _port, listen => listen.UseHttps(https =>
                {
                    https.ServerCertificate = _pki.ServerCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (certificate, chain, errors) => _pki.Issued(certificate);
                })));
            WebApplication app = builder.Build();
            app.UseWebSockets();
            app.Run(AnswerAsync);
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First()
                .Replace("https://[::]", "https://127.0.0.1");
            _port = new Uri(address).Port;
            Url = address;
            _app = app;
        }

        private async Task AnswerAsync(HttpContext context)
        {
            if (_options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_options.Latency);
            }

            if (_options.AnswerDelay > TimeSpan.Zero)
            {
                context.Response.OnStarting(() => Task.Delay(_options.AnswerDelay));
            }

            string identity = Authenticate(context);
            if (identity == null)
            {
                await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized");
                return;
            }
            Identities.Enqueue(identity);

            string[] segments = context.Request.Path.Value.Trim('/').Split('/');
            if (await ThrottledAsync(context, segments))
            {
                return;
            }

            if (segments.Length >= 4 && segments[0] == "api" && segments[1] == "v1" && segments[2] == "namespaces")
            {
                await AnswerNamespacedAsync(context, identity, segments);
                return;
            }

            if (segments.Length == 3 && segments[0] == "api" && segments[1] == "v1" && segments[2] == "nodes")
            {
                Count("list nodes");
                if (identity == "token:" + NoListToken)
                {
                    await WriteStatusAsync(context, 403, "Forbidden",
                        "nodes is forbidden: User \"no-list\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
                    return;
                }
                await WriteNodeListAsync(context);
                return;
            }
            if (segments.Length == 4 && segments[0] == "api" && segments[1] == "v1" && segments[2] == "nodes")
            {
                Count("get nodes");
                int index = _order.IndexOf(segments[3]);
                if (!_nodes.TryGetValue(segments[3], out FakeNode named))
                {
                    await WriteStatusAsync(context, 404, "NotFound", "nodes \"" + segments[3] + "\" not found");
                    return;
                }

                var item = NodeObject(named, index);
                item["kind"] = "Node";
                item["apiVersion"] = "v1";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(item));
                return;
            }
            if (segments.Length == 6 && segments[0] == "api" && segments[1] == "v1" && segments[2] == "nodes"
                && segments[4] == "proxy" && segments[5] == "configz" && _nodes.TryGetValue(segments[3], out FakeNode node))
            {
                Count("get configz");
                int now = Interlocked.Increment(ref _inFlight);
                InterlockedMax(ref _mostInFlight, now);
                try
                {
                    await WriteConfigzAsync(context, node);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
                return;
            }
            await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
        }

        /// <summary>
        /// API Priority and Fairness refusing a request (every <see cref="ApiServerOptions.ThrottleEvery"/>th one):
        /// 429 with Retry-After. Long-running requests (watch, exec) are exempt, as in the API server.
        /// </summary>
        private async Task<bool> ThrottledAsync(HttpContext context, string[] segments)
        {
            bool longRunning = context.Request.Query["watch"] == "true" || context.Request.Query["watch"] == "1" || segments[^1] == "exec";
            if (_options.ThrottleEvery <= 0 || longRunning || Interlocked.Increment(ref _requests) % _options.ThrottleEvery != 0)
            {
                return false;
            }

            Interlocked.Increment(ref _throttled);
            context.Response.Headers["Retry-After"] = _options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 429;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new Dictionary<string, object>(),
                ["status"] = "Failure",
                ["message"] = "Too many requests, please try again later.",
                ["reason"] = "TooManyRequests",
                ["details"] = new Dictionary<string, object> { ["retryAfterSeconds"] = _options.RetryAfterSeconds },
                ["code"] = 429,
            }));
            return true;
        }

        private string Authenticate(HttpContext context)
        {
            string authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                string token = authorization.Substring("Bearer ".Length);
                return _tokens.Contains(token) ? "token:" + token : null;
            }
            X509Certificate2 certificate = context.Connection.ClientCertificate;
            return certificate != null ? "certificate:" + certificate.Subject : null;
        }

        private async Task WriteNodeListAsync(HttpContext context)
        {
            var selector = ParseEqualitySelector(context.Request.Query["labelSelector"].ToString());
            var items = _order.Select(name => _nodes.TryGetValue(name, out FakeNode node) ? node : null).Where(node => node != null)
                .Where(node => selector.All(term => term.Equal == (node.Labels.TryGetValue(term.Key, out string value) && (term.Value == null || value == term.Value))))
                .Select((node, index) => NodeObject(node, index))
                .ToList();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["kind"] = "NodeList",
                ["apiVersion"] = "v1",
                ["metadata"] = new Dictionary<string, object> { ["resourceVersion"] = "1" },
                ["items"] = items,
            }));
        }

        private static Dictionary<string, object> NodeObject(FakeNode node, int index) => new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object>
                    {
                        ["name"] = node.Name,
                        ["labels"] = new Dictionary<string, string>(node.Labels) { ["kubernetes.io/os"] = node.Os, ["kubernetes.io/hostname"] = node.Name },
                    },
                    ["status"] = new Dictionary<string, object>
                    {
                        ["conditions"] = new object[]
                        {
                            node.Ready
                                ? new Dictionary<string, string> { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status" }
                                : new Dictionary<string, string> { ["type"] = "Ready", ["status"] = "Unknown", ["reason"] = "NodeStatusUnknown", ["message"] = "Kubelet stopped posting node status." },
                        },
                        ["nodeInfo"] = new Dictionary<string, string> { ["operatingSystem"] = node.Os, ["architecture"] = "amd64", ["kubeletVersion"] = "v1.31.4" },
                        ["addresses"] = new object[]
                        {
                            new Dictionary<string, string> { ["type"] = "Hostname", ["address"] = node.Name },
                            new Dictionary<string, string> { ["type"] = "InternalIP", ["address"] = node.InternalIP ?? "127.1.0." + (index % 250 + 1) },
                        },
                    },
                };

        private async Task WriteConfigzAsync(HttpContext context, FakeNode node)
        {
            switch (node.Behaviour)
            {
                case ConfigzBehaviour.Forbidden:
                    await WriteStatusAsync(context, 403, "Forbidden",
                        "nodes \"" + node.Name + "\" is forbidden: User \"auditor\" cannot get resource \"nodes/proxy\" in API group \"\" at the cluster scope");
                    return;
                case ConfigzBehaviour.KubeletDown:
                    await WriteStatusAsync(context, 503, "ServiceUnavailable",
                        "error trying to reach service: dial tcp 127.1.0.1:10250: connect: connection refused");
                    return;
                case ConfigzBehaviour.NotKubeletConfig:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"componentconfig\": {}}");
                    return;
                case ConfigzBehaviour.Endless:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"kubeletconfig\":{\"x\":\"");
                    byte[] chunk = System.Text.Encoding.ASCII.GetBytes(new string('x', 65536));
                    try
                    {
                        while (!context.RequestAborted.IsCancellationRequested)
                            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    return;
                case ConfigzBehaviour.Slow:
                    await Task.WhenAny(_slowNodesReleased.Task, Task.Delay(SlowNodeLongestDelay));
                    Interlocked.Increment(ref _slowNodesAnswered);
                    break;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                "{\"kubeletconfig\":{\"enableServer\":true,\"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/kubernetes/pki/ca.crt\"},"
                + "\"webhook\":{\"enabled\":true,\"cacheTTL\":\"2m0s\"},\"anonymous\":{\"enabled\":" + (RunningAnonymousEnabled(node) ? "true" : "false") + "}},"
                + "\"authorization\":{\"mode\":\"Webhook\"}}}");
        }

        /// <summary>
        /// The value the node's kubelet runs with: as configured for the stand-in until it is restarted through the node's
        /// systemd (NodeSystemdStandIn); then what its files give, as the kubelet reads them when it starts.
        /// </summary>
        private static bool RunningAnonymousEnabled(FakeNode node)
        {
            if (NodeSystemdStandIn.LastRestart(node.Root) == null)
            {
                return node.AnonymousEnabled;
            }

            var setting = KubeletCompliance.Core.Resolution.NodeResolver.Default.Resolve(new KubeletCompliance.Transports.FileSystem.FileSystemNode(node.Root));
            return (setting.Configured ?? setting.Effective)?.Enabled == true;
        }

        internal static Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
        {
            context.Response.StatusCode = code;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new Dictionary<string, object>(),
                ["status"] = "Failure",
                ["message"] = message,
                ["reason"] = reason,
                ["code"] = code,
            }));
        }

        /// <summary>Equality terms (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>) and existence (<c>k</c>, Value null) of a selector.</summary>
        private static List<(string Key, string Value, bool Equal)> ParseEqualitySelector(string selector)
        {
            var terms = new List<(string, string, bool)>();
            foreach (string term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int notEqual = term.IndexOf("!=", StringComparison.Ordinal);
                if (notEqual > 0)
                {
                    terms.Add((term.Substring(0, notEqual), term.Substring(notEqual + 2), false));
                    continue;
                }
                string[] parts = term.Split(new[] { "==", "=" }, 2, StringSplitOptions.None);
                terms.Add((parts[0], parts.Length == 2 ? parts[1] : null, true));
            }
            return terms;
        }

        private static void InterlockedMax(ref int target, int candidate)
        {
            int seen;
            while (candidate > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, candidate, seen) != seen)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            ReleaseSlowNodes();
            await _app.StopAsync();
            await _app.DisposeAsync();
            Exec.Dispose();
        }
    }
}
