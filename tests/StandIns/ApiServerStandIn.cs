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

namespace KubeletCompliance.StandIns
{
    /// <summary>How a node's /configz answers through the API server.</summary>
    public enum ConfigzBehaviour
    {
        Answers,
        Forbidden,
        KubeletDown,
        NotKubeletConfig,
        /// <summary>Answers only once <see cref="ApiServerStandIn.ReleaseSlowNodes"/> is called (or after a long delay).</summary>
        Slow,
    }

    public sealed class FakeNode
    {
        public FakeNode(string name, bool anonymousEnabled = false, ConfigzBehaviour behaviour = ConfigzBehaviour.Answers,
            IDictionary<string, string> labels = null)
        {
            Name = name;
            AnonymousEnabled = anonymousEnabled;
            Behaviour = behaviour;
            Labels = labels ?? new Dictionary<string, string>();
        }

        public string Name { get; }
        public bool AnonymousEnabled { get; }
        public ConfigzBehaviour Behaviour { get; }
        public IDictionary<string, string> Labels { get; }
        public string InternalIP { get; set; }
    }

    /// <summary>
    /// The two API server endpoints cluster mode uses, behind the API server's authentication: a bearer token it
    /// knows, or a client certificate its CA signed; anything else is 401.
    /// </summary>
    public sealed class ApiServerStandIn : IAsyncDisposable
    {
        public const string ValidToken = "valid-token";
        /// <summary>Authenticates, but may not list nodes.</summary>
        public const string NoListToken = "no-list-token";
        public static readonly TimeSpan SlowNodeLongestDelay = TimeSpan.FromSeconds(10);

        private readonly WebApplication _app;
        private readonly TaskCompletionSource _slowNodesReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Dictionary<string, FakeNode> _nodes;
        private readonly HashSet<string> _tokens;
        private int _inFlight;
        private int _mostInFlight;
        private int _slowNodesAnswered;

        private ApiServerStandIn(WebApplication app, IEnumerable<FakeNode> nodes, IEnumerable<string> tokens)
        {
            _app = app;
            _nodes = nodes.ToDictionary(n => n.Name);
            _tokens = new HashSet<string>(tokens);
        }

        public string Url { get; private set; }
        /// <summary>Who each request was authenticated as: "token:VALUE" or "certificate:SUBJECT".</summary>
        public ConcurrentQueue<string> Identities { get; } = new ConcurrentQueue<string>();
        public int MostConfigzInFlight => Volatile.Read(ref _mostInFlight);
        public bool SlowNodesAnswered => Volatile.Read(ref _slowNodesAnswered) > 0;

        public static async Task<ApiServerStandIn> StartAsync(TestCertificateAuthority pki, IEnumerable<FakeNode> nodes, params string[] extraTokens)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
                {
                    https.ServerCertificate = pki.ServerCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (certificate, chain, errors) => pki.Issued(certificate);
                })));
            WebApplication app = builder.Build();
            var server = new ApiServerStandIn(app, nodes, new[] { ValidToken, NoListToken }.Concat(extraTokens));
            app.Run(server.AnswerAsync);
            await app.StartAsync();
            server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First()
                .Replace("https://[::]", "https://127.0.0.1");
            return server;
        }

        public void ReleaseSlowNodes() => _slowNodesReleased.TrySetResult();

        private async Task AnswerAsync(HttpContext context)
        {
            string identity = Authenticate(context);
            if (identity == null)
            {
                await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized");
                return;
            }
            Identities.Enqueue(identity);

            string[] segments = context.Request.Path.Value.Trim('/').Split('/');
            if (segments.Length == 3 && segments[0] == "api" && segments[1] == "v1" && segments[2] == "nodes")
            {
                if (identity == "token:" + NoListToken)
                {
                    await WriteStatusAsync(context, 403, "Forbidden",
                        "nodes is forbidden: User \"no-list\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
                    return;
                }
                await WriteNodeListAsync(context);
                return;
            }
            if (segments.Length == 6 && segments[0] == "api" && segments[1] == "v1" && segments[2] == "nodes"
                && segments[4] == "proxy" && segments[5] == "configz" && _nodes.TryGetValue(segments[3], out FakeNode node))
            {
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
            var items = _nodes.Values
                .Where(node => selector.All(term => term.Equal == (node.Labels.TryGetValue(term.Key, out string value) && value == term.Value)))
                .Select((node, index) => new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["name"] = node.Name, ["labels"] = node.Labels },
                    ["status"] = new Dictionary<string, object>
                    {
                        ["addresses"] = new object[]
                        {
                            new Dictionary<string, string> { ["type"] = "Hostname", ["address"] = node.Name },
                            new Dictionary<string, string> { ["type"] = "InternalIP", ["address"] = node.InternalIP ?? "127.1.0." + (index % 250 + 1) },
                        },
                    },
                })
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
                case ConfigzBehaviour.Slow:
                    await Task.WhenAny(_slowNodesReleased.Task, Task.Delay(SlowNodeLongestDelay));
                    Interlocked.Increment(ref _slowNodesAnswered);
                    break;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                "{\"kubeletconfig\":{\"enableServer\":true,\"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/kubernetes/pki/ca.crt\"},"
                + "\"webhook\":{\"enabled\":true,\"cacheTTL\":\"2m0s\"},\"anonymous\":{\"enabled\":" + (node.AnonymousEnabled ? "true" : "false") + "}},"
                + "\"authorization\":{\"mode\":\"Webhook\"}}}");
        }

        private static Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
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
                terms.Add((parts[0], parts[1], true));
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
        }
    }
}
