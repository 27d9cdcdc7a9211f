using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Distributions;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Editing;
using KubeletCompliance.Transports.FileSystem;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>
    /// Plans on a temporary node tree, applies the plan with the file-system writer, and checks that only the
    /// intended lines of the intended file changed (plus one backup holding the original bytes) and that the
    /// audit then passes; a second plan has nothing to do.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class PlannerRoundTripTests
    {
        private const string Stamp = "20261128T120000000Z";
        private const string ConfigUnit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n";
        private const string KubeadmDropIn = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_EXTRA_ARGS\n";
        private const string Header = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

        private const string ArgsPath = "/var/snap/microk8s/current/args/kubelet";
        private const string K3sConfigPath = "/etc/rancher/k3s/config.yaml";
        private static readonly (string, string) K3sUnit = ("/etc/systemd/system/k3s.service", "[Service]\nType=notify\nExecStart=/usr/local/bin/k3s server\n");
        private static readonly (string, string) KubeliteUnit = ("/etc/systemd/system/snap.microk8s.daemon-kubelite.service", "[Service]\nExecStart=/usr/bin/snap run microk8s.daemon-kubelite\n");
        private static readonly NodeResolver WithDistributions = NodeResolver.Default;

        public static IEnumerable<object[]> Cases()
        {
            yield return Case("YAML block", "/var/lib/kubelet/config.yaml", new[] { "    enabled: true" }, new[] { "    enabled: false" },
                ("/etc/systemd/system/kubelet.service", ConfigUnit),
                ("/var/lib/kubelet/config.yaml", Header + "authentication:\n  anonymous:\n    enabled: true\n  webhook:\n    enabled: true\n"));
            yield return Case("YAML flow", "/var/lib/kubelet/config.yaml",
                new[] { "authentication: {anonymous: {enabled: true}, webhook: {enabled: true}}" }, new[] { "authentication: {anonymous: {enabled: false}, webhook: {enabled: true}}" },
                ("/etc/systemd/system/kubelet.service", ConfigUnit),
                ("/var/lib/kubelet/config.yaml", Header + "authentication: {anonymous: {enabled: true}, webhook: {enabled: true}}\n"));
            yield return Case("YAML with comments, CRLF and BOM", "/var/lib/kubelet/config.yaml",
                new[] { "    enabled: true   # TODO: harden" }, new[] { "    enabled: false   # TODO: harden" },
                ("/etc/systemd/system/kubelet.service", ConfigUnit),
                ("/var/lib/kubelet/config.yaml", "\uFEFF# kubelet settings\r\napiVersion: kubelet.config.k8s.io/v1beta1\r\nkind: KubeletConfiguration\r\nauthentication:\r\n  # who may call the kubelet\r\n  anonymous:\r\n    enabled: true   # TODO: harden\r\n"));
            yield return Case("JSON", "/etc/kubernetes/kubelet/kubelet-config.json",
                new[] { "  \"authentication\": { \"anonymous\": { \"enabled\": true } }" }, new[] { "  \"authentication\": { \"anonymous\": { \"enabled\": false } }" },
                ("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --config /etc/kubernetes/kubelet/kubelet-config.json\n"),
                ("/etc/kubernetes/kubelet/kubelet-config.json", "{\n  \"kind\": \"KubeletConfiguration\",\n  \"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n  \"authentication\": { \"anonymous\": { \"enabled\": true } }\n}\n"));
            yield return Case("config file without the key", "/var/lib/kubelet/config.yaml",
                new string[0], new[] { "authentication:", "  anonymous:", "    enabled: false" },
                ("/etc/systemd/system/kubelet.service", ConfigUnit),
                ("/var/lib/kubelet/config.yaml", Header + "cgroupDriver: systemd\n"));
            yield return Case("--config-dir drop-in that wins", "/etc/kubernetes/kubelet.conf.d/20-site.conf",
                new[] { "    enabled: true" }, new[] { "    enabled: false" },
                ("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --config-dir=/etc/kubernetes/kubelet.conf.d\n"),
                ("/var/lib/kubelet/config.yaml", Header + "authentication:\n  anonymous:\n    enabled: false\n"),
                ("/etc/kubernetes/kubelet.conf.d/20-site.conf", Header + "authentication:\n  anonymous:\n    enabled: true\n"));
            yield return Case("systemd unit ExecStart flag", "/etc/systemd/system/kubelet.service",
                new[] { "  --anonymous-auth=true \\" }, new[] { "  --anonymous-auth=false \\" },
                ("/etc/systemd/system/kubelet.service", "[Unit]\nDescription=kubelet\n\n[Service]\nExecStart=/usr/local/bin/kubelet \\\n  --anonymous-auth=true \\\n  --v=2\nRestart=always\n"));
            yield return Case("unit drop-in Environment= flag", "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                new[] { "Environment=\"KUBELET_SYSTEM_PODS_ARGS=--pod-manifest-path=/etc/kubernetes/manifests --anonymous-auth=true\"" },
                new[] { "Environment=\"KUBELET_SYSTEM_PODS_ARGS=--pod-manifest-path=/etc/kubernetes/manifests --anonymous-auth=false\"" },
                ("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n"),
                ("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\nEnvironment=\"KUBELET_SYSTEM_PODS_ARGS=--pod-manifest-path=/etc/kubernetes/manifests --anonymous-auth=true\"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_SYSTEM_PODS_ARGS\n"));
            yield return Case("environment file with quotes, flag replaced", "/etc/default/kubelet",
                new[] { "KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --anonymous-auth=true\"" }, new[] { "KUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --anonymous-auth=false\"" },
                ("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", KubeadmDropIn),
                ("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n"),
                ("/var/lib/kubelet/config.yaml", Header + "authentication:\n  anonymous:\n    enabled: false\n"),
                ("/etc/default/kubelet", "# extra flags\nKUBELET_EXTRA_ARGS=\"--node-ip=10.0.0.5 --anonymous-auth=true\"\n"));
            yield return Case("environment file with quotes, flag added", "/etc/default/kubelet",
                new[] { "KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5'" }, new[] { "KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5 --anonymous-auth=false'" },
                ("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"),
                ("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n"),
                ("/etc/default/kubelet", "KUBELET_EXTRA_ARGS='--node-ip=10.0.0.5'\n"));
            yield return Case("MicroK8s args file, flag added", ArgsPath,
                new string[0], new[] { "--anonymous-auth=false" },
                KubeliteUnit, (ArgsPath, "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n--cert-dir=${SNAP_DATA}/certs\n"));
            yield return Case("MicroK8s args file, flag replaced", ArgsPath,
                new[] { "--anonymous-auth=true" }, new[] { "--anonymous-auth=false" },
                KubeliteUnit, (ArgsPath, "--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n--anonymous-auth=true\n--cert-dir=${SNAP_DATA}/certs\n"));
            yield return Case("k3s config.yaml, kubelet-arg list", K3sConfigPath,
                new[] { "  - \"anonymous-auth=true\"" }, new[] { "  - \"anonymous-auth=false\"" },
                K3sUnit, (K3sConfigPath, "write-kubeconfig-mode: \"0644\"\nkubelet-arg:\n  - \"max-pods=110\"\n  - \"anonymous-auth=true\"\n"));
            yield return Case("k3s config.yaml, kubelet-arg string", K3sConfigPath,
                new[] { "kubelet-arg: \"anonymous-auth=true\"" }, new[] { "kubelet-arg: \"anonymous-auth=false\"" },
                K3sUnit, (K3sConfigPath, "token: secret\nkubelet-arg: \"anonymous-auth=true\"\n"));
        }

        private static object[] Case(string name, string changed, string[] removed, string[] added, params (string Path, string Content)[] files) =>
            new object[] { name, changed, removed, added, files.ToDictionary(f => f.Path, f => f.Content) };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Plan_Applied_ChangesOnlyTheIntendedLines_AndTheNodePasses(string name, string changed, string[] removed, string[] added, Dictionary<string, string> files)
        {
            using (var tree = TempNodeTree.FromFiles(files))
            {
                AssertRoundTrip(name, tree, changed, removed, added);
            }
        }

        [Fact]
        public void Kubeadm110Fixture_WithNoConfigAndNoExtraFlagsFile_GetsTheFlagOnItsExecStartLine()
        {
            using (var tree = TempNodeTree.FromFixture("kubeadm-1.10"))
            {
                const string dropIn = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf";
                string execStart = tree.Text(dropIn).Split('\n').Last(l => l.StartsWith("ExecStart=/"));
                AssertRoundTrip("kubeadm-1.10", tree, dropIn, new[] { execStart }, new[] { execStart + " --anonymous-auth=false" });
            }
        }

        [Fact]
        public void FlagsOnlyFixture_GetsOneMoreContinuationLine()
        {
            using (var tree = TempNodeTree.FromFixture("flags-only-default"))
            {
                AssertRoundTrip("flags-only-default", tree, "/etc/systemd/system/kubelet.service", new[] { "  --v=2" }, new[] { "  --v=2 \\", "  --anonymous-auth=false" });
            }
        }

        [Fact]
        public void MissingOptionalEnvironmentFile_IsCreated0644WithTheFlag()
        {
            var files = new Dictionary<string, string>
            {
                ["/lib/systemd/system/kubelet.service"] = "[Service]\nExecStart=/usr/bin/kubelet\n",
                ["/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"] = "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                Directory.CreateDirectory(tree.Host("/etc/default"));
                var before = tree.Snapshot();
                var outcome = Apply(tree, WithDistributions, out _);

                Assert.Equal(RemediationStatus.Changed, outcome.Status);
                Assert.Equal("KUBELET_EXTRA_ARGS=--anonymous-auth=false\n", tree.Text("/etc/default/kubelet"));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(tree.Host("/etc/default/kubelet")));
                Assert.Equal(new[] { "/etc/default/kubelet.kcbak-" + Stamp + ".absent" }, outcome.Backups);
                AssertPasses(tree, WithDistributions);

                var undo = UndoExecution.Undo(UndoPlanner.Plan(new FileSystemNode(tree.Root), WithDistributions.Resolve(new FileSystemNode(tree.Root))), new FileSystemNodeWriter(new FileSystemNode(tree.Root)), false, "20261128T130000000Z");
                Assert.Equal(RemediationStatus.Changed, undo.Status);
                Assert.False(File.Exists(tree.Host("/etc/default/kubelet")));
            }
        }

        [Fact]
        public void OwnerAndMode_OfTheChangedFile_AndOfItsBackup_AreTheOriginals()
        {
            var files = new Dictionary<string, string>
            {
                ["/etc/systemd/system/kubelet.service"] = ConfigUnit,
                ["/var/lib/kubelet/config.yaml"] = Header + "authentication:\n  anonymous:\n    enabled: true\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                string config = tree.Host("/var/lib/kubelet/config.yaml");
                var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
                File.SetUnixFileMode(config, mode);
                Assert.Equal(0, System.Diagnostics.Process.Start("chown", $"1234:2345 {config}").WaitForExitAndCode());

                Apply(tree, NodeResolver.Default, out _);

                foreach (string path in new[] { config, config + ".kcbak-" + Stamp })
                {
                    Assert.Equal(mode, File.GetUnixFileMode(path));
                    Assert.Equal("1234:2345", Run("stat", "-c %u:%g " + path).Trim());
                }
            }
        }

        private static void AssertRoundTrip(string name, TempNodeTree tree, string changed, string[] removed, string[] added)
        {
            var before = tree.Snapshot();
            string original = tree.Text(changed);

            var outcome = Apply(tree, WithDistributions, out var plan);

            Assert.True(outcome.Status == RemediationStatus.Changed, name + ": " + outcome.Reason);
            Assert.Equal(new[] { changed }, outcome.FilesChanged);
            string backup = changed + ".kcbak-" + Stamp;
            Assert.Equal(new[] { backup }, outcome.Backups);
            var after = tree.Snapshot();
            Assert.Equal(before.Keys.Append(backup).OrderBy(k => k, StringComparer.Ordinal), after.Keys);
            Assert.Equal(before[changed], after[backup]);
            Assert.All(before.Keys.Where(k => k != changed), k => Assert.Equal(before[k], after[k]));
            EditAssert.OnlyLinesChanged(original, tree.Text(changed), removed, added);
            Assert.Contains("+" + added.Last().TrimStart('\uFEFF'), plan.Edits.Single().Diff);
            AssertPasses(tree, WithDistributions);

            var again = WithDistributions.Resolve(new FileSystemNode(tree.Root));
            Assert.True(new RemediationPlanner(WithDistributions).Plan(new FileSystemNode(tree.Root), again, false).NothingToChange);
        }

        internal static RemediationOutcome Apply(TempNodeTree tree, NodeResolver resolver, out RemediationPlan plan, Action<string> checkpoint = null)
        {
            var node = new FileSystemNode(tree.Root);
            plan = new RemediationPlanner(resolver).Plan(node, resolver.Resolve(node), enabled: false);
            return RemediationExecution.Apply(plan, new FileSystemNodeWriter(node, checkpoint), Stamp);
        }

        internal static void AssertPasses(TempNodeTree tree, NodeResolver resolver)
        {
            var verdict = Cis421.Judge(resolver.Resolve(new FileSystemNode(tree.Root)));
            Assert.True(verdict.Status == ControlStatus.Pass, verdict.Reason);
        }

        internal static string Run(string program, string arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo(program, arguments) { RedirectStandardOutput = true };
            using (var process = System.Diagnostics.Process.Start(start))
            {
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return output;
            }
        }
    }

    internal static class ProcessExtensions
    {
        public static int WaitForExitAndCode(this System.Diagnostics.Process process)
        {
            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
