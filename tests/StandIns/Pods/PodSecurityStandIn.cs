using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace KubeletCompliance.StandIns.Pods
{
    /// <summary>
    /// Pod Security Admission as the API server enforces it from a namespace's <c>pod-security.kubernetes.io/enforce</c>
    /// label: the checks of the baseline level that a node-reading pod can trip, and the restricted level's extra ones,
    /// with the message text of k8s.io/pod-security-admission (policy/check_*.go).
    /// </summary>
    public static class PodSecurityStandIn
    {
        public const string Privileged = "privileged";
        public const string Baseline = "baseline";
        public const string Restricted = "restricted";

        // The capabilities the baseline level allows to be added (check_capabilities_baseline.go).
        private static readonly HashSet<string> BaselineCapabilities = new HashSet<string>(StringComparer.Ordinal)
        {
            "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
            "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
        };

        /// <summary>Null when the level admits the pod, otherwise the Forbidden message the API server returns.</summary>
        public static string Refusal(string level, string podName, JsonObject pod)
        {
            if (level == Privileged)
            {
                return null;
            }

            JsonObject spec = pod["spec"] as JsonObject ?? new JsonObject();
            var containers = (spec["containers"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().ToList();
            var violations = new List<string>();

            var hostNamespaces = new List<string>();
            foreach (string field in new[] { "hostNetwork", "hostPID", "hostIPC" })
            {
                if (spec[field]?.GetValue<bool>() == true)
                {
                    hostNamespaces.Add(field + "=true");
                }
            }

            if (hostNamespaces.Count > 0)
            {
                violations.Add("host namespaces (" + string.Join(", ", hostNamespaces) + ")");
            }

            var privileged = containers.Where(c => c["securityContext"]?["privileged"]?.GetValue<bool>() == true).Select(Name).ToList();
            if (privileged.Count > 0)
            {
                violations.Add("privileged (" + Plural("container", privileged) + " must not set securityContext.privileged=true)");
            }

            var hostPaths = (spec["volumes"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                .Where(v => v["hostPath"] != null).Select(v => Quote(v["name"]?.GetValue<string>())).ToList();
            if (hostPaths.Count > 0)
            {
                violations.Add("hostPath " + (hostPaths.Count == 1 ? "volume " : "volumes ") + string.Join(", ", hostPaths));
            }

            foreach (JsonObject container in containers)
            {
                var added = (container["securityContext"]?["capabilities"]?["add"] as JsonArray ?? new JsonArray())
                    .Select(c => c.GetValue<string>()).Where(c => !BaselineCapabilities.Contains(c)).OrderBy(c => c, StringComparer.Ordinal).ToList();
                if (added.Count > 0)
                {
                    violations.Add("non-default capabilities (container " + Quote(Name(container)) + " must not include "
                        + string.Join(", ", added.Select(Quote)) + " in securityContext.capabilities.add)");
                }
            }

            string appArmor = spec["securityContext"]?["appArmorProfile"]?["type"]?.GetValue<string>();
            var unconfined = containers.Where(c => c["securityContext"]?["appArmorProfile"]?["type"]?.GetValue<string>() == "Unconfined").Select(Name).ToList();
            if (appArmor == "Unconfined" || unconfined.Count > 0)
            {
                violations.Add("forbidden AppArmor profile (appArmorProfile.type=\"Unconfined\")");
            }

            if (level == Restricted)
            {
                var escalating = containers.Where(c => c["securityContext"]?["allowPrivilegeEscalation"]?.GetValue<bool>() != false).Select(Name).ToList();
                if (escalating.Count > 0)
                {
                    violations.Add("allowPrivilegeEscalation != false (" + Plural("container", escalating) + " must set securityContext.allowPrivilegeEscalation=false)");
                }

                bool podNonRoot = spec["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() == true;
                var root = containers.Where(c => !podNonRoot && c["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() != true).Select(Name).ToList();
                if (root.Count > 0)
                {
                    violations.Add("runAsNonRoot != true (pod or " + Plural("container", root) + " must set securityContext.runAsNonRoot=true)");
                }
            }

            return violations.Count == 0
                ? null
                : "pods \"" + podName + "\" is forbidden: violates PodSecurity \"" + level + ":latest\": " + string.Join(", ", violations);
        }

        private static string Name(JsonObject container) => container["name"]?.GetValue<string>() ?? string.Empty;

        private static string Quote(string value) => "\"" + value + "\"";

        private static string Plural(string noun, IReadOnlyList<string> names) =>
            noun + (names.Count == 1 ? " " : "s ") + string.Join(", ", names.Select(Quote));
    }
}
