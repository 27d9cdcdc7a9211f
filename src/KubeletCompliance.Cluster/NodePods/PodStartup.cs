using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Cluster.NodePods
{
    /// <summary>Creating a node pod and waiting, within a bound, until it runs or it is clear that it never will.</summary>
    internal static class PodStartup
    {
        // A kubelet reports these while the image cannot be had; after the first back-off it is plain that it failed.
        private static readonly HashSet<string> PullFailures = new HashSet<string>(StringComparer.Ordinal)
        {
            "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName", "ErrImagePull",
        };

        private static readonly HashSet<string> StartFailures = new HashSet<string>(StringComparer.Ordinal)
        {
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "CrashLoopBackOff",
        };

        /// <summary>Creates the pod under the name its manifest gives (ours alone, so a lost answer leaves no doubt which pod it is).</summary>
        public static void Create(Kubernetes client, V1Pod pod, string nodeName, NodePodRequest request, CancellationToken cancellationToken)
        {
            string ns = request.Namespace;
            try
            {
                client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: cancellationToken).GetAwaiter().GetResult();
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
            {
                // Our own create, retried after its answer was lost.
            }
            catch (HttpOperationException e) when (e.Response != null)
            {
                string said = ApiStatus.Message(e.Response.Content);
                switch (e.Response.StatusCode)
                {
                    case HttpStatusCode.Forbidden when said.Contains("violates PodSecurity", StringComparison.Ordinal):
                        throw new NodeAccessException(NodeAccessError.PodSecurityRefused, nodeName,
                            "Pod Security Admission refused the node pod in namespace '" + ns + "': it needs host access, which only the 'privileged' level allows. "
                            + "Label the namespace: kubectl label namespace " + ns + " pod-security.kubernetes.io/enforce=privileged --overwrite "
                            + "(deploy/node-pods.yaml creates it so). " + said, e);
                    case HttpStatusCode.Forbidden:
                        throw new NodeAccessException(NodeAccessError.PodForbidden, nodeName,
                            "The API server refused to create the node pod (403): the identity needs 'create' and 'delete' on 'pods' and 'create' on 'pods/exec' in namespace '"
                            + ns + "'; deploy/node-pods.yaml grants exactly that. " + said, e);
                    case HttpStatusCode.NotFound:
                        throw new NodeAccessException(NodeAccessError.NamespaceNotFound, nodeName,
                            "The namespace '" + ns + "' does not exist; the module creates none. Apply deploy/node-pods.yaml, or name an existing namespace with -Namespace. " + said, e);
                    case (HttpStatusCode)429:
                    case HttpStatusCode.ServiceUnavailable:
                        throw new NodeAccessException(NodeAccessError.ApiServerUnavailable, nodeName,
                            "The API server kept refusing to create the node pod (" + (int)e.Response.StatusCode + ") after " + ApiRetryHandler.MaxAttempts + " attempts. " + said, e);
                    default:
                        throw new NodeAccessException(NodeAccessError.PodNotStarted, nodeName,
                            "The API server refused the node pod (" + (int)e.Response.StatusCode + "). " + said, e);
                }
            }
            catch (HttpRequestException e)
            {
                throw new NodeAccessException(NodeAccessError.ApiServerUnavailable, nodeName, "The API server could not be reached to create the node pod: " + e.Message, e);
            }
        }

        /// <summary>Watches the pod until it runs; throws with the kubelet's own words when it cannot, or when the start timeout passes.</summary>
        public static async Task WaitUntilRunningAsync(Kubernetes client, NodePodCluster cluster, string name, string nodeName, NodePodRequest request,
            CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(request.PodStartTimeout);
            DateTime until = DateTime.UtcNow + request.PodStartTimeout;
            string version = null;
            V1Pod last = null;
            string pullError = null;
            while (true)
            {
                int remaining = (int)Math.Ceiling((until - DateTime.UtcNow).TotalSeconds);
                try
                {
                    if (remaining <= 0)
                    {
                        throw new OperationCanceledException();
                    }

                    var watch = client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(request.Namespace, fieldSelector: "metadata.name=" + name,
                        resourceVersion: version, timeoutSeconds: remaining, watch: true, cancellationToken: deadline.Token);
                    bool sawAny = false;
                    // Kept on purpose: with the newer WatchListNamespacedPodAsync a watch cut by an API server restart was
                    // not seen to end (NodePodResilienceTests waited 27 s and counted no retry).
#pragma warning disable CS0618
                    await foreach (var (type, pod) in watch.WatchAsync<V1Pod, V1PodList>(cancellationToken: deadline.Token).ConfigureAwait(false))
#pragma warning restore CS0618
                    {
                        sawAny = true;
                        version = pod.Metadata?.ResourceVersion ?? version;
                        last = pod;
                        if (type == WatchEventType.Deleted)
                        {
                            throw new NodeAccessException(NodeAccessError.NodeGone, nodeName,
                                await cluster.WhatIsGoneAsync(name, nodeName).ConfigureAwait(false) ?? "The pod " + name + " was deleted before it ran.");
                        }

                        if (Judge(pod, name, nodeName, request, ref pullError))
                        {
                            return;
                        }
                    }

                    // The watch ended (its timeout, or a lost connection): start again where it left off.
                    if (!sawAny)
                    {
                        cluster.Traffic.CountRetry();
                        await Task.Delay(ApiRetryHandler.Backoff(2), deadline.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new NodeAccessException(NodeAccessError.PodNotStarted, nodeName,
                        "The node pod " + name + " did not run within " + request.PodStartTimeout.TotalSeconds + " s"
                        + (last == null ? string.Empty : " (phase " + last.Status?.Phase + Waiting(last) + ")") + ". "
                        + await WarningsAsync(client, name, request.Namespace).ConfigureAwait(false));
                }
                catch (Exception e) when ((e is HttpRequestException || e is System.IO.IOException || e is HttpOperationException) && !deadline.IsCancellationRequested)
                {
                    // An API server restart cuts the watch; the retries below the client cover the gap.
                    cluster.Traffic.CountRetry();
                    version = null;
                    await Task.Delay(ApiRetryHandler.Backoff(3), deadline.Token).ConfigureAwait(false);
                }
            }
        }

        /// <returns>True when the pod runs; false to wait on.</returns>
        private static bool Judge(V1Pod pod, string name, string nodeName, NodePodRequest request, ref string pullError)
        {
            string phase = pod.Status?.Phase;
            V1ContainerStatus container = pod.Status?.ContainerStatuses?.FirstOrDefault();
            if (phase == "Running" && container?.State?.Running != null)
            {
                return true;
            }

            if (phase == "Failed" || phase == "Succeeded")
            {
                throw new NodeAccessException(NodeAccessError.PodNotStarted, nodeName,
                    "The node pod " + name + " ended before it could be used (" + phase + "): " + pod.Status.Reason + " " + pod.Status.Message);
            }

            V1ContainerStateWaiting waiting = container?.State?.Waiting;
            if (waiting?.Reason == "ErrImagePull")
            {
                // The pull's own error; the back-off that follows only says that it is waiting.
                pullError = waiting.Message;
            }
            else if (waiting != null && PullFailures.Contains(waiting.Reason))
            {
                throw new NodeAccessException(NodeAccessError.ImagePullFailed, nodeName,
                    "Node '" + nodeName + "' could not pull the image '" + request.Image + "' (" + waiting.Reason + "): the kubelet said: " + (pullError ?? waiting.Message)
                    + " Give an image the nodes can pull with -Image (a mirror in your registry).");
            }

            if (waiting != null && StartFailures.Contains(waiting.Reason))
            {
                throw new NodeAccessException(NodeAccessError.PodNotStarted, nodeName,
                    "The node pod " + name + " could not start its container (" + waiting.Reason + "): " + waiting.Message);
            }

            return false;
        }

        private static string Waiting(V1Pod pod)
        {
            V1ContainerStateWaiting waiting = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting;
            return waiting == null ? string.Empty : ", " + waiting.Reason + (string.IsNullOrEmpty(waiting.Message) ? string.Empty : ": " + waiting.Message);
        }

        /// <summary>The pod's warning events, newest last, as the kubelet wrote them.</summary>
        private static async Task<string> WarningsAsync(Kubernetes client, string name, string ns)
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var events = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=" + name, cancellationToken: deadline.Token).ConfigureAwait(false);
                var warnings = events.Items.Where(e => e.Type == "Warning").OrderBy(e => e.LastTimestamp ?? e.EventTime).Select(e => e.Reason + ": " + e.Message).Distinct().TakeLast(3).ToList();
                return warnings.Count == 0 ? "The pod has no warning events." : "Its events: " + string.Join(" | ", warnings);
            }
            catch (Exception e) when (e is HttpOperationException || e is HttpRequestException || e is OperationCanceledException)
            {
                return "Its events could not be read: " + e.Message;
            }
        }
    }
}
