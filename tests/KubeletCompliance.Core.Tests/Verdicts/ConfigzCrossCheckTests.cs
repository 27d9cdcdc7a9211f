using KubeletCompliance.Core.Compliance;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Resolution;
using Xunit;

namespace KubeletCompliance.Core.Tests.Verdicts
{
    /// <summary>The files against the running kubelet's /configz: a disagreement is never a Pass, a refusal is no error.</summary>
    public class ConfigzCrossCheckTests
    {
        private static NodeSetting Files(bool? enabled, ResolutionProblem problem = null) =>
            new NodeSetting { Effective = new LaunchSetting { Enabled = enabled, Source = SettingSource.ConfigFile, SourcePath = "/var/lib/kubelet/config.yaml", Problem = problem } };

        private static LiveNodeSetting Configz(bool enabled) => new LiveNodeSetting { NodeName = "n1", Enabled = enabled };

        /// <summary>What the files' verdict would be; the cross-check only ever sees the verdict and the value.</summary>
        private static ControlVerdict Verdict(bool? files) => files == null
            ? new ControlVerdict(ControlStatus.Error, "bad YAML", "Correct the syntax.")
            : files.Value ? new ControlVerdict(ControlStatus.Fail, "The kubelet accepts anonymous requests.", "Set it to false.")
            : new ControlVerdict(ControlStatus.Pass, "Anonymous requests are rejected.", string.Empty);

        [Fact]
        public void Agreement_leaves_the_verdict_and_says_so()
        {
            var setting = Files(false);
            var check = ConfigzCrossCheck.Compare(setting, Configz(false));
            var verdict = Verdict(false);

            Assert.Equal(ConfigzAgreement.Agrees, check.Agreement);
            Assert.Same(verdict, check.Apply(verdict));
            Assert.StartsWith("Cross-checked:", check.Note);
        }

        [Theory]
        [InlineData(false, true, ControlStatus.Pass)]
        [InlineData(true, false, ControlStatus.Fail)]
        public void A_disagreement_fails_whichever_side_says_true(bool files, bool configz, ControlStatus before)
        {
            var setting = Files(files);
            var verdict = Verdict(files);
            Assert.Equal(before, verdict.Status);

            var check = ConfigzCrossCheck.Compare(setting, Configz(configz));
            var after = check.Apply(verdict);

            Assert.Equal(ConfigzAgreement.Disagrees, check.Agreement);
            Assert.Equal(ControlStatus.Fail, after.Status);
            Assert.Contains("/configz reports authentication.anonymous.enabled: " + (configz ? "true" : "false"), after.Reason);
            Assert.False(string.IsNullOrEmpty(after.Remediation));
        }

        [Fact]
        public void A_refused_or_unreachable_configz_is_not_cross_checked_and_changes_nothing()
        {
            var setting = Files(false);
            var verdict = Verdict(false);
            var forbidden = ConfigzCrossCheck.Compare(setting, new LiveNodeSetting { ErrorId = ErrorIds.ConfigzForbidden, Error = "403" });
            var down = ConfigzCrossCheck.Compare(setting, new LiveNodeSetting { ErrorId = ErrorIds.ConfigzUnavailable, Error = "503" });

            Assert.Equal(ConfigzAgreement.Forbidden, forbidden.Agreement);
            Assert.Equal(ConfigzAgreement.Unavailable, down.Agreement);
            Assert.Null(forbidden.ConfigzEnabled);
            Assert.Same(verdict, forbidden.Apply(verdict));
            Assert.Same(verdict, down.Apply(verdict));
        }

        [Fact]
        public void Files_that_settle_nothing_are_not_compared_and_their_error_stands()
        {
            var setting = Files(null, new ResolutionProblem(ErrorIds.ConfigSyntaxError, "bad YAML", "/var/lib/kubelet/config.yaml"));
            var verdict = Verdict(null);
            var check = ConfigzCrossCheck.Compare(setting, Configz(true));

            Assert.Equal(ConfigzAgreement.NotCompared, check.Agreement);
            Assert.Equal(ControlStatus.Error, check.Apply(verdict).Status);
        }
    }
}
