using System;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>Why a node could not be reached or read, over any shell channel. The names are stable: callers turn them into error ids.</summary>
    public enum NodeAccessError
    {
        HostUnreachable,
        ConnectionRefused,
        ConnectTimeout,
        AuthenticationFailed,
        HostKeyUnknown,
        HostKeyChanged,
        HostKeyRevoked,
        SudoRefused,
        SudoPasswordWrong,
        OperationTimeout,
        RemoteCommandFailed,
        /// <summary>The node sent more than a round may carry (evidence is small): it is failed, not buffered.</summary>
        OutputTooLarge,
        /// <summary>The SSH agent (SSH_AUTH_SOCK or IdentityAgent) cannot be reached or does not speak the agent protocol.</summary>
        AgentUnavailable,
        /// <summary>The SSH agent answered with a failure: locked, a confirmation declined, the key gone.</summary>
        AgentRefused,
        /// <summary>ssh_config (or -JumpHost) cannot be used for this node: a bad line, an unsupported Match or ProxyCommand.</summary>
        SshConfigInvalid,
    }

    /// <summary>
    /// Broad kind of a <see cref="NodeAccessError"/>. Mirrors the PowerShell ErrorCategory names the module maps
    /// them to, without this assembly depending on PowerShell.
    /// </summary>
    public enum NodeAccessCategory
    {
        ConnectionError,
        AuthenticationError,
        SecurityError,
        PermissionDenied,
        OperationTimeout,
        ReadError,
        LimitsExceeded,
        InvalidArgument,
    }

    public sealed class NodeAccessException : Exception
    {
        public NodeAccessException(NodeAccessError error, string target, string message, Exception innerException = null)
            : base(message, innerException)
        {
            Error = error;
            Target = target;
        }

        public NodeAccessError Error { get; }

        /// <summary>The stable identifier of <see cref="Error"/>, e.g. "HostKeyChanged".</summary>
        public string ErrorId => Error.ToString();

        /// <summary>The node as "host:port", for messages and error records.</summary>
        public string Target { get; }

        public NodeAccessCategory Category => CategoryOf(Error);

        public static NodeAccessCategory CategoryOf(NodeAccessError error)
        {
            switch (error)
            {
                case NodeAccessError.HostUnreachable:
                case NodeAccessError.ConnectionRefused:
                    return NodeAccessCategory.ConnectionError;
                case NodeAccessError.ConnectTimeout:
                case NodeAccessError.OperationTimeout:
                    return NodeAccessCategory.OperationTimeout;
                case NodeAccessError.AuthenticationFailed:
                case NodeAccessError.AgentUnavailable:
                case NodeAccessError.AgentRefused:
                    return NodeAccessCategory.AuthenticationError;
                case NodeAccessError.HostKeyUnknown:
                case NodeAccessError.HostKeyChanged:
                case NodeAccessError.HostKeyRevoked:
                    return NodeAccessCategory.SecurityError;
                case NodeAccessError.SudoRefused:
                case NodeAccessError.SudoPasswordWrong:
                    return NodeAccessCategory.PermissionDenied;
                case NodeAccessError.OutputTooLarge:
                    return NodeAccessCategory.LimitsExceeded;
                case NodeAccessError.SshConfigInvalid:
                    return NodeAccessCategory.InvalidArgument;
                default:
                    return NodeAccessCategory.ReadError;
            }
        }
    }
}
