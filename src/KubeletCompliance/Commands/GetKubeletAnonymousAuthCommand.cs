using System.Management.Automation;
using KubeletCompliance.Errors;
using KubeletCompliance.Rows;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    [Cmdlet(VerbsCommon.Get, "KubeletAnonymousAuth", DefaultParameterSetName = NodeSet, HelpUri = HelpPage + "get-kubeletanonymousauth")]
    [OutputType(typeof(AnonymousAuthSetting))]
    public sealed class GetKubeletAnonymousAuthCommand : AuditCommandBase
    {
        internal override void Emit(AuditResult audit)
        {
            if (audit.Unread)
            {
                WriteWarning(audit.Verdict.Reason);
                return;
            }

            if (audit.AccessError != null)
            {
                WriteError(ErrorRecords.FromAccessError(audit.AccessError, audit.ComputerName));
                return;
            }

            // Cluster mode reads no files: a node is either its /configz value or the reason the API server gave none.
            if (audit.Live?.ErrorId != null)
            {
                WriteError(ErrorRecords.FromLive(audit.Live));
                return;
            }

            if (audit.Setting?.Problem != null)
            {
                WriteError(ErrorRecords.FromProblem(audit.Setting.Problem, audit.ComputerName));
                return;
            }

            WriteObject(AuditRows.Setting(audit));
        }
    }
}
