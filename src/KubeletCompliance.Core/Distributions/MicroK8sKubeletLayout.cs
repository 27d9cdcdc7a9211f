using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Systemd;

namespace KubeletCompliance.Core.Distributions
{
    /// <summary>
    /// MicroK8s: the kubelet's flags are the lines of the snap's args file (canonical/microk8s
    /// microk8s-resources/default-args/kubelet, installed as $SNAP_DATA/args/kubelet). Current releases run the kubelet
    /// inside <c>kubelite --kubelet-args-file=...</c>; older ones ran the snap's own <c>kubelet</c> binary with the
    /// file's lines as argv. Either way the file is what the next start uses.
    /// </summary>
    public sealed class MicroK8sKubeletLayout : IKubeletLayout
    {
        public const string KubeliteService = "snap.microk8s.daemon-kubelite.service";
        public const string KubeletService = "snap.microk8s.daemon-kubelet.service";
        public const string SnapData = "/var/snap/microk8s/current";
        public const string ArgsFilePath = SnapData + "/args/kubelet";
        private const string SnapCommon = "/var/snap/microk8s/common";
        private const string Snap = "/snap/microk8s/current";
        private const string ArgsFileFlag = "kubelet-args-file";

        public IReadOnlyList<string> ServiceNames { get; } = new[] { KubeliteService, KubeletService };

        public bool ClaimsProcessName(string name) => name == "kubelite";

        public KubeletLaunch FromProcess(NodeProcess process, INodeReader node)
        {
            var argv = process.Argv;
            string program = NodePath.FileName(argv[0]);
            if (program == "kubelite")
            {
                string argsFile = NodePath.Combine(process.WorkingDirectory, ArgsFileOf(argv) ?? ArgsFilePath);
                var launch = FromArgsFile(node, EvidenceBasis.Process, KubeliteService, argv, argsFile);
                launch = launch with
                {
                    Pid = process.Pid,
                    StartTime = process.StartTime,
                    WorkingDirectory = process.WorkingDirectory ?? "/",
                };
                launch = launch with { DescribingFiles = FromDisk(node)?.DescribingFiles ?? launch.DescribingFiles };
                return launch;
            }

            if (program != "kubelet" || !argv[0].StartsWith("/snap/microk8s/", StringComparison.Ordinal))
            {
                return null;
            }

            var origin = new WordOrigin(WordOriginKind.ProcessCmdline, process.CmdlinePath);
            var onDisk = FromDisk(node);
            return new KubeletLaunch(EvidenceBasis.Process, Distribution.MicroK8s, KubeletService, argv, argv.Skip(1).Select(a => new ArgumentWord(a, origin)).ToList())
            {
                Pid = process.Pid,
                StartTime = process.StartTime,
                WorkingDirectory = process.WorkingDirectory ?? "/",
                DescribingFiles = onDisk?.DescribingFiles ?? Array.Empty<string>(),
                ExtraFlagsHome = new FlagHome(WordOriginKind.ArgsFile, ArgsFilePath, null),
            };
        }

        public KubeletLaunch FromDisk(INodeReader node)
        {
            var service = new[] { KubeliteService, KubeletService }
                .Select(name => ServiceDefinition.Load(node, name))
                .FirstOrDefault(s => s.Installed);
            if (service == null)
            {
                return null;
            }

            var launch = FromArgsFile(node, EvidenceBasis.ServiceUnit, service.UnitName, service.ExecStart.Select(w => w.Text).ToList(), ArgsFilePath);
            launch = launch with { DescribingFiles = service.FilesRead.Concat(launch.DescribingFiles).ToList() };
            if (service.Problem != null)
            {
                launch = launch with { Problem = new ResolutionProblem(ErrorIds.ServiceUnitInvalid, service.Problem, service.ProblemPath) };
            }

            return launch;
        }

        private static KubeletLaunch FromArgsFile(INodeReader node, EvidenceBasis basis, string serviceName, IReadOnlyList<string> commandLine, string argsFile)
        {
            var file = node.ReadFile(argsFile);
            var words = file.Exists ? ArgsFileWords(argsFile, file.Content) : new List<ArgumentWord>();
            var launch = new KubeletLaunch(basis, Distribution.MicroK8s, serviceName, commandLine, words)
            {
                WorkingDirectory = "/",
                DescribingFiles = file.Exists ? new[] { argsFile } : Array.Empty<string>(),
                ExtraFlagsHome = new FlagHome(WordOriginKind.ArgsFile, argsFile, null),
            };
            if (!file.Exists)
            {
                launch = launch with { Problem = new ResolutionProblem(ErrorIds.ServiceUnitInvalid,
                    file.State == NodeFileState.NotFound
                        ? $"{serviceName} is installed but its kubelet args file {argsFile} does not exist; the kubelet would not start as MicroK8s configures it."
                        : $"The MicroK8s kubelet args file {argsFile} could not be read: {file.Error}",
                    argsFile) };
            }

            return launch;
        }

        /// <summary>
        /// The args file read as the snap's launcher reads it: one or more shell words a line, '#' starting a comment,
        /// quotes removed, and $SNAP_DATA, $SNAP_COMMON and $SNAP (with or without braces) replaced by the snap's folders.
        /// SNAP_DATA is the revision folder holding this args file, so a running kubelite's file resolves its own paths.
        /// </summary>
        public static List<ArgumentWord> ArgsFileWords(string path, string content)
        {
            string snapData = NodePath.Directory(NodePath.Directory(path));
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["SNAP_DATA"] = snapData,
                ["SNAP_COMMON"] = SnapCommon,
                ["SNAP"] = Snap,
            };
            var origin = new WordOrigin(WordOriginKind.ArgsFile, path);
            var words = new List<ArgumentWord>();
            foreach (string line in content.Replace("\r\n", "\n").Split('\n'))
            {
                words.AddRange(ShellWords(line).Select(w => new ArgumentWord(Expand(w, variables), origin)));
            }

            return words;
        }

        private static IEnumerable<string> ShellWords(string line)
        {
            var word = new StringBuilder();
            bool inWord = false;
            char quote = '\0';
            foreach (char c in line)
            {
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else
                    {
                        word.Append(c);
                    }

                    continue;
                }

                if (c == '"' || c == '\'')
                {
                    quote = c;
                    inWord = true;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    if (inWord)
                    {
                        yield return word.ToString();
                        word.Clear();
                        inWord = false;
                    }

                    continue;
                }

                if (c == '#' && !inWord)
                {
                    yield break;
                }

                word.Append(c);
                inWord = true;
            }

            if (inWord)
            {
                yield return word.ToString();
            }
        }

        private static string Expand(string word, Dictionary<string, string> variables)
        {
            // Longest name first, so $SNAP_DATA is not read as $SNAP followed by "_DATA".
            foreach (var pair in variables.OrderByDescending(p => p.Key.Length))
            {
                word = word.Replace("${" + pair.Key + "}", pair.Value).Replace("$" + pair.Key, pair.Value);
            }

            return word;
        }

        private static string ArgsFileOf(IReadOnlyList<string> argv)
        {
            for (int i = 1; i < argv.Count; i++)
            {
                string name = argv[i].TrimStart('-');
                if (name.StartsWith(ArgsFileFlag + "=", StringComparison.Ordinal))
                {
                    return name.Substring(ArgsFileFlag.Length + 1);
                }

                if (name == ArgsFileFlag && i + 1 < argv.Count)
                {
                    return argv[i + 1];
                }
            }

            return null;
        }
    }
}
