using System.Collections.Generic;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.UseCases
{
    /// <summary>Counts the round trips a remote node's evidence takes (for -Verbose); a local reader passes through untouched.</summary>
    internal sealed class RoundTripCount
    {
        public int Count { get; private set; }

        public INodeReader Wrap(INodeReader reader) => reader is IBatchingNodeReader remote ? new Counted(remote, this) : reader;

        private sealed class Counted : IBatchingNodeReader
        {
            private readonly IBatchingNodeReader node;
            private readonly RoundTripCount count;

            public Counted(IBatchingNodeReader node, RoundTripCount count)
            {
                this.node = node;
                this.count = count;
            }

            public void FetchPending()
            {
                count.Count++;
                node.FetchPending();
            }

            public NodeFile TryReadCached(string path) => node.TryReadCached(path);

            public NodeDirectory TryListCached(string path) => node.TryListCached(path);

            public void Prefetch(IEnumerable<string> files, IEnumerable<string> directories) => node.Prefetch(files, directories);

            public NodeFile ReadFile(string path) => node.ReadFile(path);

            public NodeDirectory ListDirectory(string path) => node.ListDirectory(path);

            public IReadOnlyList<NodeProcess> ListProcesses() => node.ListProcesses();
        }
    }
}
