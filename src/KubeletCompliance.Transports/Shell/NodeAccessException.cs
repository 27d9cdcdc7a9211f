using System;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>Why a node could not be reached or read, over any shell channel. The names are stable error ids, each with its category, meaning and action in Core's ErrorCatalog.</summary>
    public enum NodeAccessError
    {
        HostUnreachable,
        ConnectionRefused,
        /// <summary>Something answered on the port, but not an SSH server (a web server, another service, noise).</summary>
        NotSshServer,
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
    }
}
