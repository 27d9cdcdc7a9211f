using System.Globalization;
using System.Linq;
using KubeletCompliance.Core.Flags;
using KubeletCompliance.Errors;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Rows
{
    /// <summary>What -Verbose (one line per node) and -Debug (the evidence behind it) say about an audit.</summary>
    internal static class AuditStory
    {
        public static string Summary(AuditResult audit)
        {
            var reading = audit.Reading;
            string how = $"{reading.Target ?? audit.ComputerName} over {audit.Transport}";
            string took = $"{reading.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms" + (reading.RoundTrips > 0 ? $", {reading.RoundTrips} round trip(s)" : string.Empty);
            if (audit.AccessError != null)
            {
                return $"{how}: not read ({ErrorRecords.IdOf(audit.AccessError)}: {audit.AccessError.Message}); {took}.";
            }

            if (audit.Live != null)
            {
                return audit.Live.ErrorId != null
                    ? $"{how}: /configz not read ({audit.Live.ErrorId}: {audit.Live.Error})."
                    : $"{how}: the running kubelet's /configz says anonymous-auth {Word(audit.Live.Enabled)}.";
            }

            if (audit.Setting == null)
            {
                return $"{how}: {audit.Verdict?.Reason}";
            }

            var setting = audit.Setting;
            var effective = setting.Effective;
            if (effective == null)
            {
                return $"{how}: no kubelet found (no kubelet process, no kubelet service unit); {took}.";
            }

            string decided = setting.Problem != null
                ? $"{setting.Problem.ErrorId} in {setting.Problem.Path ?? "the node's evidence"}"
                : $"anonymous-auth {Word(setting.Enabled)} from {setting.Source}" + (string.IsNullOrEmpty(effective.SourcePath) ? string.Empty : $" {effective.SourcePath}");
            string launch = effective.Launch.Basis + (effective.Launch.ServiceName != null ? $" {effective.Launch.ServiceName}" : string.Empty) + (effective.Launch.Pid != null ? $" pid {effective.Launch.Pid}" : string.Empty);
            string crossCheck = audit.CrossCheck == null ? string.Empty : " " + audit.CrossCheck.Note;
            return $"{how}: {setting.Distribution} kubelet from {launch}; {decided}; {Files(audit).Length} file(s) read; {took}.{crossCheck}";
        }

        /// <summary>The command line, the files and the drift behind the summary; null when there is no kubelet to describe.</summary>
        public static string Details(AuditResult audit)
        {
            var effective = audit.Setting?.Effective;
            if (effective == null)
            {
                return null;
            }

            string node = audit.Reading.Target ?? audit.ComputerName;
            return $"{node}: command line: {KubeletFlags.JoinForDisplay(effective.Launch.CommandLine)}\n"
                + $"{node}: files: {string.Join(", ", Files(audit))}"
                + (string.IsNullOrEmpty(audit.Setting.DriftEvidence) ? string.Empty : $"\n{node}: drift: {audit.Setting.DriftEvidence}")
                + (audit.Probe == null ? string.Empty : $"\n{node}: probe: {audit.Probe.Status}");
        }

        private static string[] Files(AuditResult audit)
        {
            var effective = audit.Setting.Effective;
            return effective.Launch.DescribingFiles.Concat(effective.ConfigFilesRead).Distinct().ToArray();
        }

        private static string Word(bool? value) => value == null ? "unknown" : value.Value ? "true" : "false";
    }
}
