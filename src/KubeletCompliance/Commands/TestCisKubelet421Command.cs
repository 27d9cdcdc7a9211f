using System.Management.Automation;
using KubeletCompliance.Auditing;

namespace KubeletCompliance.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "CisKubelet421", DefaultParameterSetName = LocalSet)]
    [OutputType(typeof(CisControlResult), typeof(bool))]
    public sealed class TestCisKubelet421Command : NodeCommandBase
    {
        /// <summary>Write $true (Pass) or $false (anything else) per node instead of a result row.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        internal override void ProcessNode(NodeTarget target)
        {
            var audit = NodeAudit.Run(target);
            var row = audit.ToControlResult();
            if (Quiet)
            {
                WriteObject(row.Status == "Pass");
                return;
            }

            WriteObject(row);
        }
    }
}
