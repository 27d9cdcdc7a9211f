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
    /// defaults, graceful deletion, watch) and, for each pod, what the kubelet of its node reports as it starts it.
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
        private readonly PodTiming _timing;
        private readonly Random _random = new Random(421);
        private long _version = 1000;
        private int _created;

        public PodStore(Func<string, FakeNode> node, PodTiming timing)
        {
            _node = node;
            _timing = timing;
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
            _ = Task.Run(() => KubeletAsync(ns, name, _node(nodeName)));
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
        private bool Update(string ns, string name, Action<JsonObject> change)
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

        private void Event(JsonObject pod, string type, string reason, string message)
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

        private async Task KubeletAsync(string ns, string name, FakeNode node)
        {
            // No kubelet runs a pod bound to a node that does not exist or is not ready: it stays Pending, unacknowledged.
            if (node == null || !node.Ready || node.Os != "linux")
            {
                return;
            }

            JsonObject pod = Get(ns, name);
            string image = pod["spec"]["containers"][0]["image"].GetValue<string>();
            string container = ContainerName(pod);
            TimeSpan start;
            lock (_random)
            {
                start = _timing.StartMinimum + TimeSpan.FromMilliseconds(_random.NextDouble() * (_timing.StartMaximum - _timing.StartMinimum).TotalMilliseconds);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100, start.TotalMilliseconds / 4)));
            if (!Update(ns, name, p => Status(p, container, image, Waiting("ContainerCreating", null), false)))
            {
                return;
            }

            if (node.Pods == PodBehaviour.NeverStarts)
            {
                Event(pod, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"" + name
                    + "\": plugin type=\"calico\" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized");
                return;
            }

            Event(pod, "Normal", "Pulling", "Pulling image \"" + image + "\"");
            bool unpullable = node.Pods == PodBehaviour.ImagePullFails || image.Contains("does-not-exist", StringComparison.Ordinal);
            await Task.Delay(start / 2);
            if (unpullable)
            {
                string why = "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image + "\": " + image + ": not found";
                for (int attempt = 0; ; attempt++)
                {
                    Event(pod, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + why);
                    Event(pod, "Warning", "Failed", "Error: ErrImagePull");
                    if (!Update(ns, name, p => Status(p, container, image, Waiting("ErrImagePull", "Failed to pull image \"" + image + "\": " + why), false)))
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                    Event(pod, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"");
                    Event(pod, "Warning", "Failed", "Error: ImagePullBackOff");
                    if (!Update(ns, name, p => Status(p, container, image, Waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""), false)))
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(1000 << Math.Min(attempt, 4)));
                }
            }

            Event(pod, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in " + (start / 2).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
            await Task.Delay(start / 2);
            Event(pod, "Normal", "Created", "Created container: " + container);
            Event(pod, "Normal", "Started", "Started container " + container);
            if (!Update(ns, name, p => Status(p, container, image, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Now() } }, true)))
            {
                return;
            }

            long? deadline = pod["spec"]["activeDeadlineSeconds"]?.GetValue<long>();
            if (deadline.HasValue)
            {
                await Task.Delay(TimeSpan.FromSeconds(deadline.Value) - start);
                Event(pod, "Normal", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
                Update(ns, name, p =>
                {
                    Status(p, container, image, new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 137, ["reason"] = "Error", ["finishedAt"] = Now() } }, false);
                    p["status"]["phase"] = "Failed";
                    p["status"]["reason"] = "DeadlineExceeded";
                    p["status"]["message"] = "Pod was active on the node longer than the specified deadline";
                });
            }
        }

        private static JsonObject Waiting(string reason, string message)
        {
            var waiting = new JsonObject { ["reason"] = reason };
            if (message != null)
            {
                waiting["message"] = message;
            }

            return new JsonObject { ["waiting"] = waiting };
        }

        private static void Status(JsonObject pod, string container, string image, JsonObject state, bool running)
        {
            JsonObject status = pod["status"].AsObject();
            status["phase"] = running ? "Running" : "Pending";
            status["hostIP"] = "127.1.0.1";
            status["startTime"] ??= Now();
            if (running)
            {
                status["podIP"] = "10.244.0." + (Math.Abs(pod["metadata"]["name"].GetValue<string>().GetHashCode()) % 250 + 2);
            }

            string ready = running ? "True" : "False";
            status["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", running ? "True" : "False"),
                Condition("Initialized", "True"),
                Condition("Ready", ready, running ? null : "ContainersNotReady", running ? null : "containers with unready status: [" + container + "]"),
                Condition("ContainersReady", ready, running ? null : "ContainersNotReady", running ? null : "containers with unready status: [" + container + "]"),
                Condition("PodScheduled", "True"));
            status["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = container,
                ["image"] = image,
                ["imageID"] = running ? image : "",
                ["ready"] = running,
                ["started"] = running,
                ["restartCount"] = 0,
                ["state"] = state,
            });
        }

        private static JsonObject Condition(string type, string status, string reason = null, string message = null)
        {
            var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = Now() };
            if (reason != null)
            {
                condition["reason"] = reason;
                condition["message"] = message;
            }

            return condition;
        }

        private static string ContainerName(JsonObject pod) => pod["spec"]["containers"][0]["name"].GetValue<string>();

        internal static string Now(TimeSpan offset = default) =>
            (DateTime.UtcNow + offset).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>How long a stand-in kubelet takes from a pod's creation to its container running.</summary>
    public sealed class PodTiming
    {
        public TimeSpan StartMinimum { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan StartMaximum { get; set; } = TimeSpan.FromMilliseconds(400);
    }
}
