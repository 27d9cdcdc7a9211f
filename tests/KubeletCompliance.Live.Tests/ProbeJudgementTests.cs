using KubeletCompliance.Core.Live;
using Xunit;

namespace KubeletCompliance.Live.Tests
{
    public sealed class ProbeJudgementTests
    {
        [Theory]
        [InlineData(ProbeVerdict.AnonymousAllowed)]
        [InlineData(ProbeVerdict.AnonymousForbidden)]
        public void Files_disabled_but_kubelet_accepts_anonymous_is_a_contradiction_and_a_failure(ProbeVerdict verdict)
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(false, true, verdict);

            Assert.True(judgement.Contradicts);
            Assert.True(judgement.RunningKubeletAcceptsAnonymous);
            Assert.StartsWith("the running kubelet accepted", judgement.Reason);
            Assert.Contains("disabled", judgement.Reason);
        }

        [Fact]
        public void Files_enabled_but_kubelet_rejects_is_a_contradiction_that_still_asks_for_the_file_fix()
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(true, true, ProbeVerdict.Rejected, "401");

            Assert.True(judgement.Contradicts);
            Assert.False(judgement.RunningKubeletAcceptsAnonymous);
            Assert.Contains("rejected an anonymous request (401)", judgement.Reason);
            Assert.Contains("files still need the fix", judgement.Reason);
        }

        [Fact]
        public void Files_disabled_and_kubelet_rejects_agree()
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(false, true, ProbeVerdict.Rejected);

            Assert.False(judgement.Contradicts);
            Assert.False(judgement.RunningKubeletAcceptsAnonymous);
        }

        [Fact]
        public void Agreement_reached_only_by_a_default_says_so()
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(false, false, ProbeVerdict.Rejected);

            Assert.False(judgement.Contradicts);
            Assert.Contains("by default", judgement.Reason);
        }

        [Fact]
        public void Files_enabled_and_kubelet_accepts_agree_on_a_failure()
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(true, false, ProbeVerdict.AnonymousAllowed);

            Assert.False(judgement.Contradicts);
            Assert.True(judgement.RunningKubeletAcceptsAnonymous);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        [InlineData(null)]
        public void Unreachable_never_contradicts_and_says_the_probe_could_not_be_made(bool? fileEnabled)
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(fileEnabled, true, ProbeVerdict.Unreachable, "ConnectionRefused");

            Assert.False(judgement.Contradicts);
            Assert.Null(judgement.RunningKubeletAcceptsAnonymous);
            Assert.StartsWith("the probe could not be made: ", judgement.Reason);
            Assert.Contains("ConnectionRefused", judgement.Reason);
        }

        [Fact]
        public void Unsettled_files_leave_nothing_to_contradict_but_the_running_behaviour_is_reported()
        {
            ProbeJudgement judgement = ProbeJudgement.Combine(null, false, ProbeVerdict.AnonymousForbidden);

            Assert.False(judgement.Contradicts);
            Assert.True(judgement.RunningKubeletAcceptsAnonymous);
        }
    }
}
