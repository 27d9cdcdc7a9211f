using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace KubeletCompliance.StandIns.Pods
{
    /// <summary>
    /// What the kubelet of a pod's node reports as it starts the pod: the status changes and events of pulling the
    /// image and running the container, or of the node's <see cref="PodBehaviour"/> failure, in the time
    /// <see cref="PodTiming"/> allows.
    /// </summary>
    public sealed class PodKubelet
    {
        private readonly PodStore _store;
        private readonly PodTiming _timing;
        private readonly Random _random = new Random(421);

        public PodKubelet(PodStore store, PodTiming timing)
        {
            _store = store;
            _timing = timing;
        }

        public async Task StartAsync(string ns, string name, FakeNode node)
        {
            // No kubelet runs a pod bound to a node that does not exist or is not ready: it stays Pending, unacknowledged.
            if (node == null || !node.Ready || node.Os != "linux")
            {
                return;
            }

            JsonObject pod = _store.Get(ns, name);
            string image = pod["spec"]["containers"][0]["image"].GetValue<string>();
            string container = PodStore.ContainerName(pod);
            TimeSpan start;
            lock (_random)
            {
                start = _timing.StartMinimum + TimeSpan.FromMilliseconds(_random.NextDouble() * (_timing.StartMaximum - _timing.StartMinimum).TotalMilliseconds);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100, start.TotalMilliseconds / 4)));
            if (!_store.Update(ns, name, p => Status(p, container, image, Waiting("ContainerCreating", null), false)))
            {
                return;
            }

            if (node.Pods == PodBehaviour.NeverStarts)
            {
                _store.Event(pod, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"" + name
                    + "\": plugin type=\"calico\" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized");
                return;
            }

            _store.Event(pod, "Normal", "Pulling", "Pulling image \"" + image + "\"");
            bool unpullable = node.Pods == PodBehaviour.ImagePullFails || image.Contains("does-not-exist", StringComparison.Ordinal);
            await Task.Delay(start / 2);
            if (unpullable)
            {
                string why = "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image + "\": " + image + ": not found";
                for (int attempt = 0; ; attempt++)
                {
                    _store.Event(pod, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + why);
                    _store.Event(pod, "Warning", "Failed", "Error: ErrImagePull");
                    if (!_store.Update(ns, name, p => Status(p, container, image, Waiting("ErrImagePull", "Failed to pull image \"" + image + "\": " + why), false)))
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                    _store.Event(pod, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"");
                    _store.Event(pod, "Warning", "Failed", "Error: ImagePullBackOff");
                    if (!_store.Update(ns, name, p => Status(p, container, image, Waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""), false)))
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(1000 << Math.Min(attempt, 4)));
                }
            }

            _store.Event(pod, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in " + (start / 2).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
            await Task.Delay(start / 2);
            _store.Event(pod, "Normal", "Created", "Created container: " + container);
            _store.Event(pod, "Normal", "Started", "Started container " + container);
            if (!_store.Update(ns, name, p => Status(p, container, image, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = PodStore.Now() } }, true)))
            {
                return;
            }

            long? deadline = pod["spec"]["activeDeadlineSeconds"]?.GetValue<long>();
            if (deadline.HasValue)
            {
                await Task.Delay(TimeSpan.FromSeconds(deadline.Value) - start);
                _store.Event(pod, "Normal", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
                _store.Update(ns, name, p =>
                {
                    Status(p, container, image, new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 137, ["reason"] = "Error", ["finishedAt"] = PodStore.Now() } }, false);
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
            status["startTime"] ??= PodStore.Now();
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
            var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = PodStore.Now() };
            if (reason != null)
            {
                condition["reason"] = reason;
                condition["message"] = message;
            }

            return condition;
        }
    }

    /// <summary>How long a stand-in kubelet takes from a pod's creation to its container running.</summary>
    public sealed class PodTiming
    {
        public TimeSpan StartMinimum { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan StartMaximum { get; set; } = TimeSpan.FromMilliseconds(400);
    }
}
