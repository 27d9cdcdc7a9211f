using System.Management.Automation;
using KubeletCompliance.Auditing;
using KubeletCompliance.Core.Remediation;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What the cmdlets that change nodes share: each node is opened for reading and writing, one at a time (a change
    /// may ask for confirmation, which only the pipeline thread can do), and a node that cannot be reached still gets
    /// its result row next to its error.
    /// </summary>
    public abstract class RemediationCommandBase : NodeCommandBase
    {
        protected override void ProcessRecord()
        {
            foreach (var target in Targets())
            {
                using (var node = NodeRemediation.Open(target))
                {
                    if (node.AccessError != null)
                    {
                        WriteError(NodeErrors.FromAccessError(node.AccessError, node.ComputerName));
                        WriteObject(node.ToResult(new RemediationOutcome { Status = RemediationStatus.Failed, ErrorId = NodeErrors.IdOf(node.AccessError), Reason = node.AccessError.Message }, null, null));
                        continue;
                    }

                    Remediate(node, target);
                }
            }
        }

        /// <summary>Changes one node that could be opened, and writes its result.</summary>
        internal abstract void Remediate(NodeRemediation node, NodeTarget target);
    }
}
