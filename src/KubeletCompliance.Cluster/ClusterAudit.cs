using System;
using System.Linq;
using System.Threading;
using KubeletCompliance.Core.Live;

namespace KubeletCompliance.Cluster
{
    /// <summary>The entry point the cmdlets load by name (see IClusterAudit): adapts <see cref="ClusterAuditor"/> to the core's types.</summary>
    public sealed class ClusterAudit : IClusterAudit
    {
        public bool SkipsTlsVerification(ClusterAuditRequest request) => ClusterAuditor.SkipsTlsVerification(Options(request));

        private static ClusterAuditOptions Options(ClusterAuditRequest request) => new ClusterAuditOptions
        {
            KubeconfigPath = request.KubeconfigPath,
            Context = request.Context,
            NodeName = request.NodeNamePatterns.ToList(),
            LabelSelector = request.LabelSelector,
            ThrottleLimit = request.ThrottleLimit,
            RequestTimeout = request.RequestTimeout,
        };

        public void Run(ClusterAuditRequest request, Action<LiveNodeSetting> onNode, CancellationToken cancellationToken)
        {
            ClusterAuditOptions options = Options(request);
            try
            {
                var nodes = ClusterAuditor.AuditNodes(options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (nodes.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                    {
                        var node = nodes.Current;
                        onNode(new LiveNodeSetting
                        {
                            NodeName = node.NodeName,
                            InternalIP = node.InternalIP,
                            Enabled = node.Enabled,
                            ErrorId = node.ErrorId,
                            Error = node.Error,
                        });
                    }
                }
                finally
                {
                    nodes.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
            catch (ClusterAuditException e)
            {
                throw new ClusterAuditFailure(e.ErrorId, e.Message, e);
            }
        }
    }
}
