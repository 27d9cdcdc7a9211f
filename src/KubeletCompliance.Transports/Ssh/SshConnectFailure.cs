using System;
using System.Linq;
using System.Net.Sockets;
using KubeletCompliance.Transports.Shell;
using Renci.SshNet.Common;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// Turns why a connection attempt failed (socket, deadline, host key, authentication, a jump host's channel) into
    /// one error id and a sentence that says what to check.
    /// </summary>
    internal static class SshConnectFailure
    {
        internal static NodeAccessException Classify(Exception ex, SshConnectionOptions options, string user, string target, HostKeyCheck check, bool recorded, Exception checkFailure, SshIdentities identities, SshTunnel tunnel)
        {
            if (ex.InnerException is NodeAccessException agent)
            {
                return new NodeAccessException(agent.Error, target, agent.Message + " (logging in to " + target + ")", agent);
            }

            string knownHostsPath = options.EffectiveKnownHostsPath;
            if (checkFailure != null)
            {
                return new NodeAccessException(NodeAccessError.HostKeyUnknown, target,
                    "The host key of " + target + " could not be checked or recorded in '" + knownHostsPath + "': " + checkFailure.Message, checkFailure);
            }

            // Through a tunnel, a session that ended before any host key means the jump host could not reach the node
            // (SSH.NET closes the local end when the channel is refused, without always saying why).
            if (tunnel != null && check == null && !(ex is SshOperationTimeoutException) && !(ex is OperationCanceledException))
            {
                return new NodeAccessException(NodeAccessError.HostUnreachable, target,
                    "The jump host " + tunnel.JumpHost.Options.Target + " could not open a channel to " + target + ": " + (tunnel.Failure ?? ex).Message, ex);
            }

            if (check != null && check.Verdict != HostKeyVerdict.Match && !recorded)
            {
                return HostKeyFailure(check, options, target, knownHostsPath, ex);
            }

            var socket = ex as SocketException ?? ex.InnerException as SocketException;
            if (socket != null)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                        return new NodeAccessException(NodeAccessError.ConnectionRefused, target,
                            "Connection to " + target + " refused: nothing listens on that port (is sshd running?).", ex);
                    case SocketError.TimedOut:
                        return new NodeAccessException(NodeAccessError.ConnectTimeout, target,
                            "Connecting to " + target + " timed out after " + options.ConnectTimeout + ".", ex);
                    default:
                        return new NodeAccessException(NodeAccessError.HostUnreachable, target,
                            "Cannot reach " + target + ": " + socket.Message + " (" + socket.SocketErrorCode + ").", ex);
                }
            }

            // SSH.NET says so only in words: every message of its version exchange ends the same way.
            if (ex is SshConnectionException && ex.Message.IndexOf("before a valid SSH identification string was received", StringComparison.Ordinal) >= 0)
            {
                return new NodeAccessException(NodeAccessError.NotSshServer, target,
                    target + " accepted the connection but is not an SSH server: it sent no SSH identification (" + ex.Message.TrimEnd('.') + "). Is the port right?", ex);
            }

            if (ex is SshOperationTimeoutException)
            {
                return new NodeAccessException(NodeAccessError.ConnectTimeout, target,
                    "Connecting to " + target + " (TCP, banner, key exchange and authentication) did not complete within " + options.ConnectTimeout + ".", ex);
            }

            if (ex is SshAuthenticationException)
            {
                string with = string.Join(", ", (identities?.Described ?? Array.Empty<string>())
                    .Concat(options.Password == null ? Array.Empty<string>() : new[] { "password" }));
                if (identities?.AgentProblem != null)
                {
                    with += "; the agent was not used: " + identities.AgentProblem.Message;
                }

                return new NodeAccessException(NodeAccessError.AuthenticationFailed, target,
                    "Authentication as '" + user + "' on " + target + " failed (tried " + with + "): " + ex.Message, ex);
            }

            return new NodeAccessException(NodeAccessError.HostUnreachable, target,
                "No SSH session with " + target + " could be established: " + ex.Message, ex);
        }

        private static NodeAccessException HostKeyFailure(HostKeyCheck check, SshConnectionOptions options, string target, string knownHostsPath, Exception ex)
        {
            string presented = check.KeyType + " key " + check.Fingerprint;
            switch (check.Verdict)
            {
                case HostKeyVerdict.Revoked:
                    return new NodeAccessException(NodeAccessError.HostKeyRevoked, target,
                        target + " presented the " + presented + ", which '" + knownHostsPath + "' marks @revoked. Refusing to connect.", ex);
                case HostKeyVerdict.Changed:
                    return new NodeAccessException(NodeAccessError.HostKeyChanged, target,
                        "The host key of " + target + " has CHANGED. It presented the " + presented + ", but '" + knownHostsPath +
                        "' holds " + string.Join(", ", check.KnownFingerprints) + ". Someone may be intercepting the connection, " +
                        "or the node was reinstalled. Check the new key out of band and remove the old entry (ssh-keygen -R " +
                        PosixShell.Quote(KnownHosts.HostName(options.HostName, options.Port)) + "); accepting new keys does not override this.", ex);
                default:
                    return new NodeAccessException(NodeAccessError.HostKeyUnknown, target,
                        "The host key of " + target + " is not in '" + knownHostsPath + "'. It presented the " + presented +
                        ". Compare it with 'ssh-keygen -lf' on the node's host key, then connect once with -AcceptNewHostKey to record it.", ex);
            }
        }
    }
}
