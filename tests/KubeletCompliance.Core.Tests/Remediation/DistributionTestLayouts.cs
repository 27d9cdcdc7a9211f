using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Distributions;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;
using YamlDotNet.RepresentationModel;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>
    /// Minimal stand-ins for the k3s and MicroK8s layouts (another branch adds the real ones), enough to give the
    /// planner launches whose words come from a k3s config.yaml or a MicroK8s args file.
    /// </summary>
    internal sealed class K3sTestLayout : IKubeletLayout
    {
        public const string ConfigPath = "/etc/rancher/k3s/config.yaml";
        public const string DropInDir = "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d";

        public bool ClaimsProcessName(string name) => false;

        public KubeletLaunch FromProcess(NodeProcess process, INodeReader node) => null;

        public KubeletLaunch FromDisk(INodeReader node)
        {
            var file = node.ReadFile(ConfigPath);
            if (!file.Exists)
            {
                return null;
            }

            var words = new List<ArgumentWord> { new ArgumentWord("--config-dir=" + DropInDir, new WordOrigin(WordOriginKind.DistributionDefault, null)) };
            var stream = new YamlStream();
            stream.Load(new StringReader(file.Content.TrimStart('\uFEFF')));
            var root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
            if (root != null && root.Children.TryGetValue(new YamlScalarNode("kubelet-arg"), out var value))
            {
                var entries = value is YamlSequenceNode list ? list.Children.Cast<YamlScalarNode>().Select(s => s.Value) : new[] { ((YamlScalarNode)value).Value };
                words.AddRange(entries.Select(e => new ArgumentWord(e.StartsWith("--") ? e : "--" + e, new WordOrigin(WordOriginKind.DistributionConfig, ConfigPath))));
            }

            return new KubeletLaunch(EvidenceBasis.ServiceUnit, Distribution.K3s, "k3s.service", new[] { "k3s", "server" }, words)
            {
                WorkingDirectory = "/",
                DescribingFiles = new[] { ConfigPath },
                ExtraFlagsHome = new FlagHome(WordOriginKind.DistributionConfig, ConfigPath, null),
            };
        }
    }

    internal sealed class MicroK8sTestLayout : IKubeletLayout
    {
        public const string ArgsPath = "/var/snap/microk8s/current/args/kubelet";

        public bool ClaimsProcessName(string name) => false;

        public KubeletLaunch FromProcess(NodeProcess process, INodeReader node) => null;

        public KubeletLaunch FromDisk(INodeReader node)
        {
            var file = node.ReadFile(ArgsPath);
            if (!file.Exists)
            {
                return null;
            }

            var origin = new WordOrigin(WordOriginKind.ArgsFile, ArgsPath);
            var words = file.Content.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#"))
                .Select(l => new ArgumentWord(l, origin)).ToList();
            return new KubeletLaunch(EvidenceBasis.ServiceUnit, Distribution.MicroK8s, "snap.microk8s.daemon-kubelite.service", new[] { "kubelite" }, words)
            {
                WorkingDirectory = "/",
                DescribingFiles = new[] { ArgsPath },
                ExtraFlagsHome = new FlagHome(WordOriginKind.ArgsFile, ArgsPath, null),
            };
        }
    }
}
