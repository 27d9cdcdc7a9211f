using System;

namespace KubeletCompliance.Cluster
{
    /// <summary>A failure that stops the whole audit, before any node could be asked.</summary>
    public sealed class ClusterAuditException : Exception
    {
        public ClusterAuditException(string errorId, string message, Exception innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        /// <summary>One of <see cref="Core.Errors.ErrorIds"/>.</summary>
        public string ErrorId { get; }
    }
}
