using System.Management.Automation;
using KubeletCompliance.Errors;
using KubeletCompliance.Rows;
using KubeletCompliance.Targets;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "CisKubelet421", DefaultParameterSetName = NodeSet, HelpUri = HelpPage + "test-ciskubelet421")]
    [OutputType(typeof(CisControlResult), typeof(bool))]
    public sealed class TestCisKubelet421Command : AuditCommandBase
    {
        /// <summary>Write $true (Pass) or $false (anything else) per node instead of a result row.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        internal override void Emit(AuditResult audit)
        {
            var row = AuditRows.Control(audit);
            WriteObject(Quiet ? (object)(row.Status == "Pass") : row);

            // A target given wrongly (a folder that is not there, a malformed name) is the caller's error, not the node's:
            // besides its row it is an ErrorRecord, so -ErrorAction Stop stops on it.
            if (audit.AccessError is UnusableTargetException || audit.AccessError is System.IO.DirectoryNotFoundException)
            {
                WriteError(ErrorRecords.FromAccessError(audit.AccessError, audit.ComputerName));
            }
        }
    }
}
