using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Systemd;

namespace KubeletCompliance.Core.Distributions
{
    /// <summary>
    /// k3s and RKE2: the <c>k3s|rke2 server|agent</c> service builds the kubelet's arguments itself
    /// (k3s-io/k3s pkg/daemons/agent/agent_linux.go kubeletArgsAndConfig, pkg/util/args.go GetArgs): its own
    /// defaults, of which only <c>--config-dir=DATA-DIR/agent/etc/kubelet.conf.d</c> bears on anonymous auth (the
    /// defaults file it writes there, 00-PROGRAM-defaults.conf, sets authentication.anonymous.enabled: false), then
    /// every <c>kubelet-arg</c> of the config file and its drop-ins, then every <c>--kubelet-arg</c> of the service's
    /// command line. k3s runs that kubelet inside its own process, so no kubelet cmdline exists; RKE2 starts it as a
    /// child <c>kubelet</c> process (rancher/rke2 pkg/podexecutor/staticpod.go), whose cmdline is the evidence.
    /// </summary>
    public sealed class RancherKubeletLayout : IKubeletLayout
    {
        public static readonly RancherKubeletLayout K3s = new RancherKubeletLayout(
            Distribution.K3s, "k3s", "/etc/rancher/k3s/config.yaml", "/var/lib/rancher/k3s", "k3s.service", "k3s-agent.service", kubeletIsOwnProcess: false);

        public static readonly RancherKubeletLayout Rke2 = new RancherKubeletLayout(
            Distribution.Rke2, "rke2", "/etc/rancher/rke2/config.yaml", "/var/lib/rancher/rke2", "rke2-server.service", "rke2-agent.service", kubeletIsOwnProcess: true);

        private const string KubeletConfigDirBelowDataDir = "/agent/etc/kubelet.conf.d";

        private readonly string distribution;
        private readonly string program;
        private readonly string defaultConfigPath;
        private readonly string defaultDataDir;
        private readonly string serverService;
        private readonly string agentService;
        private readonly bool kubeletIsOwnProcess;

        private RancherKubeletLayout(string distribution, string program, string defaultConfigPath, string defaultDataDir, string serverService, string agentService, bool kubeletIsOwnProcess)
        {
            this.distribution = distribution;
            this.program = program;
            this.defaultConfigPath = defaultConfigPath;
            this.defaultDataDir = defaultDataDir;
            this.serverService = serverService;
            this.agentService = agentService;
            this.kubeletIsOwnProcess = kubeletIsOwnProcess;
            ServiceNames = new[] { serverService, agentService };
        }

        public IReadOnlyList<string> ServiceNames { get; }

        /// <summary>k3s names its server process k3s-server and its agent k3s-agent; RKE2's kubelet child is claimed by the kubelet.service layout's name.</summary>
        public bool ClaimsProcessName(string name) => !kubeletIsOwnProcess && (name == program + "-server" || name == program + "-agent");

        public KubeletLaunch FromProcess(NodeProcess process, INodeReader node)
        {
            return kubeletIsOwnProcess ? FromKubeletChild(process, node) : FromServiceProcess(process, node);
        }

        public KubeletLaunch FromDisk(INodeReader node)
        {
            var service = new[] { serverService, agentService }
                .Select(name => ServiceDefinition.Load(node, name))
                .FirstOrDefault(s => s.Installed);
            if (service == null)
            {
                return null;
            }

            var execStart = service.ExecStart;
            int subcommand = SubcommandIndex(execStart.Select(w => w.Text).ToList());
            var cli = ServiceFlags.Parse(subcommand < 0 ? Array.Empty<ArgumentWord>() : execStart.Skip(subcommand + 1).ToList());
            string workingDirectory = string.IsNullOrEmpty(service.WorkingDirectory) ? "/" : service.WorkingDirectory;
            var config = RancherConfig.Read(node, NodePath.Combine(workingDirectory, cli.ConfigPath ?? ConfigFileFromEnvironment(service) ?? defaultConfigPath));
            var launch = Build(EvidenceBasis.ServiceUnit, service.UnitName, execStart.Select(w => w.Text).ToList(), cli, config, service.FilesRead);
            launch = launch with { WorkingDirectory = workingDirectory };
            if (service.Problem != null)
            {
                launch = launch with { Problem = new ResolutionProblem(ErrorIds.ServiceUnitInvalid, service.Problem, service.ProblemPath) };
            }
            else if (subcommand < 0)
            {
                launch = launch with { Problem = new ResolutionProblem(ErrorIds.ServiceUnitInvalid,
                    $"{service.UnitName} ({service.UnitPath}) does not run '{program} server' or '{program} agent', so no kubelet is started from it.", service.UnitPath) };
            }
            else if (config.Problem != null)
            {
                launch = launch with { Problem = config.Problem };
            }

            return launch;
        }

        private KubeletLaunch FromServiceProcess(NodeProcess process, INodeReader node)
        {
            var argv = process.Argv;
            int subcommand = SubcommandIndex(argv);
            if (subcommand != 1)
            {
                return null;
            }

            var origin = new WordOrigin(WordOriginKind.ProcessCmdline, process.CmdlinePath);
            var cli = ServiceFlags.Parse(argv.Skip(2).Select(a => new ArgumentWord(a, origin)).ToList());
            string serviceName = argv[1] == "agent" ? agentService : serverService;
            // The process's own environment is not read; the service's, which started it, stands in for it.
            var service = ServiceDefinition.Load(node, serviceName);
            var config = RancherConfig.Read(node, NodePath.Combine(process.WorkingDirectory, cli.ConfigPath ?? ConfigFileFromEnvironment(service) ?? defaultConfigPath));
            var onDisk = FromDisk(node);
            var launch = Build(EvidenceBasis.Process, serviceName, argv, cli, config, onDisk?.DescribingFiles ?? Array.Empty<string>());
            launch = launch with
            {
                Pid = process.Pid,
                StartTime = process.StartTime,
                WorkingDirectory = process.WorkingDirectory ?? "/",
                Problem = config.Problem,
            };
            return launch;
        }

        private KubeletLaunch FromKubeletChild(NodeProcess process, INodeReader node)
        {
            var argv = process.Argv;
            if (argv.Count == 0 || NodePath.FileName(argv[0]) != "kubelet" || !StartedByThisProgram(argv))
            {
                return null;
            }

            var origin = new WordOrigin(WordOriginKind.ProcessCmdline, process.CmdlinePath);
            var onDisk = FromDisk(node);
            return new KubeletLaunch(EvidenceBasis.Process, distribution, onDisk?.ServiceName ?? serverService, argv, argv.Skip(1).Select(a => new ArgumentWord(a, origin)).ToList())
            {
                Pid = process.Pid,
                StartTime = process.StartTime,
                WorkingDirectory = process.WorkingDirectory ?? "/",
                DescribingFiles = onDisk?.DescribingFiles ?? Array.Empty<string>(),
                ExtraFlagsHome = onDisk?.ExtraFlagsHome,
                FilesWrittenAtStart = onDisk?.FilesWrittenAtStart ?? new Dictionary<string, string>(),
            };
        }

        /// <summary>
        /// --config / -c also comes from K3S_CONFIG_FILE (RKE2_CONFIG_FILE): the installer writes the service's
        /// environment to &lt;unit&gt;.env, which the unit loads with EnvironmentFile=.
        /// </summary>
        private string ConfigFileFromEnvironment(ServiceDefinition service) =>
            service.Environment.TryGetValue(program.ToUpperInvariant() + "_CONFIG_FILE", out var value) && value.Value.Length > 0 ? value.Value : null;

        /// <summary>
        /// The RKE2 kubelet binary lives below the data dir (DATA-DIR/data/VERSION/bin/kubelet) and is always given
        /// RKE2's --config-dir; either mark tells it from a kubelet.service kubelet.
        /// </summary>
        private bool StartedByThisProgram(IReadOnlyList<string> argv) =>
            argv[0].Contains("/" + program + "/")
            || argv.Any(a => a.StartsWith("--config-dir=", StringComparison.Ordinal) && a.EndsWith(KubeletConfigDirBelowDataDir, StringComparison.Ordinal) && a.Contains(program));

        private KubeletLaunch Build(EvidenceBasis basis, string serviceName, IReadOnlyList<string> commandLine, ServiceFlags cli, RancherConfig config, IReadOnlyList<string> serviceFiles)
        {
            // The command line's --data-dir beats the config file's, as any k3s flag does.
            string dataDir = (cli.DataDir ?? config.DataDir ?? defaultDataDir).TrimEnd('/');
            string configDir = dataDir + KubeletConfigDirBelowDataDir;
            var words = new List<ArgumentWord>
            {
                new ArgumentWord("--config-dir=" + configDir, new WordOrigin(WordOriginKind.DistributionDefault, null)),
            };

            // Config-file entries come before command-line ones (k3s inserts the file's flags ahead of argv), and
            // each entry reaches the kubelet as --NAME=VALUE with VALUE "true" when none is written.
            words.AddRange(config.KubeletArgs.Concat(cli.KubeletArgs).Select(KubeletWord));
            return new KubeletLaunch(basis, distribution, serviceName, commandLine, words)
            {
                WorkingDirectory = "/",
                DescribingFiles = serviceFiles.Concat(config.FilesRead).Distinct(StringComparer.Ordinal).ToList(),
                ExtraFlagsHome = new FlagHome(WordOriginKind.DistributionConfig, config.Path, RancherConfig.KubeletArgKey),
                FilesWrittenAtStart = new Dictionary<string, string> { [configDir + "/00-" + program + "-defaults.conf"] = DefaultsDropIn },
            };
        }

        /// <summary>
        /// The part of the defaults drop-in k3s (and RKE2, which shares its agent code) writes at every start that
        /// matters here: a node image where the program never ran yet still gets it at its first start.
        /// </summary>
        private const string DefaultsDropIn =
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n";

        private static ArgumentWord KubeletWord(ArgumentWord entry)
        {
            string text = entry.Text.StartsWith("--", StringComparison.Ordinal) ? entry.Text.Substring(2) : entry.Text;
            int equals = text.IndexOf('=');
            string name = (equals < 0 ? text : text.Substring(0, equals)).TrimEnd('-', '+');
            string value = equals < 0 ? "true" : text.Substring(equals + 1);
            return new ArgumentWord("--" + name + "=" + value, entry.Origin);
        }

        /// <summary>Index of the server/agent word when argv is this program's service; -1 otherwise.</summary>
        private int SubcommandIndex(IReadOnlyList<string> argv)
        {
            if (argv.Count < 2 || NodePath.FileName(argv[0]) != program)
            {
                return -1;
            }

            return argv[1] == "server" || argv[1] == "agent" ? 1 : -1;
        }

        /// <summary>The three k3s/RKE2 options that decide the kubelet's flags, read the way urfave/cli reads them (one or two dashes, '=' or a separate value).</summary>
        private sealed class ServiceFlags
        {
            public string ConfigPath { get; private set; }
            public string DataDir { get; private set; }
            public List<ArgumentWord> KubeletArgs { get; } = new List<ArgumentWord>();

            public static ServiceFlags Parse(IReadOnlyList<ArgumentWord> words)
            {
                var flags = new ServiceFlags();
                for (int i = 0; i < words.Count; i++)
                {
                    string text = words[i].Text;
                    if (!text.StartsWith("-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string name = text.TrimStart('-');
                    ArgumentWord value = null;
                    int equals = name.IndexOf('=');
                    if (equals >= 0)
                    {
                        value = new ArgumentWord(name.Substring(equals + 1), words[i].Origin);
                        name = name.Substring(0, equals);
                    }

                    if (name != "kubelet-arg" && name != "config" && name != "c" && name != "data-dir" && name != "d")
                    {
                        continue;
                    }

                    if (value == null)
                    {
                        if (i + 1 >= words.Count)
                        {
                            break;
                        }

                        value = words[++i];
                    }

                    switch (name)
                    {
                        case "kubelet-arg":
                            flags.KubeletArgs.Add(value);
                            break;
                        case "config":
                        case "c":
                            flags.ConfigPath = value.Text;
                            break;
                        default:
                            flags.DataDir = value.Text;
                            break;
                    }
                }

                return flags;
            }
        }
    }
}
