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
    /// A kubelet binary run by kubelet.service: kubeadm, EKS, GKE, AKS, OpenShift and hand-built nodes.
    /// Running, it is a process named kubelet (or hyperkube kubelet, or kubenswrapper .../kubelet).
    /// </summary>
    public sealed class SystemdKubeletLayout : IKubeletLayout
    {
        public const string ServiceName = "kubelet.service";

        public IReadOnlyList<string> ServiceNames { get; } = new[] { ServiceName };

        public bool ClaimsProcessName(string name) =>
            name == "kubelet" || name == "kubenswrapper" || name == "hyperkube";

        public KubeletLaunch FromProcess(NodeProcess process, INodeReader node)
        {
            var argv = process.Argv;
            int programWords = KubeletProgramWords(argv);
            if (programWords == 0)
            {
                return null;
            }

            var origin = new WordOrigin(WordOriginKind.ProcessCmdline, process.CmdlinePath);
            var launch = new KubeletLaunch(
                EvidenceBasis.Process,
                null,
                ServiceName,
                argv,
                argv.Skip(programWords).Select(a => new ArgumentWord(a, origin)).ToList())
            {
                Pid = process.Pid,
                StartTime = process.StartTime,
                WorkingDirectory = process.WorkingDirectory ?? "/",
            };
            var onDisk = FromDisk(node);
            launch = launch with
            {
                DescribingFiles = onDisk?.DescribingFiles ?? Array.Empty<string>(),
                ExtraFlagsHome = onDisk?.ExtraFlagsHome,
                ExecStartPath = onDisk?.ExecStartPath,
                Distribution = DistributionOf(launch, onDisk, node),
            };
            launch = launch with { ManagedByCluster = launch.Distribution == Distribution.OpenShift };
            return launch;
        }

        public KubeletLaunch FromDisk(INodeReader node)
        {
            var service = ServiceDefinition.Load(node, ServiceName);
            if (!service.Installed)
            {
                return null;
            }

            var execStart = service.ExecStart;
            int programWords = KubeletProgramWords(execStart.Select(w => w.Text).ToList());
            var launch = new KubeletLaunch(
                EvidenceBasis.ServiceUnit,
                null,
                ServiceName,
                execStart.Select(w => w.Text).ToList(),
                execStart.Skip(Math.Max(programWords, 1)).ToList())
            {
                WorkingDirectory = string.IsNullOrEmpty(service.WorkingDirectory) ? "/" : service.WorkingDirectory,
                DescribingFiles = service.FilesRead,
                ExtraFlagsHome = ExtraFlagsHomeOf(service),
                ExecStartPath = service.ExecStartPath,
            };
            if (service.Problem != null)
            {
                launch = launch with { Problem = new ResolutionProblem(ErrorIds.ServiceUnitInvalid, service.Problem, service.ProblemPath) };
            }
            else if (execStart.Count == 0)
            {
                launch = launch with
                {
                    Problem = new ResolutionProblem(ErrorIds.ServiceUnitInvalid, $"{ServiceName} ({service.UnitPath}) has no ExecStart=; systemd cannot start it.", service.UnitPath),
                };
            }

            launch = launch with { Distribution = DistributionOf(launch, launch, node) };
            launch = launch with { ManagedByCluster = launch.Distribution == Distribution.OpenShift };
            return launch;
        }

        /// <summary>How many leading words name the program: 1 for kubelet, 2 for 'hyperkube kubelet' and 'kubenswrapper kubelet', 0 for anything else.</summary>
        private static int KubeletProgramWords(IReadOnlyList<string> argv)
        {
            if (argv == null || argv.Count == 0)
            {
                return 0;
            }

            string program = NodePath.FileName(argv[0]);
            if (program == "kubelet")
            {
                return 1;
            }

            if (argv.Count > 1 && ((program == "hyperkube" && argv[1] == "kubelet") || (program == "kubenswrapper" && NodePath.FileName(argv[1]) == "kubelet")))
            {
                return 2;
            }

            return 0;
        }

        private static FlagHome ExtraFlagsHomeOf(ServiceDefinition service)
        {
            // kubeadm's drop-in reads KUBELET_EXTRA_ARGS from /etc/default/kubelet (deb) or /etc/sysconfig/kubelet (rpm).
            const string variable = "KUBELET_EXTRA_ARGS";
            if (service.RawExecStart == null || !service.RawExecStart.Contains(variable))
            {
                return null;
            }

            bool defined = service.Environment.TryGetValue(variable, out var value);
            if (defined && value.Origin.Kind == WordOriginKind.UnitEnvironment)
            {
                // A new definition in the environment file would override the unit's Environment= and drop the flags
                // it holds; the fix then goes to ExecStart instead.
                return null;
            }

            string path = defined
                ? value.Origin.Path
                : service.EnvironmentFilePaths.LastOrDefault(f => f == "/etc/default/kubelet" || f == "/etc/sysconfig/kubelet");
            return path == null ? null : new FlagHome(WordOriginKind.EnvironmentFile, path, variable);
        }

        private static string DistributionOf(KubeletLaunch launch, KubeletLaunch onDisk, INodeReader node) =>
            Distribution.Recognize(launch, onDisk, node);
    }
}
