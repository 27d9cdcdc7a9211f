using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Systemd;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Systemd
{
    public class ServiceUnitTests
    {
        private static string[] Argv(InMemoryNode node) =>
            ServiceDefinition.Load(node, "kubelet.service").ExecStart.Select(w => w.Text).ToArray();

        [Fact]
        public void EtcUnit_HidesTheSameUnitUnderLib()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --from=lib", "/lib/systemd/system")
                .Unit("/usr/bin/kubelet --from=etc", "/etc/systemd/system");
            Assert.Equal(new[] { "/usr/bin/kubelet", "--from=etc" }, Argv(node));
        }

        [Fact]
        public void SearchPath_IsSystemdsOrder()
        {
            Assert.Equal(
                new[] { "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system" },
                ServiceDefinition.SearchPath);
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --from=usr-lib", "/usr/lib/systemd/system")
                .Unit("/usr/bin/kubelet --from=usr-local", "/usr/local/lib/systemd/system");
            Assert.Equal("--from=usr-local", Argv(node)[1]);
        }

        [Fact]
        public void DropIns_ApplyInFileNameOrderAcrossFolders()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet", "/usr/lib/systemd/system")
                .File("/usr/lib/systemd/system/kubelet.service.d/10-a.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from=10\n")
                .File("/etc/systemd/system/kubelet.service.d/20-b.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from=20\n");
            Assert.Equal("--from=20", Argv(node)[1]);
        }

        [Fact]
        public void SameNamedDropIn_InAnEarlierFolderHidesTheLaterOne()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet", "/usr/lib/systemd/system")
                .File("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from=vendor\n")
                .File("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from=admin\n");
            var service = ServiceDefinition.Load(node, "kubelet.service");
            Assert.Equal("--from=admin", service.ExecStart[1].Text);
            Assert.Single(service.DropInPaths);
        }

        [Fact]
        public void DropInsNotEndingInConf_AreIgnored()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --from=unit")
                .File("/etc/systemd/system/kubelet.service.d/20.conf.disabled", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --from=dropin\n");
            Assert.Equal("--from=unit", Argv(node)[1]);
        }

        [Fact]
        public void EmptyExecStart_ResetsEarlierOnes_AndTwoLeftIsAnError()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --a")
                .File("/etc/systemd/system/kubelet.service.d/10.conf", "[Service]\nExecStart=/usr/bin/kubelet --b\n");
            var service = ServiceDefinition.Load(node, "kubelet.service");
            Assert.NotNull(service.Problem);
            Assert.Equal(ErrorIds.ServiceUnitInvalid, Resolve.Node(node).Problem.ErrorId);
        }

        [Fact]
        public void DollarVar_SplitsIntoWords_BraceVar_StaysOneWord()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service",
                    "[Service]\nEnvironment=\"ARGS=--a=1 --b=2\"\nEnvironment=\"ONE=--c=3 4\"\nExecStart=/usr/bin/kubelet $ARGS ${ONE} --d=${ONE}\n");
            Assert.Equal(new[] { "/usr/bin/kubelet", "--a=1", "--b=2", "--c=3 4", "--d=--c=3 4" }, Argv(node));
        }

        [Fact]
        public void UnsetVariables_VanishOrBecomeEmpty()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet $NOPE ${NOPE} --x");
            Assert.Equal(new[] { "/usr/bin/kubelet", "", "--x" }, Argv(node));
        }

        [Fact]
        public void UnsetBracedVariable_LeavesAnEmptyWordThatStopsTheKubelet()
        {
            var setting = Resolve.Node(new InMemoryNode().Unit("/usr/bin/kubelet ${KUBELET_EXTRA_ARGS} --anonymous-auth=false"));
            Assert.Equal(ErrorIds.InvalidCommandLine, setting.Problem.ErrorId);
            Assert.Contains("unknown command \"\"", setting.Problem.Message);
        }

        [Fact]
        public void QuotedDollarVar_StillSplits_AndAnInvalidNameRemovesTheWord()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service", "[Service]\nEnvironment=\"ARGS=--a=1 --b=2\"\nExecStart=/usr/bin/kubelet \"$ARGS\" $ARGS-x --c=$$HOME\n");
            Assert.Equal(new[] { "/usr/bin/kubelet", "--a=1", "--b=2", "--c=$HOME" }, Argv(node));
        }

        [Fact]
        public void EnvironmentFile_OverridesEnvironment_AndOptionalMissingFileIsFine()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service",
                    "[Service]\nEnvironment=\"EXTRA=--anonymous-auth=true\"\nEnvironmentFile=-/etc/default/missing\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $EXTRA\n")
                .File("/etc/default/kubelet", "# comment\nEXTRA=\"--anonymous-auth=false --v=2\"\n");
            var service = ServiceDefinition.Load(node, "kubelet.service");
            Assert.Equal(new[] { "/usr/bin/kubelet", "--anonymous-auth=false", "--v=2" }, service.ExecStart.Select(w => w.Text));
            Assert.Equal(WordOriginKind.EnvironmentFile, service.ExecStart[1].Origin.Kind);
            Assert.Equal("/etc/default/kubelet", service.ExecStart[1].Origin.Path);
            Assert.Equal("EXTRA", service.ExecStart[1].Origin.Variable);
        }

        [Fact]
        public void MissingRequiredEnvironmentFile_StopsTheService()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service", "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet\n");
            Assert.Equal(ErrorIds.ServiceUnitInvalid, Resolve.Node(node).Problem.ErrorId);
        }

        [Fact]
        public void ContinuationLinesAndQuotes_AreJoined()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service",
                    "[Service]\nExecStart=/usr/bin/kubelet \\\n  --node-labels=\"a=b c\" \\\n# a comment inside the continuation\n  '--anonymous-auth=false'\n");
            Assert.Equal(new[] { "/usr/bin/kubelet", "--node-labels=a=b c", "--anonymous-auth=false" }, Argv(node));
        }

        [Fact]
        public void ExecPrefixes_AreStripped()
        {
            var node = new InMemoryNode().Unit("-/usr/bin/kubelet --anonymous-auth=false");
            Assert.Equal("/usr/bin/kubelet", Argv(node)[0]);
            Assert.False(Resolve.Node(node).Enabled);
        }

        [Fact]
        public void MaskedUnit_IsNotInstalled()
        {
            var node = new InMemoryNode()
                .File("/etc/systemd/system/kubelet.service", string.Empty)
                .Unit("/usr/bin/kubelet --anonymous-auth=true", "/lib/systemd/system");
            Assert.False(ServiceDefinition.Load(node, "kubelet.service").Installed);
            Assert.Equal(SettingSource.NotFound, Resolve.Node(node).Source);
        }

        [Fact]
        public void EnvironmentFileQuoting_FollowsSystemd()
        {
            var pairs = EnvironmentFile.Parse(
                "A=\"x y\"\nB='p \"q\"'\nC=plain value   \nexport D=1\nE=\"multi\nline\"\n# F=no\n"
                + "G=--v=2 # not a comment\nH=--node-labels=\"a b\" --x\nI=\"one \\\ntwo\"\nJ=a\\\nb\n  K = spaced\n");
            var map = pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            Assert.Equal("x y", map["A"]);
            Assert.Equal("p \"q\"", map["B"]);
            Assert.Equal("plain value", map["C"]);
            Assert.False(map.ContainsKey("D"));
            Assert.False(map.ContainsKey("export D"));
            Assert.Equal("multi\nline", map["E"]);
            Assert.False(map.ContainsKey("F"));
            Assert.Equal("--v=2 # not a comment", map["G"]);
            Assert.Equal("--node-labels=\"a b\" --x", map["H"]);
            Assert.Equal("one two", map["I"]);
            Assert.Equal("ab", map["J"]);
            Assert.Equal("spaced", map["K"]);
        }

        [Fact]
        public void FlagInUnitDropIn_IsReportedInThatDropIn()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet", "/usr/lib/systemd/system")
                .File("/etc/systemd/system/kubelet.service.d/90-cis.conf", "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--anonymous-auth=false\"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n");
            var setting = Resolve.Node(node);
            Assert.False(setting.Enabled);
            Assert.Equal("/etc/systemd/system/kubelet.service.d/90-cis.conf", setting.Effective.SourcePath);
        }
    }
}
