using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Transports.NodePods;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Cluster.NodePods
{
    /// <summary>The entry point the cmdlets load by name (see INodePodClusterFactory).</summary>
    public sealed class NodePodClusterFactory : INodePodClusterFactory
    {
        public INodePodCluster Connect(ClusterAuditRequest request, NodePodRequest pods) => NodePodCluster.Connect(request, pods);
    }

    /// <summary>One API client for a run: lists nodes, makes a pod per node, deletes it when its channel is disposed.</summary>
    internal sealed class NodePodCluster : INodePodCluster
    {
        private readonly Kubernetes _client;
        private readonly ClusterAuditRequest _selection;
        private readonly NodePodRequest _pods;
        private readonly ConcurrentQueue<string> _undeleted = new ConcurrentQueue<string>();
        // Counts pods being created or started (each deletes its own pod when it fails or is cancelled) and deletions
        // in flight; ConfirmDeletions and Dispose wait until both are zero.
        private readonly object _deletions = new object();
        private int _opening;
        private int _deleting;

        private NodePodCluster(Kubernetes client, ClusterAuditRequest selection, NodePodRequest pods, ApiTraffic traffic)
        {
            _client = client;
            _selection = selection;
            _pods = pods;
            Traffic = traffic;
        }

        public ApiTraffic Traffic { get; }

        public IReadOnlyList<string> ConfirmDeletions()
        {
            lock (_deletions)
            {
                while (_deleting > 0 || _opening > 0)
                {
                    Monitor.Wait(_deletions);
                }
            }

            return _undeleted.ToList();
        }

        public static NodePodCluster Connect(ClusterAuditRequest request, NodePodRequest pods)
        {
            KubernetesClientConfiguration configuration;
            try
            {
                configuration = ClusterAuditor.LoadConfiguration(new ClusterAuditOptions { KubeconfigPath = request.KubeconfigPath, Context = request.Context });
            }
            catch (ClusterAuditException e)
            {
                throw new ClusterAuditFailure(e.ErrorId, e.Message, e);
            }

            var traffic = new ApiTraffic();
            var client = new Kubernetes(configuration, new ApiRetryHandler(traffic))
            {
                // kubectl offers v5 first and falls back to v4 on API servers older than 1.30.
                CreateWebSocketBuilder = () => new ChannelProtocols(),
            };
            return new NodePodCluster(client, request, pods, traffic);
        }

        public IReadOnlyList<ClusterNode> SelectedNodes(CancellationToken cancellationToken)
        {
            var options = new ClusterAuditOptions
            {
                KubeconfigPath = _selection.KubeconfigPath,
                Context = _selection.Context,
                NodeName = _selection.NodeNamePatterns.ToList(),
                LabelSelector = _selection.LabelSelector,
            };
            try
            {
                return ClusterAuditor.ListNodesAsync(_client, options, cancellationToken).GetAwaiter().GetResult().Select(ToClusterNode).ToList();
            }
            catch (ClusterAuditException e)
            {
                throw new ClusterAuditFailure(e.ErrorId, e.Message, e);
            }
        }

        public ClusterNode Node(string name, CancellationToken cancellationToken)
        {
            try
            {
                return ToClusterNode(_client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).GetAwaiter().GetResult());
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            catch (HttpOperationException e) when (e.Response != null)
            {
                throw new NodeAccessException(e.Response.StatusCode == HttpStatusCode.Forbidden ? NodeAccessError.PodForbidden : NodeAccessError.ApiServerUnavailable, name,
                    "The API server answered the request for node '" + name + "' with " + (int)e.Response.StatusCode + ". " + ApiStatus.Message(e.Response.Content), e);
            }
            catch (HttpRequestException e)
            {
                throw new NodeAccessException(NodeAccessError.ApiServerUnavailable, name, "The API server could not be reached: " + e.Message, e);
            }
        }

        public IShellChannel OpenPod(ClusterNode node, bool writable, CancellationToken cancellationToken)
        {
            if (!node.Ready)
            {
                throw new NodeAccessException(NodeAccessError.NodeNotReady, node.Name,
                    "Node '" + node.Name + "' is not Ready (" + node.Readiness + "): no pod can start there, so none was created.");
            }

            lock (_deletions)
            {
                _opening++;
            }

            V1Pod manifest = NodePodManifest.Build(node.Name, writable, _pods);
            bool created = false;
            try
            {
                PodStartup.Create(_client, manifest, node.Name, _pods, cancellationToken);
                created = true;
                PodStartup.WaitUntilRunningAsync(_client, this, manifest.Metadata.Name, node.Name, _pods, cancellationToken).GetAwaiter().GetResult();
                return new PodExecChannel(_client, this, _pods, manifest.Metadata.Name, node.Name);
            }
            catch (Exception e)
            {
                // A create cut off by Ctrl+C or a lost connection may still have made the pod: its name is ours, so it is
                // deleted by name (a 404 if it was not made). A create the API server refused made nothing.
                if (created || e is OperationCanceledException || (e is NodeAccessException refused && refused.Error == NodeAccessError.ApiServerUnavailable))
                {
                    DeletePod(manifest.Metadata.Name, node.Name);
                }

                throw;
            }
            finally
            {
                lock (_deletions)
                {
                    _opening--;
                    Monitor.PulseAll(_deletions);
                }
            }
        }

        public async Task<LiveNodeSetting> ConfigzAsync(ClusterNode node, CancellationToken cancellationToken)
        {
            NodeConfigz answer = await ClusterAuditor.AskNodeAsync(_client, node.Name, node.InternalIP, _selection.RequestTimeout,
                new ClusterAuditOptions().MaxConfigzBytes, cancellationToken).ConfigureAwait(false);
            return new LiveNodeSetting { NodeName = answer.NodeName, InternalIP = answer.InternalIP, Enabled = answer.Enabled, ErrorId = answer.ErrorId, Error = answer.Error };
        }

        public IReadOnlyList<NodePodInfo> ListPods(CancellationToken cancellationToken)
        {
            V1PodList pods;
            try
            {
                pods = _client.CoreV1.ListNamespacedPodAsync(_pods.Namespace, labelSelector: NodePodManifest.Selector, cancellationToken: cancellationToken)
                    .GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpOperationException || e is HttpRequestException)
            {
                throw PodsRefused(e, "list", _pods.Namespace);
            }

            return pods.Items.Select(pod =>
            {
                string component = null;
                pod.Metadata.Labels?.TryGetValue("app.kubernetes.io/component", out component);
                return new NodePodInfo(pod.Metadata.Name, pod.Metadata.NamespaceProperty ?? _pods.Namespace, pod.Spec?.NodeName ?? string.Empty,
                    component ?? string.Empty, pod.Status?.Phase ?? "Unknown", pod.Metadata.CreationTimestamp?.ToUniversalTime());
            }).ToList();
        }

        public bool RemovePod(NodePodInfo pod, CancellationToken cancellationToken)
        {
            try
            {
                _client.CoreV1.DeleteNamespacedPodAsync(pod.Name, pod.Namespace, gracePeriodSeconds: 0, cancellationToken: cancellationToken).GetAwaiter().GetResult();
                return true;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            catch (Exception e) when (e is HttpOperationException || e is HttpRequestException)
            {
                throw PodsRefused(e, "delete", pod.Name);
            }
        }

        /// <summary>Why listing or deleting node pods failed, with the id the catalog gives it.</summary>
        private NodeAccessException PodsRefused(Exception e, string verb, string target)
        {
            var status = (e as HttpOperationException)?.Response?.StatusCode;
            string said = (e as HttpOperationException)?.Response == null ? e.Message : ApiStatus.Message(((HttpOperationException)e).Response.Content);
            switch (status)
            {
                case HttpStatusCode.Forbidden:
                    return new NodeAccessException(NodeAccessError.PodForbidden, target,
                        "The API server refused to " + verb + " pods in namespace '" + _pods.Namespace + "' (403): the identity needs '" + verb + "' on 'pods' there (deploy/node-pods.yaml). " + said, e);
                case HttpStatusCode.NotFound:
                    return new NodeAccessException(NodeAccessError.NamespaceNotFound, target, "The namespace '" + _pods.Namespace + "' does not exist. " + said, e);
                default:
                    return new NodeAccessException(NodeAccessError.ApiServerUnavailable, target,
                        "The API server could not " + verb + " pods in namespace '" + _pods.Namespace + "'" + (status == null ? ": " : " (" + (int)status + "): ") + said, e);
            }
        }

        /// <summary>
        /// Starts deleting a pod a node is done with and returns: the node's slot goes to the next node instead of
        /// waiting for the API server's answer, which <see cref="ConfirmDeletions"/> collects. At most as many
        /// deletions as the throttle limit are in flight; one more waits here for a free one.
        /// </summary>
        internal void BeginDelete(string name, string nodeName)
        {
            lock (_deletions)
            {
                while (_deleting >= Math.Max(1, _selection.ThrottleLimit))
                {
                    Monitor.Wait(_deletions);
                }

                _deleting++;
            }

            Task.Run(async () =>
            {
                try
                {
                    await DeletePodAsync(name, nodeName).ConfigureAwait(false);
                }
                finally
                {
                    lock (_deletions)
                    {
                        _deleting--;
                        Monitor.PulseAll(_deletions);
                    }
                }
            });
        }

        internal void DeletePod(string name, string nodeName) => DeletePodAsync(name, nodeName).GetAwaiter().GetResult();

        /// <summary>
        /// Deletes a pod without waiting for it to end (grace period 0: it only sleeps). Runs even after Ctrl+C, with its
        /// own short deadline; a pod that cannot be deleted is reported, and ends by its activeDeadlineSeconds.
        /// </summary>
        private async Task DeletePodAsync(string name, string nodeName)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _client.CoreV1.DeleteNamespacedPodAsync(name, _pods.Namespace, gracePeriodSeconds: 0, cancellationToken: deadline.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
            }
            catch (HttpOperationException e) when (e.Response != null)
            {
                _undeleted.Enqueue("pod " + name + " on node " + nodeName + ": the API server answered its deletion with " + (int)e.Response.StatusCode
                    + (e.Response.StatusCode == HttpStatusCode.Forbidden ? " (the identity needs 'delete' on 'pods')" : string.Empty) + ". " + ApiStatus.Message(e.Response.Content));
            }
            catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException || e is ObjectDisposedException)
            {
                _undeleted.Enqueue("pod " + name + " on node " + nodeName + ": not deleted, the API server could not be reached (" + e.Message + ")");
            }
        }

        /// <summary>A sentence saying the pod or its node disappeared, or null when both are still there.</summary>
        internal async Task<string> WhatIsGoneAsync(string podName, string nodeName)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                V1Pod pod = await _client.CoreV1.ReadNamespacedPodAsync(podName, _pods.Namespace, cancellationToken: deadline.Token).ConfigureAwait(false);
                return pod.Status?.Phase == "Failed"
                    ? "The pod " + podName + " on node '" + nodeName + "' failed during the run: " + pod.Status.Reason + " " + pod.Status.Message
                    : null;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
            }
            catch (Exception e) when (e is HttpOperationException || e is HttpRequestException || e is OperationCanceledException)
            {
                return null;
            }

            bool nodeExists;
            try
            {
                await _client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: deadline.Token).ConfigureAwait(false);
                nodeExists = true;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                nodeExists = false;
            }
            catch (Exception e) when (e is HttpOperationException || e is HttpRequestException || e is OperationCanceledException)
            {
                nodeExists = true;
            }

            return nodeExists
                ? "The pod " + podName + " on node '" + nodeName + "' was deleted during the run (evicted, or removed by someone else)."
                : "Node '" + nodeName + "' was deleted during the run, and its pod " + podName + " with it.";
        }

        private static ClusterNode ToClusterNode(V1Node node)
        {
            string os = null;
            node.Metadata?.Labels?.TryGetValue("kubernetes.io/os", out os);
            os ??= node.Status?.NodeInfo?.OperatingSystem ?? "linux";
            V1NodeCondition ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            string internalIP = node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;
            return new ClusterNode(node.Metadata.Name, internalIP, os, ready?.Status == "True",
                ready == null ? "no Ready condition" : "Ready=" + ready.Status + ", " + ready.Reason + ": " + ready.Message);
        }

        /// <summary>
        /// Waits for the deletions still in flight and for pods still starting (after Ctrl+C each deletes its own pod;
        /// every deletion has its own deadline), then closes the client.
        /// </summary>
        public void Dispose()
        {
            ConfirmDeletions();
            _client.Dispose();
        }

        /// <summary>
        /// Offers v4 beside the v5 the client asks for, as kubectl does, and keeps the HTTP status of a refused
        /// upgrade (403, 404, 429), which ClientWebSocket otherwise reduces to a message.
        /// </summary>
        private sealed class ChannelProtocols : WebSocketBuilder
        {
            public override async Task<WebSocket> BuildAndConnectAsync(Uri uri, CancellationToken cancellationToken)
            {
                Options.AddSubProtocol(WebSocketProtocol.V4BinaryWebsocketProtocol);
                Options.CollectHttpResponseDetails = true;
                try
                {
                    return await base.BuildAndConnectAsync(uri, cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException e) when (WebSocket.HttpStatusCode != 0 && WebSocket.HttpStatusCode != HttpStatusCode.SwitchingProtocols)
                {
                    throw new ExecRefusedException(WebSocket.HttpStatusCode, uri, e);
                }
            }
        }
    }

    /// <summary>The API server answered an exec upgrade with an HTTP status instead of switching protocols.</summary>
    internal sealed class ExecRefusedException : Exception
    {
        public ExecRefusedException(HttpStatusCode status, Uri uri, Exception inner)
            : base("The API server answered the exec request with " + (int)status + ".", inner)
        {
            Status = status;
            Uri = uri;
        }

        public HttpStatusCode Status { get; }
        public Uri Uri { get; }
    }
}
