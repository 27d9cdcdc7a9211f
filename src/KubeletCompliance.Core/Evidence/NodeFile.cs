using System;

namespace KubeletCompliance.Core.Evidence
{
    public enum NodeFileState
    {
        Found,
        NotFound,
        Unreadable,
    }

    /// <summary>A file as read from a node. <see cref="Content"/> is set only when <see cref="State"/> is Found.</summary>
    public sealed class NodeFile
    {
        private NodeFile(string path, NodeFileState state, string content, string error, DateTimeOffset? modified)
        {
            Path = path;
            State = state;
            Content = content;
            Error = error;
            Modified = modified;
        }

        public string Path { get; }
        public NodeFileState State { get; }
        public string Content { get; }
        public string Error { get; }
        /// <summary>Last write time, when the transport knows it; used to judge drift against a running kubelet.</summary>
        public DateTimeOffset? Modified { get; }

        public bool Exists => State == NodeFileState.Found;

        public static NodeFile Found(string path, string content, DateTimeOffset? modified = null) =>
            new NodeFile(path, NodeFileState.Found, content ?? string.Empty, null, modified);

        public static NodeFile NotFound(string path) => new NodeFile(path, NodeFileState.NotFound, null, null, null);

        public static NodeFile Unreadable(string path, string error) =>
            new NodeFile(path, NodeFileState.Unreadable, null, error, null);
    }
}
