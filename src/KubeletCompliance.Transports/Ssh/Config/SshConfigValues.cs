using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>ssh_config values read as readconf.c reads them; a bad one is a <see cref="FormatException"/>.</summary>
    internal static class SshConfigValues
    {
        public static IReadOnlyList<string> FileList(IReadOnlyList<string> args)
        {
            if (args.Any(a => string.Equals(a, "none", StringComparison.OrdinalIgnoreCase)) && args.Count > 1)
            {
                throw new FormatException("\"none\" must appear alone");
            }

            return args.Select(a => string.Equals(a, "none", StringComparison.OrdinalIgnoreCase) ? "none" : a).ToList();
        }

        public static int ParsePort(string text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw new FormatException("Badly formatted port number '" + text + "'");
            }

            return port;
        }

        public static bool ParseFlag(string text)
        {
            switch (text.ToLowerInvariant())
            {
                case "yes": case "true": return true;
                case "no": case "false": return false;
                default: throw new FormatException("unsupported option '" + text + "' (yes or no)");
            }
        }

        public static SshStrictHostKeyChecking ParseStrict(string text)
        {
            switch (text.ToLowerInvariant())
            {
                case "yes": case "true": case "ask": return SshStrictHostKeyChecking.Yes;
                case "accept-new": return SshStrictHostKeyChecking.AcceptNew;
                case "no": case "false": case "off": return SshStrictHostKeyChecking.No;
                default: throw new FormatException("unsupported StrictHostKeyChecking '" + text + "'");
            }
        }

        /// <summary>misc.c convtime: digits with an optional s, m, h, d or w, repeated ("1m30s").</summary>
        public static TimeSpan ParseTime(string text)
        {
            Match m = Regex.Match(text, @"^(?:(\d+)([sSmMhHdDwW]?))+$");
            if (!m.Success)
            {
                throw new FormatException("invalid time value '" + text + "'");
            }

            long seconds = 0;
            for (int i = 0; i < m.Groups[1].Captures.Count; i++)
            {
                long value = long.Parse(m.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
                string unit = m.Groups[2].Captures[i].Value.ToLowerInvariant();
                seconds += value * (unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : unit == "w" ? 604800 : 1);
                if (seconds > int.MaxValue)
                {
                    throw new FormatException("time value '" + text + "' is too large");
                }
            }

            return TimeSpan.FromSeconds(seconds);
        }
    }
}
