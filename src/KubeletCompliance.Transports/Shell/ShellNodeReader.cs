using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>
    /// Reads a node over one shell channel (SSH, a node pod). The first question asked runs one remote script that also lists the
    /// kubelet-like processes and everything given to <see cref="Prefetch"/>; answers are kept, so each later
    /// question about something new costs one more round trip (together with anything prefetched since).
    /// </summary>
    public sealed class ShellNodeReader : IBatchingNodeReader
    {
        private readonly IShellChannel _connection;
        private readonly SudoMode _sudo;
        private readonly string _remoteRoot;
        private readonly object _gate = new object();
        private readonly Dictionary<string, NodeFile> _files = new Dictionary<string, NodeFile>(StringComparer.Ordinal);
        private readonly Dictionary<string, NodeDirectory> _directories = new Dictionary<string, NodeDirectory>(StringComparer.Ordinal);
        private readonly List<string> _pendingFiles = new List<string>();
        private readonly List<string> _pendingDirectories = new List<string>();
        private IReadOnlyList<NodeProcess> _processes;
        private bool _elevated;
        private string _sudoRefusal;

        /// <summary>Reads the node behind a shell channel the caller owns; <paramref name="remoteRoot"/> stands for the node's "/".</summary>
        public ShellNodeReader(IShellChannel channel, string remoteRoot, SudoMode sudo)
        {
            _connection = channel ?? throw new ArgumentNullException(nameof(channel));
            _sudo = sudo;
            _remoteRoot = RootPrefix(remoteRoot);
            _elevated = sudo == SudoMode.Always;
        }

        /// <summary>How many remote commands this reader has run; lets callers and tests see the batching work.</summary>
        public int RoundTrips { get; private set; }

        /// <summary>Files and directories (node paths) to fetch together with the next round trip.</summary>
        public void Prefetch(IEnumerable<string> files, IEnumerable<string> directories)
        {
            lock (_gate)
            {
                foreach (string file in files ?? Enumerable.Empty<string>())
                {
                    string path = NodePath(file);
                    if (!_files.ContainsKey(path) && !_pendingFiles.Contains(path))
                    {
                        _pendingFiles.Add(path);
                    }
                }

                foreach (string directory in directories ?? Enumerable.Empty<string>())
                {
                    string path = NodePath(directory);
                    if (!_directories.ContainsKey(path) && !_pendingDirectories.Contains(path))
                    {
                        _pendingDirectories.Add(path);
                    }
                }
            }
        }

        public NodeFile TryReadCached(string path)
        {
            lock (_gate)
            {
                return _files.TryGetValue(NodePath(path), out NodeFile file) ? (file.Path == path ? file : Renamed(file, path)) : null;
            }
        }

        public NodeDirectory TryListCached(string path)
        {
            lock (_gate)
            {
                return _directories.TryGetValue(NodePath(path), out NodeDirectory directory)
                    ? (directory.Path == path ? directory : new NodeDirectory(path, directory.Exists, directory.Entries, directory.Error))
                    : null;
            }
        }

        public void FetchPending()
        {
            lock (_gate)
            {
                if (_pendingFiles.Count > 0 || _pendingDirectories.Count > 0 || _processes == null)
                {
                    Fetch();
                }
            }
        }

        public NodeFile ReadFile(string path)
        {
            string nodePath = NodePath(path);
            lock (_gate)
            {
                if (!_files.TryGetValue(nodePath, out NodeFile file))
                {
                    Prefetch(new[] { nodePath }, null);
                    Fetch();
                    file = _files[nodePath];
                }

                return file.Path == path ? file : Renamed(file, path);
            }
        }

        public NodeDirectory ListDirectory(string path)
        {
            string nodePath = NodePath(path);
            lock (_gate)
            {
                if (!_directories.TryGetValue(nodePath, out NodeDirectory directory))
                {
                    Prefetch(null, new[] { nodePath });
                    Fetch();
                    directory = _directories[nodePath];
                }

                return directory.Path == path ? directory : new NodeDirectory(path, directory.Exists, directory.Entries, directory.Error);
            }
        }

        public IReadOnlyList<NodeProcess> ListProcesses()
        {
            lock (_gate)
            {
                if (_processes == null)
                {
                    Fetch();
                }

                return _processes;
            }
        }

        private void Fetch()
        {
            var files = _pendingFiles.ToList();
            var directories = _pendingDirectories.ToList();
            bool processes = _processes == null;
            string script = EvidenceScript.Build(_remoteRoot, files, directories, processes);

            EvidenceScript.Evidence evidence = Gather(script, files, directories, processes, _elevated);
            if (evidence.Denied && !_elevated && _sudoRefusal == null && evidence.UserId != 0 && _sudo == SudoMode.Auto)
            {
                try
                {
                    evidence = Gather(script, files, directories, processes, true);
                    _elevated = true;
                }
                catch (NodeAccessException ex) when (ex.Error == NodeAccessError.SudoRefused)
                {
                    // Auto only tries: what the login user could not read stays unreadable, and the reason says why.
                    _sudoRefusal = ex.Message;
                }
            }

            foreach (KeyValuePair<string, NodeFile> file in evidence.Files)
            {
                _files[file.Key] = WithSudoRefusal(file.Value);
            }

            foreach (KeyValuePair<string, NodeFile> file in evidence.ListedFiles)
            {
                // A file asked for by name in this round was read by rf, which reports errors; it takes precedence.
                if (!_files.ContainsKey(file.Key))
                {
                    _files[file.Key] = file.Value;
                }
            }

            foreach (KeyValuePair<string, NodeDirectory> directory in evidence.Directories)
            {
                NodeDirectory value = directory.Value;
                _directories[directory.Key] = value.Error == "permission denied" && _sudoRefusal != null
                    ? new NodeDirectory(value.Path, value.Exists, value.Entries, value.Error + "; " + _sudoRefusal)
                    : value;
            }

            if (processes)
            {
                _processes = evidence.Processes;
            }

            _pendingFiles.Clear();
            _pendingDirectories.Clear();
        }

        private EvidenceScript.Evidence Gather(string script, List<string> files, List<string> directories, bool processes, bool elevated)
        {
            RoundTrips++;
            ShellResult result = _connection.Run(script, null, elevated, CancellationToken.None);
            try
            {
                return EvidenceScript.Parse(result.OutputText, files, directories, processes, _remoteRoot.Length == 0);
            }
            catch (FormatException ex)
            {
                throw new NodeAccessException(NodeAccessError.RemoteCommandFailed, _connection.Description,
                    "Reading evidence on " + _connection.Description + " failed (exit code " + result.ExitCode + "): " + ex.Message +
                    (string.IsNullOrWhiteSpace(result.Error) ? string.Empty : " Remote said: " + result.Error.Trim()), ex);
            }
        }

        private NodeFile WithSudoRefusal(NodeFile file) =>
            file.State == NodeFileState.Unreadable && file.Error == "permission denied" && _sudoRefusal != null
                ? NodeFile.Unreadable(file.Path, file.Error + "; " + _sudoRefusal)
                : file;

        private static NodeFile Renamed(NodeFile file, string path)
        {
            switch (file.State)
            {
                case NodeFileState.Found:
                    return NodeFile.Found(path, file.Content, file.Modified);
                case NodeFileState.NotFound:
                    return NodeFile.NotFound(path);
                default:
                    return NodeFile.Unreadable(path, file.Error);
            }
        }

        /// <summary>Node paths are absolute; a trailing slash names the same file, so it is dropped to share one cache entry.</summary>
        private static string NodePath(string path)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/')
            {
                throw new ArgumentException("Node paths are absolute: '" + path + "'.", nameof(path));
            }

            string trimmed = path.TrimEnd('/');
            return trimmed.Length == 0 ? "/" : trimmed;
        }

        /// <summary>"/" becomes "" so that root + node path is the node path itself.</summary>
        private static string RootPrefix(string remoteRoot)
        {
            string root = string.IsNullOrEmpty(remoteRoot) ? "/" : remoteRoot;
            if (root[0] != '/')
            {
                throw new ArgumentException("RemoteRoot must be an absolute path on the remote host: '" + remoteRoot + "'.");
            }

            return root.TrimEnd('/');
        }
    }
}
