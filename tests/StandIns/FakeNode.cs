using System.Collections.Generic;
using KubeletCompliance.StandIns.Pods;

namespace KubeletCompliance.StandIns
{
    /// <summary>How a node's /configz answers through the API server.</summary>
    public enum ConfigzBehaviour
    {
        Answers,
        Forbidden,
        KubeletDown,
        NotKubeletConfig,
        /// <summary>Answers only once <see cref="ApiServerStandIn.ReleaseSlowNodes"/> is called (or after a long delay).</summary>
        Slow,
        /// <summary>Streams an endless JSON string until the client goes away.</summary>
        Endless,
    }

    public sealed class FakeNode
    {
        public FakeNode(string name, bool anonymousEnabled = false, ConfigzBehaviour behaviour = ConfigzBehaviour.Answers,
            IDictionary<string, string> labels = null)
        {
            Name = name;
            AnonymousEnabled = anonymousEnabled;
            Behaviour = behaviour;
            Labels = labels ?? new Dictionary<string, string>();
        }

        public string Name { get; }
        public bool AnonymousEnabled { get; }
        public ConfigzBehaviour Behaviour { get; }
        public IDictionary<string, string> Labels { get; }
        public string InternalIP { get; set; }
        /// <summary>The node's file system as a pod's hostPath volume of "/" shows it: a fixture tree.</summary>
        public string Root { get; set; }
        /// <summary>The kubernetes.io/os label and nodeInfo.operatingSystem.</summary>
        public string Os { get; set; } = "linux";
        /// <summary>The Ready condition; a node that is not ready runs no new pods.</summary>
        public bool Ready { get; set; } = true;
        public PodBehaviour Pods { get; set; } = PodBehaviour.Runs;
    }
}
