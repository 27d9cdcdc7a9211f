using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KubeletCompliance.Auditing;

namespace KubeletCompliance.Commands
{
    /// <summary>
    /// What the node cmdlets share: the target parameters (none for the local node, -Root for a mounted node image)
    /// and the loop that hands each node to the cmdlet on the pipeline thread.
    /// </summary>
    public abstract class NodeCommandBase : PSCmdlet
    {
        // The local node and -Root share one set: a set with no parameters at all is fixed before pipeline
        // input arrives, so Get-ChildItem -Directory output could never bind to -Root if it had a set of its own.
        internal const string LocalSet = "Local";

        /// <summary>The root of a node's file system mounted or unpacked here; node paths are read below it. Empty means the local node.</summary>
        [Parameter(ParameterSetName = LocalSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[] Root { get; set; }

        /// <summary>
        /// A folder piped in (Get-ChildItem -Directory). Binding by property name alone would take DirectoryInfo's own
        /// Root property ("/") before its FullName, so folders bind here by value and their FullName is used.
        /// </summary>
        [Parameter(ParameterSetName = LocalSet, ValueFromPipeline = true, DontShow = true)]
        public System.IO.DirectoryInfo Directory { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var target in Targets())
            {
                ProcessNode(target);
            }
        }

        private IEnumerable<NodeTarget> Targets()
        {
            var roots = Directory != null
                ? new List<string> { Directory.FullName }
                : (Root ?? new string[0]).Where(r => !string.IsNullOrEmpty(r)).ToList();
            if (roots.Count == 0)
            {
                yield return new LocalTarget();
                yield break;
            }

            foreach (string root in roots)
            {
                yield return new RootTarget(GetUnresolvedProviderPathFromPSPath(root));
            }
        }

        /// <summary>Handles one node and writes its result; called on the pipeline thread only.</summary>
        internal abstract void ProcessNode(NodeTarget target);
    }
}
