using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace KubeletCompliance
{
    /// <summary>
    /// Registers the compact table views (KubeletCompliance.Format.ps1xml) in a runspace when a cmdlet of the module
    /// first runs there, instead of at import through the manifest's FormatsToProcess.
    /// </summary>
    /// <remarks>
    /// Adding any format file makes PowerShell rebuild its whole format table, built-in views included; at import that
    /// was the largest part of what the module cost a script that never prints a row (docs/import-time.md). Rows only
    /// come from these cmdlets, and each registers the views before it writes one, so a row formatted where it was
    /// made still meets its view. What is given up: a runspace that imported the module but never ran a cmdlet shows
    /// rows made elsewhere (a thread job, ForEach-Object -Parallel) as lists.
    /// </remarks>
    internal static class FormatViews
    {
        private static readonly ConditionalWeakTable<Runspace, object> RegisteredIn = new ConditionalWeakTable<Runspace, object>();

        private static readonly string FormatFile =
            Path.Combine(Path.GetDirectoryName(typeof(FormatViews).Assembly.Location), "KubeletCompliance.Format.ps1xml");

        public static void EnsureRegistered(PSCmdlet cmdlet)
        {
            Runspace runspace = Runspace.DefaultRunspace;
            if (runspace == null || RegisteredIn.TryGetValue(runspace, out _))
            {
                return;
            }

            RegisteredIn.Add(runspace, FormatFile);
            try
            {
                cmdlet.InvokeCommand.InvokeScript(
                    "Microsoft.PowerShell.Utility\\Update-FormatData -AppendPath $args[0]", false, PipelineResultTypes.None, null, FormatFile);
            }
            catch (RuntimeException e)
            {
                // A host that shares one read-only format table between runspaces refuses updates; rows still print, as lists.
                cmdlet.WriteVerbose($"The default table views were not registered ({e.Message}); rows show as lists.");
            }
        }
    }
}
