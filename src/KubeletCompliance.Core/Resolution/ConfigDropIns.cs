using System;
using System.Collections.Generic;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Resolution
{
    /// <summary>
    /// The files the kubelet applies from --config-dir: every file whose name ends in ".conf" (case-sensitive),
    /// found by Go's filepath.WalkDir: depth-first, each folder's entries in lexical (byte) order, so "a/b.conf"
    /// comes before "a.conf" (the folder "a" sorts first). Symlinked folders are not entered, as WalkDir does not.
    /// </summary>
    public static class ConfigDropIns
    {
        public static List<string> List(INodeReader node, string directory, out ResolutionProblem problem)
        {
            var files = new List<string>();
            problem = null;
            Walk(node, directory, files, ref problem);
            return files;
        }

        private static void Walk(INodeReader node, string directory, List<string> files, ref ResolutionProblem problem)
        {
            var listing = node.ListDirectory(directory);
            if (!listing.Exists)
            {
                // WalkDir hands the kubelet the lstat error of a missing root, and the kubelet exits with it.
                problem = problem ?? new ResolutionProblem(ErrorIds.ConfigDirMissing, $"The kubelet is started with --config-dir {directory}, which does not exist; the kubelet refuses to start without it.", directory);
                return;
            }

            if (listing.Error != null)
            {
                problem = problem ?? new ResolutionProblem(ErrorIds.ConfigDirUnreadable, $"The kubelet --config-dir {directory} could not be listed: {listing.Error}", directory);
                return;
            }

            var entries = new List<NodeDirectoryEntry>(listing.Entries);
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var entry in entries)
            {
                string path = NodePath.Combine(directory, entry.Name);
                if (entry.IsDirectory)
                {
                    Walk(node, path, files, ref problem);
                }
                else if (entry.Name.EndsWith(".conf", StringComparison.Ordinal))
                {
                    files.Add(path);
                }
            }
        }
    }
}
