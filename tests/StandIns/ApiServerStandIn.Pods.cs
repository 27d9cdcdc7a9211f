using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.StandIns.Pods;
using Microsoft.AspNetCore.Http;

namespace KubeletCompliance.StandIns
{
    /// <summary>Knobs for the stand-in's pod API: latency, kubelet timing, namespaces and their Pod Security level, throttling.</summary>
    public sealed class ApiServerOptions
    {
        /// <summary>Added before every request is answered (a remote control plane).</summary>
        public TimeSpan Latency { get; set; }
        /// <summary>Added after a request is carried out, before its answer leaves: the way back, in which a client that gives up loses the answer of what was done.</summary>
        public TimeSpan AnswerDelay { get; set; }
        public PodTiming PodTiming { get; set; } = new PodTiming();
        /// <summary>Namespace name to its pod-security.kubernetes.io/enforce level (null: no label, which enforces nothing).</summary>
        public IDictionary<string, string> Namespaces { get; set; } = new Dictionary<string, string> { ["kubelet-compliance"] = PodSecurityStandIn.Privileged };
        /// <summary>Every Nth short request is refused with 429 (0: never).</summary>
        public int ThrottleEvery { get; set; }
        public int RetryAfterSeconds { get; set; } = 1;
        /// <summary>The exec subprotocols served, most preferred first; an API server older than 1.30 has no v5.</summary>
        public IReadOnlyList<string> ExecProtocols { get; set; } = new[] { PodExecStandIn.V5, PodExecStandIn.V4 };
        /// <summary>Benchmarks only: see <see cref="PodExecStandIn.Replay"/>.</summary>
        public bool ExecReplay { get; set; }
    }

    public sealed partial class ApiServerStandIn
    {
        /// <summary>May list nodes but not create pods.</summary>
        public const string NoPodsToken = "no-pods-token";
        /// <summary>May create and delete pods but not exec into them.</summary>
        public const string NoExecToken = "no-exec-token";
        /// <summary>May create pods and exec, but not delete pods.</summary>
        public const string NoDeleteToken = "no-delete-token";
        private static readonly string[] PodTokens = { NoPodsToken, NoExecToken, NoDeleteToken };

        private int _throttled;
        private int _generated;

        public PodStore Pods { get; }
        public PodExecStandIn Exec { get; } = new PodExecStandIn();
        /// <summary>Requests answered, by kind ("create pods", "watch pods", "exec", ...).</summary>
        public ConcurrentDictionary<string, int> RequestCounts { get; } = new ConcurrentDictionary<string, int>();
        /// <summary>How many requests were refused with 429.</summary>
        public int Throttled => Volatile.Read(ref _throttled);

        private void Count(string kind) => RequestCounts.AddOrUpdate(kind, 1, (_, n) => n + 1);

        private async Task AnswerNamespacedAsync(HttpContext context, string identity, string[] segments)
        {
            string ns = segments[3];
            string method = context.Request.Method;
            if (!_options.Namespaces.ContainsKey(ns))
            {
                await WriteStatusAsync(context, 404, "NotFound", "namespaces \"" + ns + "\" not found");
                return;
            }

            if (segments.Length == 5 && segments[4] == "events" && method == "GET")
            {
                Count("list events");
                Func<JsonObject, bool> fields = FieldSelector(context.Request.Query["fieldSelector"].ToString());
                await WriteJsonAsync(context, 200, List("EventList", Pods.Events(ns, fields), "1"));
                return;
            }

            if (segments.Length < 5 || segments[4] != "pods")
            {
                await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
                return;
            }

            string user = identity.StartsWith("token:", StringComparison.Ordinal) ? identity.Substring(6).Replace("-token", string.Empty) : "auditor";
            if (segments.Length == 5 && method == "POST")
            {
                Count("create pods");
                await CreatePodAsync(context, ns, identity, user);
                return;
            }

            if (segments.Length == 5 && method == "GET")
            {
                Func<JsonObject, bool> matches = Selectors(context.Request.Query);
                string watch = context.Request.Query["watch"].ToString();
                if (watch == "true" || watch == "1")
                {
                    Count("watch pods");
                    await WatchAsync(context, ns, matches);
                    return;
                }

                Count("list pods");
                if (identity == "token:" + NoPodsToken)
                {
                    await WriteStatusAsync(context, 403, "Forbidden", "pods is forbidden: User \"" + user
                        + "\" cannot list resource \"pods\" in API group \"\" in the namespace \"" + ns + "\"");
                    return;
                }

                var items = Pods.List(ns, matches, out long version);
                await WriteJsonAsync(context, 200, List("PodList", items, version.ToString(CultureInfo.InvariantCulture)));
                return;
            }

            string name = segments[5];
            JsonObject pod = Pods.Get(ns, name);
            if (segments.Length == 7 && segments[6] == "exec")
            {
                Count("exec");
                if (identity == "token:" + NoExecToken || identity == "token:" + NoPodsToken)
                {
                    await WriteStatusAsync(context, 403, "Forbidden", "pods \"" + name + "\" is forbidden: User \"" + user
                        + "\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"" + ns + "\"");
                    return;
                }

                if (pod == null)
                {
                    await WriteStatusAsync(context, 404, "NotFound", "pods \"" + name + "\" not found");
                    return;
                }

                string nodeName = pod["spec"]["nodeName"]?.GetValue<string>();
                FakeNode node = nodeName != null && _nodes.TryGetValue(nodeName, out FakeNode found) ? found : null;
                if (node == null)
                {
                    await WriteStatusAsync(context, 500, "InternalError", "error dialing backend: node \"" + nodeName + "\" not found");
                    return;
                }

                if (NodeSystemdStandIn.KubeletDown(node.Root))
                {
                    await WriteStatusAsync(context, 500, "InternalError", "error dialing backend: dial tcp " + (node.InternalIP ?? "127.1.0.1") + ":10250: connect: connection refused");
                    return;
                }

                await Exec.ServeAsync(context, pod, node, _options.ExecProtocols, () => DeleteNode(node.Name));
                return;
            }

            if (segments.Length != 6)
            {
                await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
                return;
            }

            if (method == "GET")
            {
                Count("get pods");
                await (pod == null ? WriteStatusAsync(context, 404, "NotFound", "pods \"" + name + "\" not found") : WriteJsonAsync(context, 200, pod));
                return;
            }

            if (method == "DELETE")
            {
                Count("delete pods");
                if (identity == "token:" + NoDeleteToken || identity == "token:" + NoPodsToken)
                {
                    await WriteStatusAsync(context, 403, "Forbidden", "pods \"" + name + "\" is forbidden: User \"" + user
                        + "\" cannot delete resource \"pods\" in API group \"\" in the namespace \"" + ns + "\"");
                    return;
                }

                long? grace = long.TryParse(context.Request.Query["gracePeriodSeconds"].ToString(), out long g) ? g : GraceFromBody(context);
                JsonObject deleted = Pods.Delete(ns, name, grace);
                await (deleted == null ? WriteStatusAsync(context, 404, "NotFound", "pods \"" + name + "\" not found") : WriteJsonAsync(context, 200, deleted));
                return;
            }

            await WriteStatusAsync(context, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }

        /// <summary>The node is deleted (a scaled-down node pool): it leaves the node list and the pod garbage collector removes its pods.</summary>
        private void DeleteNode(string name)
        {
            _nodes.TryRemove(name, out _);
            Pods.CollectPodsOf(name);
        }

        private async Task CreatePodAsync(HttpContext context, string ns, string identity, string user)
        {
            if (identity == "token:" + NoPodsToken)
            {
                await WriteStatusAsync(context, 403, "Forbidden", "pods is forbidden: User \"" + user
                    + "\" cannot create resource \"pods\" in API group \"\" in the namespace \"" + ns + "\"");
                return;
            }

            JsonObject pod;
            try
            {
                pod = JsonNode.Parse(await new System.IO.StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject;
            }
            catch (JsonException e)
            {
                await WriteStatusAsync(context, 400, "BadRequest", "the object provided is unrecognized: " + e.Message);
                return;
            }

            string name = pod?["metadata"]?["name"]?.GetValue<string>();
            string generateName = pod?["metadata"]?["generateName"]?.GetValue<string>();
            if (name == null && generateName != null)
            {
                name = generateName + Suffix(Interlocked.Increment(ref _generated));
            }

            if (pod == null || string.IsNullOrEmpty(name) || name.Length > 253)
            {
                await WriteStatusAsync(context, 422, "Invalid", "Pod \"" + name + "\" is invalid: metadata.name: Required value: name or generateName is required");
                return;
            }

            string refusal = PodSecurityStandIn.Refusal(_options.Namespaces[ns] ?? PodSecurityStandIn.Privileged, name, pod);
            if (refusal != null)
            {
                await WriteStatusAsync(context, 403, "Forbidden", refusal);
                return;
            }

            JsonObject created = Pods.Create(ns, pod, name);
            await (created == null
                ? WriteStatusAsync(context, 409, "AlreadyExists", "pods \"" + name + "\" already exists")
                : WriteJsonAsync(context, 201, created));
        }

        private async Task WatchAsync(HttpContext context, string ns, Func<JsonObject, bool> matches)
        {
            var channel = Pods.Watch(ns, matches, context.Request.Query["resourceVersion"].ToString());
            int timeout = int.TryParse(context.Request.Query["timeoutSeconds"].ToString(), out int t) ? t : 1800;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            stop.CancelAfter(TimeSpan.FromSeconds(timeout));
            context.Response.ContentType = "application/json";
            try
            {
                await context.Response.StartAsync(stop.Token);
                await foreach (var change in channel.Reader.ReadAllAsync(stop.Token))
                {
                    await context.Response.WriteAsync(new JsonObject { ["type"] = change.Type, ["object"] = change.Pod }.ToJsonString() + "\n", stop.Token);
                    await context.Response.Body.FlushAsync(stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Pods.StopWatching(channel);
            }
        }

        private static long? GraceFromBody(HttpContext context)
        {
            if (context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding"))
            {
                return null;
            }

            try
            {
                var body = JsonNode.Parse(new System.IO.StreamReader(context.Request.Body).ReadToEndAsync().GetAwaiter().GetResult());
                return body?["gracePeriodSeconds"]?.GetValue<long>();
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>labelSelector (equality terms) and fieldSelector (metadata.name, spec.nodeName) of a list or watch.</summary>
        private static Func<JsonObject, bool> Selectors(IQueryCollection query)
        {
            var labels = ParseEqualitySelector(query["labelSelector"].ToString());
            Func<JsonObject, bool> fields = FieldSelector(query["fieldSelector"].ToString());
            return pod => fields(pod) && labels.All(term =>
                term.Equal == (pod["metadata"]?["labels"]?[term.Key]?.GetValue<string>() is string value && (term.Value == null || value == term.Value)));
        }

        private static Func<JsonObject, bool> FieldSelector(string selector)
        {
            var terms = ParseEqualitySelector(selector);
            return item => terms.All(term =>
            {
                JsonNode node = item;
                foreach (string part in term.Key.Split('.'))
                {
                    node = node?[part];
                }

                return term.Equal == (node?.GetValue<string>() == term.Value);
            });
        }

        private static JsonObject List(string kind, IEnumerable<JsonObject> items, string version) => new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version },
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        };

        private static async Task WriteJsonAsync(HttpContext context, int code, JsonObject body)
        {
            context.Response.StatusCode = code;
            context.Response.ContentType = "application/json";
            if (body["kind"] == null)
            {
                var typed = new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1" };
                foreach (var property in body.ToList())
                {
                    body.Remove(property.Key);
                    typed[property.Key] = property.Value;
                }

                body = typed;
            }

            await context.Response.WriteAsync(body.ToJsonString());
        }

        /// <summary>The 5 characters the API server appends to a generateName (names.SimpleNameGenerator's alphabet).</summary>
        private static string Suffix(int seed)
        {
            const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
            var random = new Random(seed * 7919);
            return new string(Enumerable.Range(0, 5).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }
    }
}
