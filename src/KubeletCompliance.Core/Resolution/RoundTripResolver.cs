using System;
using System.Collections.Generic;
using KubeletCompliance.Core.Distributions;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>
    /// Resolves a remote node in rounds: each round resolves against what has been fetched so far, noting every path
    /// the resolver wanted but did not have; those are fetched together in one round trip and the node is resolved
    /// again. The answer is the one from the round that missed nothing, so it rests only on real evidence, and the
    /// number of round trips is the depth of the node's file references (unit → environment file → config → drop-ins),
    /// not the number of files.
    /// </summary>
    public static class RoundTripResolver
    {
        private const int MaxRounds = 16;

        public static NodeSetting Resolve(IBatchingNodeReader node, NodeResolver resolver)
        {
            node.Prefetch(LikelyEvidence.Files, LikelyEvidence.Directories);
            node.FetchPending();
            for (int round = 0; round < MaxRounds; round++)
            {
                var view = new CachedView(node);
                var setting = resolver.Resolve(view);
                if (view.MissingFiles.Count == 0 && view.MissingDirectories.Count == 0)
                {
                    return setting;
                }

                node.Prefetch(view.MissingFiles, view.MissingDirectories);
                node.FetchPending();
            }

            throw new InvalidOperationException($"The node's files still referred to new files after {MaxRounds} round trips.");
        }

        private sealed class CachedView : INodeReader
        {
            private readonly IBatchingNodeReader node;

            public CachedView(IBatchingNodeReader node)
            {
                this.node = node;
            }

            public List<string> MissingFiles { get; } = new List<string>();
            public List<string> MissingDirectories { get; } = new List<string>();

            public NodeFile ReadFile(string path)
            {
                var file = node.TryReadCached(path);
                if (file != null)
                {
                    return file;
                }

                MissingFiles.Add(path);
                return NodeFile.NotFound(path);
            }

            public NodeDirectory ListDirectory(string path)
            {
                var directory = node.TryListCached(path);
                if (directory != null)
                {
                    return directory;
                }

                MissingDirectories.Add(path);
                return NodeDirectory.Missing(path);
            }

            public IReadOnlyList<NodeProcess> ListProcesses() => node.ListProcesses();
        }
    }
}
