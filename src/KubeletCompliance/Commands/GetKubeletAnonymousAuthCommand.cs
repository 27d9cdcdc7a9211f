using System.Management.Automation;
using KubeletCompliance.Auditing;

namespace KubeletCompliance.Commands
{
    [Cmdlet(VerbsCommon.Get, "KubeletAnonymousAuth", DefaultParameterSetName = LocalSet)]
    [OutputType(typeof(AnonymousAuthSetting))]
    public sealed class GetKubeletAnonymousAuthCommand : NodeCommandBase
    {
        internal override void ProcessNode(NodeTarget target)
        {
            var audit = NodeAudit.Run(target);
            if (audit.AccessError != null)
            {
                WriteError(NodeErrors.FromAccessError(audit.AccessError, audit.ComputerName));
                return;
            }

            if (audit.Setting.Problem != null)
            {
                WriteError(NodeErrors.FromProblem(audit.Setting.Problem, audit.ComputerName));
                return;
            }

            WriteObject(audit.ToSetting());
        }
    }
}
