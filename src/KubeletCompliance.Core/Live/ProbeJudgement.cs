namespace KubeletCompliance.Core.Live
{
    /// <summary>How a probe of the running kubelet relates to what its files say.</summary>
    public sealed class ProbeJudgement
    {
        private ProbeJudgement(bool contradicts, bool? runningKubeletAcceptsAnonymous, string reason)
        {
            Contradicts = contradicts;
            RunningKubeletAcceptsAnonymous = runningKubeletAcceptsAnonymous;
            Reason = reason;
        }

        /// <summary>True when the files and the running kubelet disagree; both sides then need reporting.</summary>
        public bool Contradicts { get; }

        /// <summary>
        /// Null when the probe could not be made. True fails CIS 4.2.1 whatever the files say, because the
        /// running kubelet is what an attacker talks to.
        /// </summary>
        public bool? RunningKubeletAcceptsAnonymous { get; }

        /// <summary>One sentence for the report.</summary>
        public string Reason { get; }

        /// <param name="fileEnabled">The anonymous setting resolved from the kubelet's files and flags; null when they did not settle it.</param>
        /// <param name="fileExplicit">Whether that value was written somewhere rather than reached by a default.</param>
        /// <param name="verdict">What the port answered.</param>
        /// <param name="probeStatusText">The probe's status or error text, quoted in the reason when given.</param>
        public static ProbeJudgement Combine(bool? fileEnabled, bool fileExplicit, ProbeVerdict verdict, string probeStatusText = null)
        {
            string answered = string.IsNullOrEmpty(probeStatusText) ? string.Empty : " (" + probeStatusText + ")";
            string fileSays = fileExplicit ? "the files set" : "the files reach, by default,";

            switch (verdict)
            {
                case ProbeVerdict.Unreachable:
                    return new ProbeJudgement(false, null,
                        "the probe could not be made: "
                        + (string.IsNullOrEmpty(probeStatusText) ? "the port gave no answer that the kubelet's authentication could have given" : probeStatusText)
                        + ", so only the files were judged");

                case ProbeVerdict.Rejected:
                    if (fileEnabled == true)
                        return new ProbeJudgement(true, false,
                            "the running kubelet rejected an anonymous request" + answered + " although " + fileSays
                            + " anonymous authentication enabled, so it runs with other settings than the files or has not been restarted since they changed, and the files still need the fix");
                    if (fileEnabled == false)
                        return new ProbeJudgement(false, false,
                            "the running kubelet rejected an anonymous request" + answered + ", as " + fileSays
                            + " anonymous authentication disabled");
                    return new ProbeJudgement(false, false,
                        "the running kubelet rejected an anonymous request" + answered + ", while its files did not settle the setting");

                default:
                    string accepted = verdict == ProbeVerdict.AnonymousAllowed
                        ? "the running kubelet accepted and served an anonymous request" + answered
                        : "the running kubelet accepted an anonymous request" + answered + " and only its authorizer refused it";
                    if (fileEnabled == false)
                        return new ProbeJudgement(true, true,
                            accepted + " although " + fileSays
                            + " anonymous authentication disabled, so it runs with other settings than the files or has not been restarted since they changed");
                    if (fileEnabled == true)
                        return new ProbeJudgement(false, true, accepted + ", as " + fileSays + " anonymous authentication enabled");
                    return new ProbeJudgement(false, true, accepted + ", while its files did not settle the setting");
            }
        }
    }
}
