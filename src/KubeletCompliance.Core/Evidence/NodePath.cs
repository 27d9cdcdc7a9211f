using System;
using System.Collections.Generic;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>Node paths are POSIX paths on the node, whatever the machine running the audit uses.</summary>
    public static class NodePath
    {
        /// <summary>Resolves <paramref name="path"/> against <paramref name="baseDirectory"/> (when relative) and normalises '.', '..' and repeated slashes.</summary>
        public static string Combine(string baseDirectory, string path)
        {
            string full = path.StartsWith("/", StringComparison.Ordinal) ? path : (baseDirectory ?? "/").TrimEnd('/') + "/" + path;
            return Normalize(full);
        }

        public static string Normalize(string path)
        {
            var parts = new List<string>();
            foreach (string part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    continue;
                }

                parts.Add(part);
            }

            return "/" + string.Join("/", parts);
        }

        /// <summary>The last component of a path ("/usr/bin/kubelet" gives "kubelet").</summary>
        public static string FileName(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash < 0 ? path : path.Substring(slash + 1);
        }

        public static string Directory(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }
    }
}
