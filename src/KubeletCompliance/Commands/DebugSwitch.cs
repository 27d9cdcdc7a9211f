using System.Management.Automation;
using System.Reflection;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// -Debug without a prompt at every line. PowerShell 7 made -Debug show the debug stream without asking
    /// (PowerShell/PowerShell#8195), but its command runtime still answers Inquire for the verbose and warning streams of a
    /// compiled cmdlet run with -Debug, so each verbose line and warning asked "Continue with this operation?", and a
    /// non-interactive run (a pipeline, pwsh -NonInteractive, no terminal) failed on the question. With -Debug, this shows
    /// the verbose story the debug lines add to and lets warnings follow $WarningPreference, as they do for a script.
    /// </summary>
    internal static class DebugSwitch
    {
        public static void Apply(PSCmdlet cmdlet)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            if (!bound.TryGetValue("Debug", out object debug) || !(debug is SwitchParameter on) || !on.IsPresent)
            {
                return;
            }

            // The runtime's own switches, as -Verbose and -WarningAction set them; left alone when the user gave those,
            // and where a PowerShell does not have them (then it is the one that asks, as before).
            object runtime = cmdlet.CommandRuntime;
            if (!bound.ContainsKey("Verbose"))
            {
                Set(runtime, "Verbose", true);
            }

            if (!bound.ContainsKey("WarningAction") && cmdlet.GetVariableValue("WarningPreference") is ActionPreference warnings)
            {
                Set(runtime, "WarningPreference", warnings);
            }
        }

        private static void Set(object runtime, string property, object value) =>
            runtime.GetType().GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetSetMethod(nonPublic: true)?.Invoke(runtime, new[] { value });
    }
}
