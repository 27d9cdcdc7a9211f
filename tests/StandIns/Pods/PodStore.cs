using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace KubeletCompliance.StandIns.Pods
{
    /// <summary>
    /// The pods and events of the API server stand-in, with the API server's bookkeeping (uid, resourceVersion,
    /// defaults, graceful deletion, watch); each pod is handed to its node's <see cref="PodKubelet"/> to start.
    /// </summary>
    public sealed class PodStore
    {
        private readonly object _gate = new object();
        private readonly Dictionary<(string Namespace, string Name), JsonObject> _pods = new Dictionary<(string, string), JsonObject>();
        private readonly List<(long Version, string Type, JsonObject Pod)> _history = new List<(long, string, JsonObject)>();
        private readonly List<(Func<JsonObject, bool> Matches, ChannelWriter<(string, JsonObject)> Writer)> _watchers =
            new List<(Func<JsonObject, bool>, ChannelWriter<(string, JsonObject)>)>();
        private readonly List<JsonObject> _events = new List<JsonObject>();
        private readonly Func<string, FakeNode> _node;
        private readonly PodKubelet _kubelet;
        private long _version = 1000;
        private int _created;

        public PodStore(Func<string, FakeNode> node, PodTiming timing)
        {
            _node = node;
            _kubelet = new PodKubelet(this, timing);
        }

        /// <summary>Pods created since the start, whatever became of them.</summary>
        public int Created => Volatile.Read(ref _created);

        public IReadOnlyList<JsonObject> Snapshot()
        {
            lock (_gate)
            {
                return _pods.Values.Select(p => (JsonObject)p.DeepClone()).ToList();
            }
        }

        public JsonObject Get(string ns, string name)
        {
            lock (_gate)
            {
                return _pods.TryGetValue((ns, name), out JsonObject pod) ? (JsonObject)pod.DeepClone() : null;
            }
        }

        /// <summary>Names a pod (generateName), fills the defaults, stores it and starts its kubelet's work; null when the name is taken.</summary>
        public JsonObject Create(string ns, JsonObject pod, string name)
        {
            JsonObject metadata = pod["metadata"] as JsonObject ?? new JsonObject();
            pod["metadata"] = metadata;
            metadata["name"] = name;
            metadata["namespace"] = ns;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Now();
            JsonObject spec = pod["spec"] as JsonObject ?? new JsonObject();
            pod["spec"] = spec;
            spec["restartPolicy"] ??= "Always";
            spec["terminationGracePeriodSeconds"] ??= 30;
            spec["dnsPolicy"] ??= "ClusterFirst";
            spec["schedulerName"] ??= "default-scheduler";
            foreach (JsonObject container in (spec["containers"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["imagePullPolicy"] ??= (container["image"]?.GetValue<string>() ?? "").EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
            }

            pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "Burstable" };
            var stop = new CancellationTokenSource();
            lock (_gate)
            {
                if (_pods.ContainsKey((ns, name)))
                {
                    return null;
                }

                _pods[(ns, name)] = pod;
                Publish("ADDED", pod);
                _created++;
            }

            string nodeName = spec["nodeName"]?.GetValue<string>();
            _ = Task.Run(() => _kubelet.StartAsync(ns, name, _node(nodeName)));
            return (JsonObject)pod.DeepClone();
        }

        /// <summary>Graceful deletion as the API server does it: a pod that no kubelet runs, or a grace period of 0, goes at once.</summary>
        public JsonObject Delete(string ns, string name, long? gracePeriodSeconds)
        {
            JsonObject pod;
            lock (_gate)
            {
                if (!_pods.TryGetValue((ns, name), out pod))
                {
                    return null;
                }

                long grace = gracePeriodSeconds ?? pod["spec"]["terminationGracePeriodSeconds"].GetValue<long>();
                if (grace <= 0 || pod["status"]["phase"].GetValue<string>() != "Running")
                {
                    Remove(ns, name);
                    return (JsonObject)pod.DeepClone();
                }

                pod["metadata"]["deletionTimestamp"] = Now(TimeSpan.FromSeconds(grace));
                pod["metadata"]["deletionGracePeriodSeconds"] = grace;
                Publish("MODIFIED", pod);
                _ = Task.Delay(TimeSpan.FromSeconds(Math.Min(grace, 2))).ContinueWith(_ => { lock (_gate) { Remove(ns, name); } });
                return (JsonObject)pod.DeepClone();
            }
        }

        /// <summary>What the pod garbage collector does when a node is deleted: its pods go with it.</summary>
        public void CollectPodsOf(string nodeName)
        {
            lock (_gate)
            {
                foreach (var key in _pods.Where(p => p.Value["spec"]["nodeName"]?.GetValue<string>() == nodeName).Select(p => p.Key).ToList())
                {
                    Remove(key.Namespace, key.Name);
                }
            }
        }

        public IReadOnlyList<JsonObject> List(string ns, Func<JsonObject, bool> matches, out long version)
        {
            lock (_gate)
            {
                version = _version;
                return _pods.Where(p => ns == null || p.Key.Namespace == ns).Select(p => p.Value).Where(matches)
                    .Select(p => (JsonObject)p.DeepClone()).ToList();
            }
        }

        /// <summary>
        /// The events of a watch: with no resourceVersion (or "0") the current matching pods as ADDED first, otherwise
        /// every change after that version; then each change as it happens.
        /// </summary>
        public Channel<(string Type, JsonObject Pod)> Watch(string ns, Func<JsonObject, bool> selector, string resourceVersion)
        {
            var channel = Channel.CreateUnbounded<(string Type, JsonObject Pod)>();
            bool Matches(JsonObject pod) => (ns == null || pod["metadata"]["namespace"].GetValue<string>() == ns) && selector(pod);
            lock (_gate)
            {
                if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
                {
                    foreach (JsonObject pod in _pods.Values.Where(Matches))
                    {
                        channel.Writer.TryWrite(("ADDED", (JsonObject)pod.DeepClone()));
                    }
                }
                else
                {
                    long after = long.Parse(resourceVersion, CultureInfo.InvariantCulture);
                    foreach (var change in _history.Where(h => h.Version > after && Matches(h.Pod)))
                    {
                        channel.Writer.TryWrite((change.Type, (JsonObject)change.Pod.DeepClone()));
                    }
                }

                _watchers.Add((Matches, channel.Writer));
            }

            return channel;
        }

        public void StopWatching(Channel<(string, JsonObject)> channel)
        {
            lock (_gate)
            {
                _watchers.RemoveAll(w => ReferenceEquals(w.Writer, channel.Writer));
            }
        }

        public IReadOnlyList<JsonObject> Events(string ns, Func<JsonObject, bool> matches)
        {
            lock (_gate)
            {
                return _events.Where(e => e["metadata"]["namespace"].GetValue<string>() == ns && matches(e)).Select(e => (JsonObject)e.DeepClone()).ToList();
            }
        }

        private void Remove(string ns, string name)
        {
            if (_pods.Remove((ns, name), out JsonObject pod))
            {
                Publish("DELETED", pod);
            }
        }

        private void Publish(string type, JsonObject pod)
        {
            pod["metadata"]["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
            var copy = (JsonObject)pod.DeepClone();
            _history.Add((_version, type, copy));
            foreach (var watcher in _watchers.Where(w => w.Matches(copy)))
            {
                watcher.Writer.TryWrite((type, (JsonObject)copy.DeepClone()));
            }
        }

        /// <summary>Changes a pod's status as its kubelet would; false when the pod is gone (deleted meanwhile).</summary>
        internal bool Update(string ns, string name, Action<JsonObject> change)
        {
            lock (_gate)
            {
                if (!_pods.TryGetValue((ns, name), out JsonObject pod) || pod["metadata"]["deletionTimestamp"] != null)
                {
                    return false;
                }

                change(pod);
                Publish("MODIFIED", pod);
                return true;
            }
        }

        /// <summary>Records an event about a pod as its kubelet reports it; a repeat counts up the one before.</summary>
        internal void Event(JsonObject pod, string type, string reason, string message)
        {
            lock (_gate)
            {
                string ns = pod["metadata"]["namespace"].GetValue<string>();
                string name = pod["metadata"]["name"].GetValue<string>();
                JsonObject existing = _events.FirstOrDefault(e => e["involvedObject"]["name"].GetValue<string>() == name
                    && e["reason"].GetValue<string>() == reason && e["message"].GetValue<string>() == message);
                if (existing != null)
                {
                    existing["count"] = existing["count"].GetValue<int>() + 1;
                    existing["lastTimestamp"] = Now();
                    return;
                }

                _events.Add(new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = name + "." + (++_version).ToString("x", CultureInfo.InvariantCulture), ["namespace"] = ns },
                    ["involvedObject"] = new JsonObject
                    {
                        ["kind"] = "Pod", ["namespace"] = ns, ["name"] = name, ["uid"] = pod["metadata"]["uid"].GetValue<string>(),
                        ["apiVersion"] = "v1", ["fieldPath"] = "spec.containers{" + ContainerName(pod) + "}",
                    },
                    ["reason"] = reason,
                    ["message"] = message,
                    ["type"] = type,
                    ["count"] = 1,
                    ["firstTimestamp"] = Now(),
                    ["lastTimestamp"] = Now(),
                    ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = pod["spec"]["nodeName"]?.GetValue<string>() },
                });
            }
        }

        internal static string ContainerName(JsonObject pod) => pod["spec"]["containers"][0]["name"].GetValue<string>();

        internal static string Now(TimeSpan offset = default) =>
            (DateTime.UtcNow + offset).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
