namespace KubeletCompliance.Cluster
{
    /// <summary>One node's answer: the running kubelet's anonymous setting as its /configz reports it, or why there is none.</summary>
    public sealed class NodeConfigz
    {
        internal NodeConfigz(string nodeName, string internalIP, bool? enabled, int? statusCode, string errorId, string error)
        {
            NodeName = nodeName;
            InternalIP = internalIP;
            Enabled = enabled;
            StatusCode = statusCode;
            ErrorId = errorId;
            Error = error;
        }

        public string NodeName { get; }
        /// <summary>The node's InternalIP address as the node object lists it, unparsed; null when it lists none.</summary>
        public string InternalIP { get; }
        /// <summary><c>authentication.anonymous.enabled</c> of the running kubelet; null when <see cref="Error"/> is set.</summary>
        public bool? Enabled { get; }
        /// <summary>The API server's HTTP status for the /configz request; null when it gave none.</summary>
        public int? StatusCode { get; }
        /// <summary>One of <see cref="Core.Errors.ErrorIds"/>, or null.</summary>
        public string ErrorId { get; }
        public string Error { get; }

        public override string ToString() =>
            NodeName + ": " + (ErrorId == null ? "anonymous " + (Enabled == true ? "enabled" : "disabled") : ErrorId + " " + Error);
    }
}
