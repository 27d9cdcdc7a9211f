using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Core.Processes
{
    /// <summary>
    /// Whether a process that looks like a kubelet may be believed. Anyone can start a process named kubelet with any
    /// argv (<c>exec -a kubelet ./x --config=/tmp/mine/kubelet.yaml</c>); only root can put a process in a system
    /// service's control group or run it as uid 0. So a process counts as the kubelet only when its control group is
    /// a service that runs a kubelet, or when it runs as root (real and effective uid 0) and, on a live node, from an
    /// executable only root can change. Anything else is a look-alike and evidence of nothing.
    /// </summary>
    public static class KubeletProcessTrust
    {
        /// <summary>Null when the node vouches for the process; else one sentence saying why it does not.</summary>
        public static string Distrust(NodeProcess process, IEnumerable<string> kubeletServices)
        {
            var identity = process.Identity;
            string service = OutermostService(identity.ControlGroup);
            if (service != null && kubeletServices.Contains(service, StringComparer.Ordinal))
            {
                return null;
            }

            bool root = identity.RealUid == 0 && identity.EffectiveUid == 0;
            if (root && (!identity.Live || (identity.Executable != null && identity.Executable.OnlyRootCanChange)))
            {
                return null;
            }

            string who = identity.EffectiveUid.HasValue
                ? "runs as uid " + (identity.RealUid == identity.EffectiveUid ? identity.EffectiveUid.ToString() : identity.RealUid + " (effective " + identity.EffectiveUid + ")")
                : "its uid is unknown";
            string where = identity.ControlGroup == null ? "its control group is unknown" : "is in control group " + NodeText.Escape(identity.ControlGroup);
            string executable = root && identity.Live
                ? identity.Executable == null ? ", its executable could not be checked" : ", its executable is not owned by root or is writable by others"
                : string.Empty;
            return $"pid {process.Pid} ({NodeText.Escape(process.Name ?? "?")}) {who}, {where}{executable}";
        }

        /// <summary>
        /// The first *.service in the path: a user's own units sit below user@&lt;uid&gt;.service, so a unit a user names
        /// kubelet.service never counts.
        /// </summary>
        private static string OutermostService(string controlGroup) =>
            controlGroup?.Split('/').FirstOrDefault(part => part.EndsWith(".service", StringComparison.Ordinal));
    }
}
