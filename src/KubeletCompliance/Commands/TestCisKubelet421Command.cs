using System.Management.Automation;
using KubeletCompliance.Rows;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "CisKubelet421", DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(CisControlResult), typeof(bool))]
    public sealed class TestCisKubelet421Command : AuditCommandBase
    {
        /// <summary>Write $true (Pass) or $false (anything else) per node instead of a result row.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        internal override void Emit(AuditResult audit)
        {
            var row = AuditRows.Control(audit);
            if (Quiet)
            {
                WriteObject(row.Status == "Pass");
                return;
            }

            WriteObject(row);
        }
    }
}
