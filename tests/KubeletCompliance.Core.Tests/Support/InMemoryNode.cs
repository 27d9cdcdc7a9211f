using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Tests.Support
{
    /// <summary>A node made of strings: the resolver's tests need no machine.</summary>
    internal sealed class InMemoryNode : INodeReader
    {
        private readonly Dictionary<string, string> files = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> modified = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private readonly HashSet<string> unreadable = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<NodeProcess> processes = new List<NodeProcess>();

        public InMemoryNode File(string path, string content, DateTimeOffset? lastWrite = null)
        {
            files[path] = content;
            if (lastWrite.HasValue)
            {
                modified[path] = lastWrite.Value;
            }

            return this;
        }

        public InMemoryNode Unreadable(string path)
        {
            files[path] = string.Empty;
            unreadable.Add(path);
            return this;
        }

        /// <summary>A process the node vouches for: run by root in kubelet.service's control group.</summary>
        public InMemoryNode Process(int pid, params string[] argv) =>
            Process(new NodeProcess(pid, argv, "/", null, null, argv.Length > 0 ? argv[0].Split('/').Last() : null, Root));

        /// <summary>A process any user could have started: uid 1001, in the user's session.</summary>
        public InMemoryNode LookAlike(int pid, params string[] argv) =>
            Process(new NodeProcess(pid, argv, "/home/mallory", null, null, "x", new ProcessIdentity(1001, 1001, "/user.slice/user-1001.slice/session-2.scope", false, null)));

        private static readonly ProcessIdentity Root = new ProcessIdentity(0, 0, "/system.slice/kubelet.service", false, null);

        public InMemoryNode Process(NodeProcess process)
        {
            processes.Add(process);
            return this;
        }

        /// <summary>A kubeadm-style unit whose ExecStart is <paramref name="execStart"/>.</summary>
        public InMemoryNode Unit(string execStart, string folder = "/etc/systemd/system") =>
            File(folder + "/kubelet.service", "[Unit]\nDescription=kubelet\n\n[Service]\nExecStart=" + execStart + "\nRestart=always\n");

        public InMemoryNode Config(string path, string authenticationYaml) =>
            File(path, "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" + authenticationYaml);

        public NodeFile ReadFile(string path)
        {
            if (unreadable.Contains(path))
            {
                return NodeFile.Unreadable(path, "Permission denied");
            }

            return files.TryGetValue(path, out var content)
                ? NodeFile.Found(path, content, modified.TryGetValue(path, out var m) ? m : (DateTimeOffset?)null)
                : NodeFile.NotFound(path);
        }

        public NodeDirectory ListDirectory(string path)
        {
            string prefix = path.TrimEnd('/') + "/";
            var names = files.Keys
                .Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
                .Select(f => f.Substring(prefix.Length))
                .Select(rest => rest.Contains('/') ? new NodeDirectoryEntry(rest.Substring(0, rest.IndexOf('/')), true) : new NodeDirectoryEntry(rest, false))
                .GroupBy(e => e.Name)
                .Select(g => g.First())
                .ToList();
            return names.Count == 0 ? NodeDirectory.Missing(path) : new NodeDirectory(path, true, names);
        }

        public IReadOnlyList<NodeProcess> ListProcesses() => processes;
    }
}
