using System.Collections.Generic;
using System.Linq;

namespace KubeletCompliance.Core.Distributions
{
    public static class KubeletLayouts
    {
        /// <summary>
        /// Every layout. A process is offered to each in turn, so the layouts that recognise a kubelet by where its
        /// binary lives (MicroK8s's snap, RKE2's data dir) come before the kubelet.service layout, which takes any
        /// process named kubelet. For a node that is not running, the first installed layout is audited.
        /// </summary>
        public static IReadOnlyList<IKubeletLayout> All { get; } = new IKubeletLayout[]
        {
            new MicroK8sKubeletLayout(),
            RancherKubeletLayout.Rke2,
            RancherKubeletLayout.K3s,
            new SystemdKubeletLayout(),
        };

        /// <summary>Every service that runs a kubelet in some layout: the control groups a kubelet process is trusted in.</summary>
        public static IReadOnlyList<string> Services { get; } = All.SelectMany(layout => layout.ServiceNames).Distinct().ToList();
    }
}
