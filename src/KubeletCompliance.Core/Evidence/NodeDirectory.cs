using System;
using System.Collections.Generic;

namespace KubeletCompliance.Core.Evidence
{
    public sealed class NodeDirectoryEntry
    {
        public NodeDirectoryEntry(string name, bool isDirectory)
        {
            Name = name;
            IsDirectory = isDirectory;
        }

        public string Name { get; }
        /// <summary>A real directory; a symlink to a directory is reported as not a directory, as Go's WalkDir treats it.</summary>
        public bool IsDirectory { get; }
    }

    /// <summary>One directory's entries; <see cref="Exists"/> is false for a missing directory, <see cref="Error"/> set when it could not be listed.</summary>
    public sealed class NodeDirectory
    {
        public NodeDirectory(string path, bool exists, IReadOnlyList<NodeDirectoryEntry> entries, string error = null)
        {
            Path = path;
            Exists = exists;
            Entries = entries ?? Array.Empty<NodeDirectoryEntry>();
            Error = error;
        }

        public string Path { get; }
        public bool Exists { get; }
        public IReadOnlyList<NodeDirectoryEntry> Entries { get; }
        public string Error { get; }

        public static NodeDirectory Missing(string path) => new NodeDirectory(path, false, null);
    }
}
