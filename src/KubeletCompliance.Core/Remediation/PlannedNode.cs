using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Remediation
{
    /// <summary>A node as it will read once a plan's edits are made: the real node with the planned texts substituted.</summary>
    internal sealed class PlannedNode : INodeReader
    {
        private readonly INodeReader node;
        private readonly IReadOnlyDictionary<string, string> planned;

        public PlannedNode(INodeReader node, IReadOnlyDictionary<string, string> planned)
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
