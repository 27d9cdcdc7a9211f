using System;
using System.Collections.Generic;
using System.Linq;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>A node as it will read once some files are written: a plan's edits, or files a distribution writes when it starts.</summary>
    public sealed class OverlayNode : INodeReader
    {
        private readonly INodeReader node;
        private readonly IReadOnlyDictionary<string, string> planned;

        public OverlayNode(INodeReader node, IReadOnlyDictionary<string, string> planned)
        {
            this.node = node;
            this.planned = planned;
        }

        public NodeFile ReadFile(string path)
        {
            string nodePath = NodePath.Normalize(path);
            return planned.TryGetValue(nodePath, out string content) ? NodeFile.Found(nodePath, content) : node.ReadFile(nodePath);
        }

        public NodeDirectory ListDirectory(string path)
        {
            string nodePath = NodePath.Normalize(path);
            var listing = node.ListDirectory(nodePath);
            var created = planned.Keys
                .Where(file => NodePath.Directory(file) == nodePath)
                .Select(file => file.Substring(file.LastIndexOf('/') + 1))
                .Where(name => listing.Entries.All(entry => entry.Name != name))
                .Select(name => new NodeDirectoryEntry(name, false))
                .ToList();
            return created.Count == 0 || listing.Error != null
                ? listing
                : new NodeDirectory(nodePath, true, listing.Entries.Concat(created).ToList());
        }

        public IReadOnlyList<NodeProcess> ListProcesses() => node.ListProcesses();
    }
}
