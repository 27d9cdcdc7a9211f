using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>What to do with a host key that known_hosts does not vouch for.</summary>
    public enum HostKeyPolicy
    {
        /// <summary>Only keys already in known_hosts are accepted.</summary>
        Strict,
        /// <summary>A host with no key in known_hosts is trusted on first use and recorded; a changed key still fails.</summary>
        AcceptNew,
        /// <summary>No check at all. The caller must warn: this allows a man in the middle.</summary>
        Skip,
    }

    public sealed class SshConnectionOptions
    {
        public const int DefaultPort = 22;

        public string HostName { get; set; }
        public int Port { get; set; } = DefaultPort;

        /// <summary>True when the parsed name carried its own ":port", which then wins over a port given for every node.</summary>
        public bool PortInName { get; private set; }
        public string UserName { get; set; }
        public string Password { get; set; }
        public string KeyFilePath { get; set; }
        public string KeyPassphrase { get; set; }

        /// <summary>OpenSSH known_hosts file; null means ~/.ssh/known_hosts.</summary>
        public string KnownHostsPath { get; set; }

        /// <summary>More known_hosts files, read but never written (ssh_config's other UserKnownHostsFile and GlobalKnownHostsFile).</summary>
        public IReadOnlyList<string> MoreKnownHostsPaths { get; set; }

        /// <summary>The name host keys are looked up and recorded under instead of the host (ssh_config HostKeyAlias).</summary>
        public string HostKeyAlias { get; set; }

        /// <summary>Identity files besides <see cref="KeyFilePath"/>, in order; null means OpenSSH's defaults in ~/.ssh.</summary>
        public IReadOnlyList<string> IdentityFiles { get; set; }

        /// <summary>Offer only the identity files' keys, not every key the agent holds (ssh_config IdentitiesOnly).</summary>
        public bool IdentitiesOnly { get; set; }

        /// <summary>The agent's socket; null means SSH_AUTH_SOCK, "none" no agent (ssh_config IdentityAgent).</summary>
        public string IdentityAgent { get; set; }

        /// <summary>Jump hosts to pass through, first hop first (ProxyJump); each with its own settings.</summary>
        public IReadOnlyList<SshConnectionOptions> JumpHosts { get; set; }

        /// <summary>Shares jump-host connections between the nodes of a run; null gives this connection its own.</summary>
        public SshJumpPool JumpPool { get; set; }

        public HostKeyPolicy HostKeyPolicy { get; set; } = HostKeyPolicy.Strict;
        public SudoMode UseSudo { get; set; } = SudoMode.Auto;

        /// <summary>Given to sudo on its standard input when sudo asks for a password; never put on a command line.</summary>
        public string SudoPassword { get; set; }

        /// <summary>The whole connection attempt: TCP connect, banner, key exchange and authentication together.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>One remote command from start to exit, however slowly the node sends.</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>What one remote command may send back (standard output and error together) before the node is failed.</summary>
        public long MaxOutputBytes { get; set; } = 16L * 1024 * 1024;

        /// <summary>
        /// The remote directory that stands for the node's "/": node path /etc/x is read at RemoteRoot/etc/x.
        /// For an image mounted on the remote host or a fixture tree; reported paths stay node paths.
        /// </summary>
        public string RemoteRoot { get; set; } = "/";

        /// <summary>"host:port", with brackets around an IPv6 address.</summary>
        public string Target => (HostName != null && HostName.IndexOf(':') >= 0 ? "[" + HostName + "]" : HostName) + ":" + Port.ToString(CultureInfo.InvariantCulture);

        public string EffectiveKnownHostsPath
        {
            get
            {
                string path = KnownHostsPath;
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                if (string.IsNullOrEmpty(path))
                {
                    return Path.Combine(home, ".ssh", "known_hosts");
                }

                if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
                {
                    return Path.Combine(home, path.Substring(Math.Min(2, path.Length)));
                }

                return path;
            }
        }

        /// <summary>
        /// Reads "host", "host:port", "user@host", "user@host:port", "[v6]:port" or a bare IPv6 address into
        /// HostName, Port and UserName; the other settings keep their defaults.
        /// </summary>
        public static SshConnectionOptions Parse(string target)
        {
            if (!TryParse(target, out SshConnectionOptions options, out _, out string problem))
            {
                throw new FormatException("Invalid SSH target '" + target + "': " + problem);
            }

            return options;
        }

        public static bool TryParse(string target, out SshConnectionOptions options) => TryParse(target, out options, out _, out _);

        /// <param name="errorId">Which rule the name broke: one of the ComputerName* ids of the error catalog.</param>
        /// <param name="problem">The rule in words, for the user.</param>
        public static bool TryParse(string target, out SshConnectionOptions options, out string errorId, out string problem)
        {
            problem = TryParseCore(target, out options, out errorId);
            return problem == null;
        }

        private static string TryParseCore(string target, out SshConnectionOptions options, out string errorId)
        {
            options = null;
            errorId = null;
            if (string.IsNullOrWhiteSpace(target))
            {
                errorId = ErrorIds.ComputerNameEmpty;
                return "it is empty";
            }

            string rest = target.Trim();
            string user = null;
            int at = rest.LastIndexOf('@');
            if (at >= 0)
            {
                user = rest.Substring(0, at);
                rest = rest.Substring(at + 1);
                if (user.Length == 0)
                {
                    errorId = ErrorIds.ComputerNameUserNameEmpty;
                    return "the user name before '@' is empty";
                }
            }

            string host;
            string portText = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0)
                {
                    errorId = ErrorIds.ComputerNameBracketInvalid;
                    return "'[' without ']'";
                }

                host = rest.Substring(1, close - 1);
                string after = rest.Substring(close + 1);
                if (after.Length > 0)
                {
                    if (after[0] != ':')
                    {
                        errorId = ErrorIds.ComputerNameBracketInvalid;
                        return "only ':port' may follow ']'";
                    }

                    portText = after.Substring(1);
                }
            }
            else
            {
                int firstColon = rest.IndexOf(':');
                int lastColon = rest.LastIndexOf(':');
                if (firstColon >= 0 && firstColon == lastColon)
                {
                    host = rest.Substring(0, firstColon);
                    portText = rest.Substring(firstColon + 1);
                }
                else
                {
                    // Two or more colons: an IPv6 address written without brackets, so no port.
                    host = rest;
                }
            }

            if (host.Length == 0)
            {
                errorId = ErrorIds.ComputerNameHostNameInvalid;
                return "the host name is empty";
            }

            if (host.IndexOfAny(new[] { ' ', '\t', '\r', '\n', '/', '@', '[', ']', '{', '}', '=', ';' }) >= 0)
            {
                errorId = ErrorIds.ComputerNameHostNameInvalid;
                return "the host name contains a character no host name has";
            }

            int port = DefaultPort;
            if (portText != null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
            {
                errorId = ErrorIds.ComputerNamePortInvalid;
                return "the port must be a number from 1 to 65535";
            }

            options = new SshConnectionOptions { HostName = host, Port = port, UserName = user, PortInName = portText != null };
            return null;
        }
    }
}
