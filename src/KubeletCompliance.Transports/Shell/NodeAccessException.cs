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
        /// <summary>Node pods: Pod Security Admission refused the pod in its namespace.</summary>
        PodSecurityRefused,
        /// <summary>Node pods: the identity may not create or delete pods in the namespace (RBAC).</summary>
        PodForbidden,
        /// <summary>Node pods: the identity may not exec into pods (RBAC on pods/exec).</summary>
        ExecForbidden,
        /// <summary>Node pods: the node's kubelet could not pull the image.</summary>
        ImagePullFailed,
        /// <summary>Node pods: the node is not Ready, so no pod can start there.</summary>
        NodeNotReady,
        /// <summary>Node pods: the node, or the pod on it, disappeared during the run.</summary>
        NodeGone,
        /// <summary>Node pods: the pod did not reach Running in time (sandbox, volume, or scheduling trouble).</summary>
        PodNotStarted,
        /// <summary>Node pods: the exec stream ended before the command's exit status arrived.</summary>
        ExecCutOff,
        /// <summary>Node pods: the namespace does not exist (the module creates none).</summary>
        NamespaceNotFound,
        /// <summary>Node pods: the API server kept answering 429 or stayed unreachable past the retries.</summary>
        ApiServerUnavailable,
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
        ResourceUnavailable,
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
                case NodeAccessError.PodSecurityRefused:
                    return NodeAccessCategory.SecurityError;
                case NodeAccessError.PodForbidden:
                case NodeAccessError.ExecForbidden:
                    return NodeAccessCategory.PermissionDenied;
                case NodeAccessError.ImagePullFailed:
                case NodeAccessError.NodeNotReady:
                case NodeAccessError.NodeGone:
                case NodeAccessError.NamespaceNotFound:
                case NodeAccessError.ApiServerUnavailable:
                    return NodeAccessCategory.ResourceUnavailable;
                case NodeAccessError.PodNotStarted:
                    return NodeAccessCategory.OperationTimeout;
                case NodeAccessError.ExecCutOff:
                    return NodeAccessCategory.ConnectionError;
                default:
                    return NodeAccessCategory.ReadError;
            }
        }
    }
}
