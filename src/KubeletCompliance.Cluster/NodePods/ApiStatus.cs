namespace KubeletCompliance.Cluster.NodePods
{
    internal static class ApiStatus
    {
        /// <summary>"The API server said: ..." from a Status body, for error messages.</summary>
        public static string Message(string body) => ClusterAuditor.StatusMessage(body);
    }
}
