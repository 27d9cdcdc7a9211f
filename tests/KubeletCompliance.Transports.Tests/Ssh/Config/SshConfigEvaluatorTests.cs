using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Transports.Ssh.Config;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh.Config
{
    /// <summary>What ssh -G cannot show: refusals, reports, and ~ in Include (ssh's ~ is this machine's real home).</summary>
    public sealed class SshConfigEvaluatorTests
    {
        private sealed class InMemorySource : ISshConfigSource
        {
            public Dictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            public string ReadText(string path) => Files.TryGetValue(path, out string text) ? text : null;

            public IReadOnlyList<string> Glob(string pattern) =>
                Files.Keys.Where(k => SshPatterns.Match(k, pattern)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        }

        private static SshHostSettings Evaluate(string config, string host, InMemorySource source = null)
        {
            source = source ?? new InMemorySource();
            source.Files["/home/op/.ssh/config"] = config;
            return new SshConfigEvaluator(source, "/home/op", "op").Evaluate(new SshConfigQuery { Host = host }, new[] { new SshConfigFile("/home/op/.ssh/config", true) });
        }

        [Fact]
        public void UnknownKeywords_AreReportedWithTheirLine_UnlessIgnoreUnknownCoversThem()
        {
            var settings = Evaluate("IgnoreUnknown UseKeychain\nUseKeychain yes\nHost other\n  Bogus 1\nHost *\n  AlsoBogus 2\n  ServerAliveInterval 5\n", "n1");

            Assert.Equal(new[] { "/home/op/.ssh/config line 4: bogus", "/home/op/.ssh/config line 6: alsobogus" }, settings.UnknownKeywords);
        }

        [Fact]
        public void UnsupportedMatch_IsRefused_OnlyWhereItDecides()
        {
            const string config = "Match originalhost web* exec \"test -f /x\"\n  User w\n";

            Assert.Equal("op", Evaluate(config, "db1").User);
            var ex = Assert.Throws<SshConfigException>(() => Evaluate(config, "web1"));
            Assert.Contains("Match exec is not supported", ex.Message);
            Assert.Contains("line 1", ex.Message);
        }

        [Fact]
        public void ProxyCommand_IsRefused_ButProxyJumpOrNoneWins()
        {
            Assert.Throws<SshConfigException>(() => Evaluate("Host *\n  ProxyCommand nc %h %p\n", "n1"));
            Assert.Empty(Evaluate("Host *\n  ProxyCommand none\n", "n1").JumpHosts);
            Assert.Equal("b", Evaluate("Host *\n  ProxyJump b\n  ProxyCommand nc %h %p\n", "n1").JumpHosts.Single().Host);
        }

        [Fact]
        public void Include_ResolvesTildeAndRelativePathsUnderDotSsh()
        {
            var source = new InMemorySource();
            source.Files["/home/op/.ssh/config.d/a"] = "Host n1\n  User from-a\n";
            source.Files["/home/op/.ssh/extra"] = "Host n1\n  Port 2200\n";

            var settings = Evaluate("Include ~/.ssh/config.d/*\nInclude extra\n", "n1", source);

            Assert.Equal("from-a", settings.User);
            Assert.Equal(2200, settings.Port);
        }

        [Fact]
        public void IncludeLoops_AndBadValues_AreClearErrors()
        {
            Assert.Contains("Include nests deeper", Assert.Throws<SshConfigException>(() => Evaluate("Include ~/.ssh/config\n", "n1")).Message);
            Assert.Contains("line 2: Badly formatted port number 'ssh'", Assert.Throws<SshConfigException>(() => Evaluate("Host *\n  Port ssh\n", "n1")).Message);
            Assert.Contains("unknown token %z", Assert.Throws<SshConfigException>(() => Evaluate("IdentityFile ~/.ssh/%z\n", "n1")).Message);
            Assert.Contains("invalid quotes", Assert.Throws<SshConfigException>(() => Evaluate("User \"op\n", "n1")).Message);
        }

        [Fact]
        public void Paths_ExpandTildeAndTokens_AndAgentNames()
        {
            var settings = Evaluate("Host *\n  IdentityFile ~/.ssh/%h_%r\n  IdentityAgent ~/.agent/%u.sock\n", "n1");

            Assert.Equal(new[] { "/home/op/.ssh/n1_op" }, settings.IdentityFiles);
            Assert.Equal("/home/op/.agent/op.sock", settings.IdentityAgent);
            Assert.Null(Evaluate("IdentityAgent SSH_AUTH_SOCK\n", "n1").IdentityAgent);
            Assert.True(Evaluate(string.Empty, "n1").IdentityFilesAreDefaults);
        }

        [Fact]
        public void JumpLoops_AreRefused()
        {
            var source = new InMemorySource();
            source.Files["/home/op/.ssh/config"] = "Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n";
            var evaluator = new SshConfigEvaluator(source, "/home/op", "op");

            Assert.Throws<SshConfigException>(() => evaluator.ResolveRoute(new SshConfigQuery { Host = "a" }, new[] { new SshConfigFile("/home/op/.ssh/config", true) }));
        }
    }
}
