using System;
using System.IO;
using System.Management.Automation;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Resolution;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Errors
{
    /// <summary>
    /// Every ErrorRecord the module writes: the id comes from Core's catalog, and so does its category, so one id
    /// always has one category and the help lists exactly what is written.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <remarks>Messages carry node-supplied text (file names, values, remote stderr): control characters are escaped.</remarks>
        public static ErrorRecord Create(Exception exception, string errorId, object target, string message = null, string recommendedAction = null) =>
            new ErrorRecord(exception, errorId, CategoryOf(errorId), target)
            {
                ErrorDetails = new ErrorDetails(NodeText.Escape(message ?? exception.Message))
                {
                    RecommendedAction = NodeText.Escape(recommendedAction ?? ErrorCatalog.Find(errorId)?.Action),
                },
            };

        public static ErrorCategory CategoryOf(string errorId)
        {
            var kind = ErrorCatalog.Find(errorId)?.Kind;
            return kind != null && Enum.TryParse(kind.ToString(), out ErrorCategory category) ? category : ErrorCategory.NotSpecified;
        }

        /// <summary>A node whose evidence the kubelet itself would refuse (a missing config file, malformed YAML).</summary>
        public static ErrorRecord FromProblem(ResolutionProblem problem, string node) =>
            Create(new InvalidDataException($"{node}: {problem.Message}"), problem.ErrorId, node);

        /// <summary>A node that could not be reached or read.</summary>
        public static ErrorRecord FromAccessError(Exception error, string node) =>
            Create(error, IdOf(error), node, $"{node}: {error.Message}");

        /// <summary>A node the API server could not read /configz for (forbidden, kubelet down, not a kubelet configuration).</summary>
        public static ErrorRecord FromLive(LiveNodeSetting node) =>
            Create(new InvalidOperationException($"{node.NodeName}: {node.Error}"), node.ErrorId, node.NodeName);

        /// <summary>The id of a failure to reach or read a node, whichever transport raised it.</summary>
        public static string IdOf(Exception error)
        {
            switch (error)
            {
                case Targets.UnusableTargetException name:
                    return name.ErrorId;
                case DirectoryNotFoundException _:
                    return ErrorIds.NodeRootNotFound;
                case UnauthorizedAccessException _:
                    return ErrorIds.NodeAccessDenied;
                case NodeAccessException access:
                    return access.ErrorId;
                default:
                    return ErrorIds.NodeUnreadable;
            }
        }
    }
}
