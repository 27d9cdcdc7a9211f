using System;
using System.IO;
using System.Management.Automation;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Core.Resolution;

namespace KubeletCompliance.Auditing
{
    /// <summary>Turns a node's failure into an ErrorRecord with a stable id, a category and the node as target.</summary>
    internal static class NodeErrors
    {
        public static ErrorRecord FromProblem(ResolutionProblem problem, string node) =>
            new ErrorRecord(new InvalidDataException($"{node}: {problem.Message}"), problem.ErrorId, CategoryOf(problem.ErrorId), node)
            {
                ErrorDetails = new ErrorDetails($"{node}: {problem.Message}")
                {
                    RecommendedAction = "Correct " + (problem.Path ?? "the file named") + " so the kubelet can start, then audit again.",
                },
            };

        public static ErrorRecord FromAccessError(Exception error, string node) =>
            new ErrorRecord(error, IdOf(error), AccessCategoryOf(error), node)
            {
                ErrorDetails = new ErrorDetails($"{node}: {error.Message}"),
            };

        /// <summary>A node the API server could not read /configz for (forbidden, kubelet down, not a kubelet configuration).</summary>
        public static ErrorRecord FromLive(LiveNodeSetting node) =>
            new ErrorRecord(new InvalidOperationException($"{node.NodeName}: {node.Error}"), node.ErrorId, ClusterCategoryOf(node.ErrorId), node.NodeName)
            {
                ErrorDetails = new ErrorDetails($"{node.NodeName}: {node.Error}"),
            };

        /// <summary>The category of a cluster-mode error id (KubeletCompliance.Cluster's ClusterErrorIds).</summary>
        public static ErrorCategory ClusterCategoryOf(string errorId)
        {
            switch (errorId)
            {
                case "NodeListForbidden":
                case "ConfigzForbidden":
                    return ErrorCategory.PermissionDenied;
                case "ApiServerUnauthorized":
                    return ErrorCategory.AuthenticationError;
                case "ApiServerUnreachable":
                case "ConfigzUnavailable":
                    return ErrorCategory.ConnectionError;
                case "KubeconfigInvalid":
                    return ErrorCategory.InvalidArgument;
                default:
                    return ErrorCategory.InvalidData;
            }
        }

        public static string IdOf(Exception error)
        {
            switch (error)
            {
                case DirectoryNotFoundException _:
                    return "NodeRootNotFound";
                case UnauthorizedAccessException _:
                    return "NodeAccessDenied";
                default:
                    return TransportErrors.IdOf(error) ?? "NodeUnreadable";
            }
        }

        private static ErrorCategory AccessCategoryOf(Exception error)
        {
            switch (error)
            {
                case DirectoryNotFoundException _:
                    return ErrorCategory.ObjectNotFound;
                case UnauthorizedAccessException _:
                    return ErrorCategory.PermissionDenied;
                default:
                    return TransportErrors.CategoryOf(error) ?? ErrorCategory.ReadError;
            }
        }

        private static ErrorCategory CategoryOf(string errorId)
        {
            switch (errorId)
            {
                case ErrorIds.ConfigFileMissing:
                    return ErrorCategory.ObjectNotFound;
                case ErrorIds.ConfigFileUnreadable:
                case ErrorIds.DropInUnreadable:
                case ErrorIds.ConfigDirUnreadable:
                    return ErrorCategory.ReadError;
                case ErrorIds.ProcessUnreadable:
                    return ErrorCategory.PermissionDenied;
                case ErrorIds.ConfigSyntaxError:
                    return ErrorCategory.ParserError;
                case ErrorIds.MultipleKubelets:
                    return ErrorCategory.InvalidResult;
                default:
                    return ErrorCategory.InvalidData;
            }
        }
    }
}
