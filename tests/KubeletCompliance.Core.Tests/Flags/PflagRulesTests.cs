using System.Linq;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Flags;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Flags
{
    public class PflagRulesTests
    {
        private static KubeletFlags Parse(params string[] args) =>
            KubeletFlags.Parse(args.Select(a => new ArgumentWord(a, new WordOrigin(WordOriginKind.ProcessCmdline, "/proc/1/cmdline"))).ToList());

        [Fact]
        public void ExplicitFalse_IsFalse() => Assert.False(Parse("--anonymous-auth=false").EffectiveAnonymousAuth.Value);

        [Fact]
        public void BareFlag_IsTrue() => Assert.True(Parse("--anonymous-auth").EffectiveAnonymousAuth.Value);

        [Fact]
        public void SpaceSeparatedValue_IsBareTrueAndAPositionalThatStopsTheKubelet()
        {
            var flags = Parse("--anonymous-auth", "false");
            Assert.True(flags.EffectiveAnonymousAuth.Value);
            Assert.Equal("PositionalArgument", flags.Problems.Single().ErrorId);
        }

        [Fact]
        public void Underscore_IsNormalisedToDash() => Assert.False(Parse("--anonymous_auth=false").EffectiveAnonymousAuth.Value);

        [Fact]
        public void SingleDash_IsRejected()
        {
            var flags = Parse("-anonymous-auth=false");
            Assert.Null(flags.EffectiveAnonymousAuth);
            Assert.Equal("SingleDashFlag", flags.Problems.Single().ErrorId);
        }

        [Fact]
        public void WrongCase_IsAnUnknownFlag()
        {
            var flags = Parse("--Anonymous-Auth=false");
            Assert.Null(flags.EffectiveAnonymousAuth);
            Assert.Equal("UnknownFlag", flags.Problems.Single().ErrorId);
        }

        [Theory]
        [InlineData("1", true)]
        [InlineData("t", true)]
        [InlineData("T", true)]
        [InlineData("TRUE", true)]
        [InlineData("true", true)]
        [InlineData("True", true)]
        [InlineData("0", false)]
        [InlineData("f", false)]
        [InlineData("F", false)]
        [InlineData("FALSE", false)]
        [InlineData("false", false)]
        [InlineData("False", false)]
        public void GoParseBoolValues_AreAccepted(string value, bool expected) =>
            Assert.Equal(expected, Parse("--anonymous-auth=" + value).EffectiveAnonymousAuth.Value);

        [Theory]
        [InlineData("no")]
        [InlineData("off")]
        [InlineData("yes")]
        [InlineData("fAlse")]
        [InlineData("")]
        public void OtherValues_AreInvalid(string value)
        {
            var flags = Parse("--anonymous-auth=" + value);
            Assert.Equal("InvalidFlagValue", flags.Problems.Single().ErrorId);
        }

        [Fact]
        public void RepeatedFlag_LastOccurrenceWins()
        {
            Assert.True(Parse("--anonymous-auth=false", "--v=2", "--anonymous-auth=true").EffectiveAnonymousAuth.Value);
            Assert.False(Parse("--anonymous-auth=true", "--anonymous-auth=false").EffectiveAnonymousAuth.Value);
            Assert.Equal(2, Parse("--anonymous-auth=true", "--anonymous-auth=false").AnonymousAuthOccurrences.Count);
        }

        [Fact]
        public void ConfigFlag_TakesEqualsAndSpaceForms()
        {
            Assert.Equal("/a.yaml", Parse("--config=/a.yaml").ConfigFile.Value);
            Assert.Equal("/etc/kubernetes/kubelet/kubelet-config.json", Parse("--config", "/etc/kubernetes/kubelet/kubelet-config.json").ConfigFile.Value);
            Assert.Equal("/b", Parse("--config=/a", "--config", "/b").ConfigFile.Value);
            Assert.Equal("/d", Parse("--config_dir=/d").ConfigDirectory.Value);
        }

        [Fact]
        public void ValueFlagWithoutEquals_ConsumesTheNextWordEvenIfItLooksLikeAFlag()
        {
            // pflag gives a value flag the next word whatever it is; the kubelet never sees this --anonymous-auth.
            var flags = Parse("--node-labels", "--anonymous-auth=false");
            Assert.Null(flags.EffectiveAnonymousAuth);
            Assert.Equal("AmbiguousFlagValue", flags.Problems.Single().ErrorId);
        }

        [Fact]
        public void UnknownFlagSwallowingTheAnonymousFlag_IsAmbiguousNotAGuess()
        {
            var flags = Parse("--some-new-flag", "--anonymous-auth=true");
            Assert.Null(flags.EffectiveAnonymousAuth);
            Assert.Equal("AmbiguousFlagValue", flags.Problems.Single().ErrorId);
        }

        [Theory]
        [InlineData("--authentication-token-webhook")]
        [InlineData("--cpu-cfs-quota")]
        [InlineData("--runonce")]
        public void KubeletBoolFlags_DoNotSwallowTheAnonymousFlag(string boolFlag) =>
            Assert.True(Parse(boolFlag, "--anonymous-auth=true").EffectiveAnonymousAuth.Value);

        [Fact]
        public void KnownBoolFlagWithoutEquals_DoesNotConsumeTheNextWord() =>
            Assert.False(Parse("--rotate-certificates", "--anonymous-auth=false").EffectiveAnonymousAuth.Value);

        [Fact]
        public void DoubleDash_EndsFlagsAndWhatFollowsIsAPositional()
        {
            var flags = Parse("--", "--anonymous-auth=false");
            Assert.Null(flags.EffectiveAnonymousAuth);
            Assert.Equal("PositionalArgument", flags.Problems.Single().ErrorId);
        }

        [Fact]
        public void InvalidValue_OnANode_IsAnErrorNamingTheFile()
        {
            var node = new InMemoryNode().Unit("/usr/bin/kubelet --anonymous-auth=nope");
            var setting = Resolve.Node(node);
            Assert.Equal(ErrorIds.InvalidCommandLine, setting.Problem.ErrorId);
            Assert.Equal("/etc/systemd/system/kubelet.service", setting.Problem.Path);
            Assert.Equal(Compliance.ControlStatus.Error, Resolve.Verdict(node).Status);
        }
    }
}
