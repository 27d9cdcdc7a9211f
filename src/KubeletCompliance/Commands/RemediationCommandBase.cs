using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Errors;
using KubeletCompliance.Rows;
using KubeletCompliance.UseCases;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What the cmdlets that change nodes share: each node is opened for reading and writing, one at a time (a change
    /// may ask for confirmation, which only the pipeline thread can do), and a node that cannot be reached still gets
    /// its result row next to its error.
    /// </summary>
    public abstract class RemediationCommandBase : NodeCommandBase
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();

        protected override void ProcessRecord()
        {
            foreach (var target in Targets())
            {
                using (var node = NodeChange.Open(target, stopping.Token))
                {
                    if (node.AccessError != null)
                    {
                        WriteError(ErrorRecords.FromAccessError(node.AccessError, node.ComputerName));
                        WriteObject(Row(node, new RemediationOutcome { Status = RemediationStatus.Failed, ErrorId = ErrorRecords.IdOf(node.AccessError), Reason = node.AccessError.Message }, null, null));
                        continue;
                    }

                    Remediate(node);
                }
            }
        }

        /// <summary>Ctrl+C: the node in hand stops at once (its connection attempt or its running command), not at its timeout.</summary>
        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>Changes one node that could be opened, and writes its result.</summary>
        internal abstract void Remediate(NodeChange node);

        /// <summary>The node's row: the outcome, and the node audited once more so Enabled is what its files give now.</summary>
        internal static RemediationResult Row(NodeChange node, RemediationOutcome outcome, bool? previous, string serviceName) =>
            RemediationRows.Result(node.ComputerName, node.Target.Transport, node.Target.Root, outcome, previous, serviceName, node.Reaudit());

        /// <summary>The ErrorRecord for a refused, failed or rolled-back node, with the outcome's stable id.</summary>
        internal static ErrorRecord ErrorFor(NodeChange node, RemediationOutcome outcome) =>
            ErrorRecords.Create(new InvalidOperationException($"{node.ComputerName}: {outcome.Reason}"), outcome.ErrorId, node.ComputerName);

        /// <summary>The text ShouldProcess shows for -WhatIf and -Confirm: the action, the files and their diffs.</summary>
        internal static string Describe(string action, string node, IEnumerable<(string Path, string Diff)> files)
        {
            var list = files.ToList();
            return $"{action} on {node}, changing {string.Join(", ", list.Select(f => f.Path))}:\n" + string.Join("\n", list.Select(f => f.Diff.TrimEnd('\n')));
        }
    }
}
