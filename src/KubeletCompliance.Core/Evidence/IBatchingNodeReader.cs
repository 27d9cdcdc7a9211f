using System.Collections.Generic;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>
    /// A reader for which every read is a network round trip (SSH). It can say what it already holds and fetch
    /// many paths together, so <see cref="Resolution.RoundTripResolver"/> resolves a node in a few round trips
    /// instead of one per file.
    /// </summary>
    public interface IBatchingNodeReader : INodeReader
    {
        /// <summary>The file if it has been fetched already, else null; never goes to the node.</summary>
        NodeFile TryReadCached(string path);

        /// <summary>The directory if it has been listed already, else null; never goes to the node.</summary>
        NodeDirectory TryListCached(string path);

        /// <summary>Files and directories to fetch together with the next round trip.</summary>
        void Prefetch(IEnumerable<string> files, IEnumerable<string> directories);

        /// <summary>Runs one round trip for everything prefetched (and the process list, the first time).</summary>
        void FetchPending();
    }
}
