namespace KubeletCompliance.Cluster
{
    /// <summary>Stable identifiers for what went wrong, for scripts that branch on them and for PowerShell ErrorIds.</summary>
    public static class ClusterErrorIds
    {
        /// <summary>The kubeconfig could not be read, has no such context, or its credential plugin failed.</summary>
        public const string KubeconfigInvalid = "KubeconfigInvalid";
        /// <summary>No HTTP answer from the API server: DNS, connection, TLS (including an unknown certificate authority) or time-out.</summary>
        public const string ApiServerUnreachable = "ApiServerUnreachable";
        /// <summary>The API server did not accept the credentials (401).</summary>
        public const string ApiServerUnauthorized = "ApiServerUnauthorized";
        /// <summary>The identity may not <c>list</c> <c>nodes</c> (403).</summary>
        public const string NodeListForbidden = "NodeListForbidden";
        /// <summary>The identity may not <c>get</c> <c>nodes/proxy</c> for this node (403).</summary>
        public const string ConfigzForbidden = "ConfigzForbidden";
        /// <summary>The API server could not fetch the node's /configz: the kubelet is down, unreachable or slow.</summary>
        public const string ConfigzUnavailable = "ConfigzUnavailable";
        /// <summary>/configz answered, but not with a kubelet configuration naming authentication.anonymous.enabled.</summary>
        public const string ConfigzMalformed = "ConfigzMalformed";
    }
}
