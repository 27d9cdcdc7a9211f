using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Config;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Core.Distributions
{
    /// <summary>
    /// What a k3s or RKE2 config file and its drop-ins say about the kubelet, merged as k3s does
    /// (k3s-io/k3s pkg/configfilearg/parser.go, readConfigFile): the file first, then <c>FILE.d/*.yaml|*.yml</c> in name
    /// order; a key written as <c>key+</c> appends to the value so far, a plain key replaces it.
    /// </summary>
    public sealed class RancherConfig
    {
        public const string KubeletArgKey = "kubelet-arg";
        private const string DataDirKey = "data-dir";

        private RancherConfig(string path)
        {
            Path = path;
        }

        /// <summary>The main config file, whether or not it exists (it is where a new kubelet-arg goes).</summary>
        public string Path { get; }
        public IReadOnlyList<string> FilesRead { get; private set; } = Array.Empty<string>();
        /// <summary>The merged kubelet-arg entries as written (no leading dashes added), each carrying the file that holds it.</summary>
        public IReadOnlyList<ArgumentWord> KubeletArgs { get; private set; } = Array.Empty<ArgumentWord>();
        public string DataDir { get; private set; }
        public ResolutionProblem Problem { get; private set; }

        public static RancherConfig Read(INodeReader node, string path)
        {
            var config = new RancherConfig(path);
            config.Load(node);
            return config;
        }

        private void Load(INodeReader node)
        {
            var files = new List<string> { Path };
            var dropIns = node.ListDirectory(Path + ".d");
            files.AddRange(dropIns.Entries
                .Where(e => !e.IsDirectory && (e.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
                .Select(e => e.Name)
                .OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => Path + ".d/" + n));

            var filesRead = new List<string>();
            var kubeletArgs = new List<ArgumentWord>();
            foreach (string path in files)
            {
                var file = node.ReadFile(path);
                if (file.State == NodeFileState.NotFound)
                {
                    continue;
                }

                if (file.State == NodeFileState.Unreadable)
                {
                    Problem = new ResolutionProblem(ErrorIds.DistributionConfigInvalid, $"The config file {path} could not be read: {file.Error}", path);
                    return;
                }

                filesRead.Add(path);
                ConfigValue document;
                try
                {
                    document = ConfigParser.Parse(file.Content);
                }
                catch (ConfigSyntaxException e)
                {
                    Problem = new ResolutionProblem(ErrorIds.DistributionConfigInvalid, $"{path} is not valid YAML ({e.Where}: {e.Message}); the service refuses to start.", path);
                    return;
                }

                if (document == null || document.Kind == ConfigValueKind.Null)
                {
                    continue;
                }

                if (document.Kind != ConfigValueKind.Map)
                {
                    Problem = new ResolutionProblem(ErrorIds.DistributionConfigInvalid, $"{path} is not a mapping of option names to values; the service refuses to start.", path);
                    return;
                }

                var origin = new WordOrigin(WordOriginKind.DistributionConfig, path, KubeletArgKey);
                foreach (var pair in document.Map)
                {
                    bool append = pair.Key.EndsWith("+", StringComparison.Ordinal);
                    string key = append ? pair.Key.Substring(0, pair.Key.Length - 1) : pair.Key;
                    if (key == KubeletArgKey)
                    {
                        if (!append)
                        {
                            kubeletArgs.Clear();
                        }

                        kubeletArgs.AddRange(Entries(pair.Value).Select(text => new ArgumentWord(text, origin)));
                    }
                    else if (key == DataDirKey && pair.Value.Kind != ConfigValueKind.Map && pair.Value.Kind != ConfigValueKind.List)
                    {
                        DataDir = pair.Value.Text;
                    }
                }
            }

            FilesRead = filesRead;
            KubeletArgs = kubeletArgs;
        }

        /// <summary>A list gives one entry per item; a single scalar is a list of one (k3s's toSlice).</summary>
        private static IEnumerable<string> Entries(ConfigValue value)
        {
            var items = value.Kind == ConfigValueKind.List ? value.List : new List<ConfigValue> { value };
            return items
                .Where(v => v.Kind != ConfigValueKind.Null && v.Kind != ConfigValueKind.Map && v.Kind != ConfigValueKind.List)
                .Select(v => v.Text)
                .Where(t => t.Trim().Length > 0);
        }
    }
}
