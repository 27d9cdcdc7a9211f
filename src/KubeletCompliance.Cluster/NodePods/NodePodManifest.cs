using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using k8s.Models;
using KubeletCompliance.Transports.NodePods;

namespace KubeletCompliance.Cluster.NodePods
{
    /// <summary>
    /// The pod that reads (or, for a fix, writes) one node's files: pinned to the node by nodeName (no scheduler, so it
    /// runs on cordoned nodes too), tolerating every taint, in the host's PID namespace to see the kubelet's process,
    /// with the host's root mounted at <see cref="HostRoot"/>, and nothing else.
    /// </summary>
    public static class NodePodManifest
    {
        /// <summary>Where the host's root appears in the pod; the shell scripts read below it.</summary>
        public const string HostRoot = NodePodRequest.HostRoot;
        public const string ContainerName = "node-files";
        /// <summary>Every node pod carries it, so a later run (or kubectl) finds what a crashed run left.</summary>
        public const string NameLabel = "app.kubernetes.io/name";
        public const string NameLabelValue = "kubelet-compliance";
        public const string Selector = NameLabel + "=" + NameLabelValue;
        public const string NodeAnnotation = "kubelet-compliance/node";

        /// <summary>
        /// Reading /proc/PID/cwd of a root process is a ptrace read: a process with fewer capabilities than the kubelet
        /// needs CAP_SYS_PTRACE. CAP_DAC_READ_SEARCH reads files and folders whatever their owner and mode (as root
        /// reads them locally) without the right to write. Nothing else: all other capabilities are dropped.
        /// </summary>
        public static readonly IReadOnlyList<string> ReadCapabilities = new[] { "SYS_PTRACE", "DAC_READ_SEARCH" };

        /// <summary>A fix also replaces files in folders root may not write by mode (DAC_OVERRIDE) and keeps each file's owner and mode (CHOWN, FOWNER).</summary>
        public static readonly IReadOnlyList<string> WriteCapabilities = ReadCapabilities.Concat(new[] { "DAC_OVERRIDE", "CHOWN", "FOWNER" }).ToList();

        /// <summary>
        /// Set- -Restart only: nsenter into PID 1's mount and network namespaces (setns) needs CAP_SYS_ADMIN, and the
        /// mount namespace CAP_SYS_CHROOT too; opening /proc/1/ns/* is a ptrace read (SYS_PTRACE, already there). The
        /// RuntimeDefault seccomp profile allows setns once CAP_SYS_ADMIN is granted. With these the pod is root on the
        /// node in all but name, which a restart through systemd is anyway; an audit's pod never gets them.
        /// </summary>
        public static readonly IReadOnlyList<string> RestartCapabilities = WriteCapabilities.Concat(new[] { "SYS_ADMIN", "SYS_CHROOT" }).ToList();

        public static V1Pod Build(string nodeName, bool writable, NodePodRequest request)
        {
            // The pod dies on its own even if this process is killed before it can delete it.
            long deadline = (long)Math.Ceiling((request.PodStartTimeout + TimeSpan.FromTicks(request.OperationTimeout.Ticks * 10)).TotalSeconds);
            return new V1Pod
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Metadata = new V1ObjectMeta
                {
                    Name = Name(nodeName, writable),
                    NamespaceProperty = request.Namespace,
                    Labels = new Dictionary<string, string>
                    {
                        [NameLabel] = NameLabelValue,
                        ["app.kubernetes.io/component"] = writable ? "node-writer" : "node-reader",
                        ["app.kubernetes.io/managed-by"] = "KubeletCompliance",
                    },
                    Annotations = new Dictionary<string, string> { [NodeAnnotation] = nodeName },
                },
                Spec = new V1PodSpec
                {
                    NodeName = nodeName,
                    HostPID = true,
                    RestartPolicy = "Never",
                    AutomountServiceAccountToken = false,
                    EnableServiceLinks = false,
                    ActiveDeadlineSeconds = deadline,
                    TerminationGracePeriodSeconds = 1,
                    Tolerations = new List<V1Toleration> { new V1Toleration { OperatorProperty = "Exists" } },
                    SecurityContext = new V1PodSecurityContext
                    {
                        // The default container AppArmor profile allows ptrace reads only within the container, which
                        // would hide the kubelet's working directory.
                        AppArmorProfile = new V1AppArmorProfile { Type = "Unconfined" },
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                    Containers = new List<V1Container>
                    {
                        new V1Container
                        {
                            Name = ContainerName,
                            Image = request.Image,
                            ImagePullPolicy = "IfNotPresent",
                            Command = new List<string> { "sleep", deadline.ToString(CultureInfo.InvariantCulture) },
                            Resources = new V1ResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new ResourceQuantity("10m"), ["memory"] = new ResourceQuantity("16Mi") },
                                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new ResourceQuantity("500m"), ["memory"] = new ResourceQuantity("128Mi") },
                            },
                            SecurityContext = new V1SecurityContext
                            {
                                RunAsUser = 0,
                                Privileged = false,
                                AllowPrivilegeEscalation = false,
                                ReadOnlyRootFilesystem = true,
                                Capabilities = new V1Capabilities
                                {
                                    Drop = new List<string> { "ALL" },
                                    Add = (!writable ? ReadCapabilities : request.RestartsKubelet ? RestartCapabilities : WriteCapabilities).ToList(),
                                },
                            },
                            VolumeMounts = new List<V1VolumeMount>
                            {
                                new V1VolumeMount
                                {
                                    Name = "host-root",
                                    MountPath = HostRoot,
                                    ReadOnlyProperty = !writable,
                                    // Read-only all the way down (/host/var/lib/kubelet/pods, /host/run) where the kubelet supports it (1.30+).
                                    RecursiveReadOnly = writable ? null : "IfPossible",
                                },
                            },
                        },
                    },
                    Volumes = new List<V1Volume>
                    {
                        new V1Volume { Name = "host-root", HostPath = new V1HostPathVolumeSource { Path = "/", Type = "Directory" } },
                    },
                },
            };
        }

        /// <summary>
        /// "kubelet-compliance-read-NODE-xxxxx" (or -write-), the node part cut so the name stays a valid 63-character
        /// label. Chosen here rather than by generateName, so a create retried after a lost answer finds its own pod
        /// (409) instead of making a second one.
        /// </summary>
        internal static string Name(string nodeName, bool writable)
        {
            string prefix = "kubelet-compliance-" + (writable ? "write" : "read") + "-";
            var node = new StringBuilder();
            foreach (char c in nodeName.ToLowerInvariant())
            {
                node.Append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
            }

            string part = node.ToString().Trim('-');
            int room = 63 - 5 - prefix.Length - 1;
            if (part.Length > room)
            {
                part = part.Substring(0, room).TrimEnd('-');
            }

            const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
            var suffix = new char[5];
            for (int i = 0; i < suffix.Length; i++)
            {
                suffix[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
            }

            return prefix + (part.Length == 0 ? "node" : part) + "-" + new string(suffix);
        }
    }
}
