using System.Management.Automation;
using KubeletCompliance.Auditing;

namespace KubeletCompliance.Commands
{
    [Cmdlet(VerbsCommon.Get, "KubeletAnonymousAuth", DefaultParameterSetName = NodeSet)]
    [OutputType(typeof(AnonymousAuthSetting))]
    public sealed class GetKubeletAnonymousAuthCommand : AuditCommandBase
    {
        internal override void Emit(NodeAudit audit)
        {
            if (audit.AccessError != null)
            {
                WriteError(NodeErrors.FromAccessError(audit.AccessError, audit.ComputerName));
                return;
            }

            // Cluster mode reads no files: a node is either its /configz value or the reason the API server gave none.
            if (audit.Live?.ErrorId != null)
            {
                WriteError(NodeErrors.FromLive(audit.Live));
                return;
            }

            if (audit.Setting?.Problem != null)
            {
                WriteError(NodeErrors.FromProblem(audit.Setting.Problem, audit.ComputerName));
                return;
            }

            WriteObject(audit.ToSetting());
        }
    }
}
