using System;
using System.Management.Automation;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Auditing
{
    /// <summary>Error ids and categories of the shell channels' failures (SSH, node pod) (the file system's are plain .NET exceptions).</summary>
    internal static class TransportErrors
    {
        public static string IdOf(Exception error) => (error as NodeAccessException)?.ErrorId;

        public static ErrorCategory? CategoryOf(Exception error)
        {
            if (!(error is NodeAccessException access))
            {
                return null;
            }

            switch (access.Category)
            {
                case NodeAccessCategory.ConnectionError:
                    return ErrorCategory.ConnectionError;
                case NodeAccessCategory.AuthenticationError:
                    return ErrorCategory.AuthenticationError;
                case NodeAccessCategory.SecurityError:
                    return ErrorCategory.SecurityError;
                case NodeAccessCategory.PermissionDenied:
                    return ErrorCategory.PermissionDenied;
                case NodeAccessCategory.OperationTimeout:
                    return ErrorCategory.OperationTimeout;
                case NodeAccessCategory.ResourceUnavailable:
                    return ErrorCategory.ResourceUnavailable;
                case NodeAccessCategory.LimitsExceeded:
                    return ErrorCategory.LimitsExceeded;
                case NodeAccessCategory.InvalidArgument:
                    return ErrorCategory.InvalidArgument;
                default:
                    return ErrorCategory.ReadError;
            }
        }
    }
}
