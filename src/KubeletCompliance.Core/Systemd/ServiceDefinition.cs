using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Systemd
{
    /// <summary>A variable's value and the file that set it.</summary>
    public sealed class EnvironmentValue
    {
        public EnvironmentValue(string value, WordOrigin origin)
        {
            Value = value;
            Origin = origin;
        }

        public string Value { get; }
        public WordOrigin Origin { get; }
    }

    /// <summary>
    /// A service as systemd would start it from the files on the node: its unit and drop-ins, environment and
    /// the ExecStart command line with variables expanded, each word carrying the file it came from.
    /// </summary>
    public sealed class ServiceDefinition
    {
        /// <summary>systemd's unit search path, highest priority first.</summary>
        public static readonly IReadOnlyList<string> SearchPath = new[]
        {
            "/etc/systemd/system",
            "/run/systemd/system",
            "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system",
            "/lib/systemd/system",
        };

        private ServiceDefinition(string unitName)
        {
            UnitName = unitName;
        }

        public string UnitName { get; }
        /// <summary>Node path of the unit file that applies; null when the unit is not installed.</summary>
        public string UnitPath { get; private set; }
        public bool Masked { get; private set; }
        public IReadOnlyList<string> DropInPaths { get; private set; } = Array.Empty<string>();
        /// <summary>Every file systemd reads to start the service (unit, drop-ins, environment files that exist).</summary>
        public IReadOnlyList<string> FilesRead { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<ArgumentWord> ExecStart { get; private set; } = Array.Empty<ArgumentWord>();
        /// <summary>The ExecStart= value as written, before expansion.</summary>
        public string RawExecStart { get; private set; }
        /// <summary>The unit file or drop-in whose ExecStart= line systemd runs.</summary>
        public string ExecStartPath { get; private set; }
        /// <summary>Every EnvironmentFile= the service names, present or not, without the optional '-'.</summary>
        public IReadOnlyList<string> EnvironmentFilePaths { get; private set; } = Array.Empty<string>();
        public string WorkingDirectory { get; private set; }
        public IReadOnlyDictionary<string, EnvironmentValue> Environment { get; private set; } = new Dictionary<string, EnvironmentValue>();
        /// <summary>Why systemd would refuse to start this service as written, or null.</summary>
        public string Problem { get; private set; }
        public string ProblemPath { get; private set; }

        public bool Installed => UnitPath != null && !Masked;

        public static ServiceDefinition Load(INodeReader node, string unitName)
        {
            var service = new ServiceDefinition(unitName);
            service.LoadFrom(node);
            return service;
        }

        private void LoadFrom(INodeReader node)
        {
            NodeFile unit = null;
            foreach (string folder in SearchPath)
            {
                var candidate = node.ReadFile(folder + "/" + UnitName);
                if (candidate.State == NodeFileState.NotFound)
                {
                    continue;
                }

                unit = candidate;
                break;
            }

            if (unit == null)
            {
                return;
            }

            UnitPath = unit.Path;
            if (unit.State == NodeFileState.Unreadable)
            {
                Fail(unit.Path, "The unit file could not be read: " + unit.Error);
                return;
            }

            // An empty unit file, or a symlink to /dev/null (which the transport reads as empty), is a masked unit.
            if (unit.Content.Trim().Length == 0)
            {
                Masked = true;
                return;
            }

            var files = new List<NodeFile> { unit };
            var dropIns = FindDropIns(node);
            foreach (var dropIn in dropIns)
            {
                if (dropIn.State == NodeFileState.Unreadable)
                {
                    Fail(dropIn.Path, "The unit drop-in could not be read: " + dropIn.Error);
                    return;
                }

                files.Add(dropIn);
            }

            DropInPaths = dropIns.Select(d => d.Path).ToList();
            var directives = files.SelectMany(f => UnitFile.Parse(f.Path, f.Content))
                .Where(d => d.Section == "Service")
                .ToList();
            Interpret(node, directives, files.Select(f => f.Path).ToList());
        }

        private List<NodeFile> FindDropIns(INodeReader node)
        {
            // Drop-ins merge across folders by file name; a name in a higher-priority folder hides the same name below.
            var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (string folder in SearchPath)
            {
                string dropInFolder = folder + "/" + UnitName + ".d";
                var listing = node.ListDirectory(dropInFolder);
                foreach (var entry in listing.Entries)
                {
                    if (!entry.IsDirectory && entry.Name.EndsWith(".conf", StringComparison.Ordinal) && !byName.ContainsKey(entry.Name))
                    {
                        byName[entry.Name] = dropInFolder + "/" + entry.Name;
                    }
                }
            }

            return byName.Values
                .Select(node.ReadFile)
                .Where(f => f.State != NodeFileState.NotFound)
                .ToList();
        }

        private void Interpret(INodeReader node, List<UnitDirective> directives, List<string> filesRead)
        {
            var environment = new Dictionary<string, EnvironmentValue>(StringComparer.Ordinal);
            var environmentFiles = new List<UnitDirective>();
            var execStarts = new List<UnitDirective>();
            foreach (var directive in directives)
            {
                switch (directive.Key)
                {
                    case "Environment":
                        if (directive.Value.Length == 0)
                        {
                            environment.Clear();
                            break;
                        }

                        foreach (string word in SystemdWords.Split(directive.Value))
                        {
                            int eq = word.IndexOf('=');
                            if (eq > 0)
                            {
                                environment[word.Substring(0, eq)] = new EnvironmentValue(
                                    word.Substring(eq + 1),
                                    new WordOrigin(WordOriginKind.UnitEnvironment, directive.Path, word.Substring(0, eq)));
                            }
                        }

                        break;
                    case "EnvironmentFile":
                        if (directive.Value.Length == 0)
                        {
                            environmentFiles.Clear();
                        }
                        else
                        {
                            environmentFiles.Add(directive);
                        }

                        break;
                    case "ExecStart":
                        if (directive.Value.Length == 0)
                        {
                            execStarts.Clear();
                        }
                        else
                        {
                            execStarts.Add(directive);
                        }

                        break;
                    case "WorkingDirectory":
                        WorkingDirectory = directive.Value.TrimStart('-');
                        break;
                }
            }

            // Variables from EnvironmentFile= override those from Environment=, files in the order they are named.
            EnvironmentFilePaths = environmentFiles.Select(d => d.Value.TrimStart('-')).ToList();
            foreach (var directive in environmentFiles)
            {
                bool optional = directive.Value.StartsWith("-", StringComparison.Ordinal);
                string path = optional ? directive.Value.Substring(1) : directive.Value;
                var file = node.ReadFile(path);
                if (file.State == NodeFileState.NotFound)
                {
                    if (!optional)
                    {
                        Fail(directive.Path, $"EnvironmentFile={path} does not exist and is not marked optional with '-'; systemd would not start the service.");
                        return;
                    }

                    continue;
                }

                if (file.State == NodeFileState.Unreadable)
                {
                    Fail(path, "The environment file could not be read: " + file.Error);
                    return;
                }

                filesRead.Add(path);
                foreach (var pair in EnvironmentFile.Parse(file.Content))
                {
                    environment[pair.Key] = new EnvironmentValue(pair.Value, new WordOrigin(WordOriginKind.EnvironmentFile, path, pair.Key));
                }
            }

            Environment = environment;
            FilesRead = filesRead;
            if (execStarts.Count > 1)
            {
                Fail(execStarts[execStarts.Count - 1].Path, "The service has more than one ExecStart= after resets; systemd refuses to load it.");
                return;
            }

            if (execStarts.Count == 1)
            {
                RawExecStart = execStarts[0].Value;
                ExecStartPath = execStarts[0].Path;
                ExecStart = Expand(execStarts[0], environment);
            }
        }

        private static List<ArgumentWord> Expand(UnitDirective execStart, Dictionary<string, EnvironmentValue> environment)
        {
            var literal = new WordOrigin(WordOriginKind.UnitExecStart, execStart.Path);
            var words = new List<ArgumentWord>();
            var raw = SystemdWords.Split(StripExecPrefixes(execStart.Value));
            foreach (string word in raw)
            {
                // systemd's replace_env_argv: a word that starts with '$' (not "${", not "$$") names a variable with
                // the rest of the word; its value is split into words (quotes in it honoured), and an unset
                // variable removes the word. Quotes around "$VAR" in the unit are gone by then: it splits too.
                if (word.Length > 1 && word[0] == '$' && word[1] != '{' && word[1] != '$')
                {
                    if (environment.TryGetValue(word.Substring(1), out var value))
                    {
                        words.AddRange(SystemdWords.Split(value.Value).Select(w => new ArgumentWord(w, value.Origin)));
                    }

                    continue;
                }

                words.Add(ExpandBraced(word, environment, literal));
            }

            return words;
        }

        private static ArgumentWord ExpandBraced(string text, Dictionary<string, EnvironmentValue> environment, WordOrigin literal)
        {
            // ${VAR} is replaced in place and never splits the word ("$$" is a literal '$'). A word that is exactly
            // ${VAR} belongs to the file that set VAR; a word mixing literal text and variables belongs to the ExecStart line.
            var origin = literal;
            var result = new System.Text.StringBuilder();
            int i = 0;
            while (i < text.Length)
            {
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
                {
                    result.Append('$');
                    i += 2;
                    continue;
                }

                int start = text.IndexOf("${", i, StringComparison.Ordinal);
                int escaped = text.IndexOf("$$", i, StringComparison.Ordinal);
                if (escaped >= 0 && (start < 0 || escaped < start))
                {
                    result.Append(text, i, escaped - i);
                    i = escaped;
                    continue;
                }

                int end = start < 0 ? -1 : text.IndexOf('}', start + 2);
                if (start < 0 || end < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }

                result.Append(text, i, start - i);
                string name = text.Substring(start + 2, end - start - 2);
                if (environment.TryGetValue(name, out var value))
                {
                    result.Append(value.Value);
                    if (start == 0 && end == text.Length - 1)
                    {
                        origin = value.Origin;
                    }
                }

                i = end + 1;
            }

            return new ArgumentWord(result.ToString(), origin);
        }

        private static string StripExecPrefixes(string value)
        {
            int i = 0;
            while (i < value.Length && "@-:+!".IndexOf(value[i]) >= 0)
            {
                i++;
            }

            return value.Substring(i);
        }

        private void Fail(string path, string message)
        {
            Problem = message;
            ProblemPath = path;
        }
    }
}
