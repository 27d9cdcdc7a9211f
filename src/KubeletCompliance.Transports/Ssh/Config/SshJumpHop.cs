using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>One ProxyJump hop as written: [user@]host[:port], the host in brackets when it is an IPv6 address.</summary>
    public sealed class SshJumpHop
    {
        public SshJumpHop(string user, string host, int? port)
        {
            User = user;
            Host = host;
            Port = port;
        }

        public string User { get; }
        public string Host { get; }
        public int? Port { get; }

        /// <summary>"none" (or empty) is no chain; otherwise the comma-separated hops, first hop first.</summary>
        public static IReadOnlyList<SshJumpHop> ParseChain(string text)
        {
            if (string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase))
            {
                return Array.Empty<SshJumpHop>();
            }

            return text.Split(',').Select(Parse).ToList();
        }

        public static SshJumpHop Parse(string text)
        {
            string rest = (text ?? string.Empty).Trim();
            if (rest.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
            {
                rest = rest.Substring("ssh://".Length).TrimEnd('/');
            }

            string user = null;
            int at = rest.LastIndexOf('@');
            if (at >= 0)
            {
                user = rest.Substring(0, at);
                rest = rest.Substring(at + 1);
                if (user.Length == 0)
                {
                    throw new FormatException("jump host '" + text + "' has an empty user name");
                }
            }

            string host = rest;
            string portText = null;
            if (rest.StartsWith("[", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(']');
                if (close < 0 || (close + 1 < rest.Length && rest[close + 1] != ':'))
                {
                    throw new FormatException("jump host '" + text + "' has a malformed [address]");
                }

                host = rest.Substring(1, close - 1);
                portText = close + 1 < rest.Length ? rest.Substring(close + 2) : null;
            }
            else if (rest.IndexOf(':') >= 0 && rest.IndexOf(':') == rest.LastIndexOf(':'))
            {
                host = rest.Substring(0, rest.IndexOf(':'));
                portText = rest.Substring(rest.IndexOf(':') + 1);
            }

            if (host.Length == 0 || host.IndexOfAny(new[] { ' ', '\t', '/', '@', '\'', '"', ',' }) >= 0 || host[0] == '-')
            {
                throw new FormatException("jump host '" + text + "' has no valid host name");
            }

            int? port = null;
            if (portText != null)
            {
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > 65535)
                {
                    throw new FormatException("jump host '" + text + "' has an invalid port");
                }

                port = value;
            }

            return new SshJumpHop(user, host, port);
        }

        /// <summary>As ssh -G prints a hop.</summary>
        public override string ToString() =>
            (User == null ? string.Empty : User + "@") +
            (Port.HasValue && Host.IndexOf(':') >= 0 ? "[" + Host + "]" : Host) +
            (Port.HasValue ? ":" + Port.Value.ToString(CultureInfo.InvariantCulture) : string.Empty);

        public static string Format(IEnumerable<SshJumpHop> chain) => string.Join(",", chain.Select(h => h.ToString()));
    }
}
