using System;
using System.Collections.Generic;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>StrictHostKeyChecking as this module applies it: "ask" is "yes" (nothing is asked), "off" is "no".</summary>
    public enum SshStrictHostKeyChecking
    {
        Yes,
        AcceptNew,
        No,
    }

    /// <summary>What the caller knows before ssh_config is read; every value given here wins over the files.</summary>
    public sealed class SshConfigQuery
    {
        /// <summary>The host as typed, without user@ and :port; Host lines match it.</summary>
        public string Host { get; set; }
        public string User { get; set; }
        public int? Port { get; set; }

        /// <summary>Identity files named by the caller: first in the list, before any IdentityFile from the files.</summary>
        public IReadOnlyList<string> IdentityFiles { get; set; } = Array.Empty<string>();

        /// <summary>A ProxyJump value ("none" for none); null leaves it to the files.</summary>
        public string ProxyJump { get; set; }

        public IReadOnlyList<string> UserKnownHostsFiles { get; set; }
        public SshStrictHostKeyChecking? StrictHostKeyChecking { get; set; }
        public TimeSpan? ConnectTimeout { get; set; }
    }

    /// <summary>An ssh_config file to read; a user file's relative Include paths are under ~/.ssh, a system file's under /etc/ssh.</summary>
    public sealed class SshConfigFile
    {
        public SshConfigFile(string path, bool isUserConfig)
        {
            Path = path;
            IsUserConfig = isUserConfig;
        }

        public string Path { get; }
        public bool IsUserConfig { get; }
    }

    /// <summary>The effective settings for one host, with paths expanded (except <see cref="IdentityFilesAsWritten"/>).</summary>
    public sealed class SshHostSettings
    {
        public string HostName { get; set; }
        public int Port { get; set; }
        public string User { get; set; }

        /// <summary>IdentityFile values as written (ssh -G prints them so); <see cref="IdentityFiles"/> has them expanded.</summary>
        public IReadOnlyList<string> IdentityFilesAsWritten { get; set; }
        public IReadOnlyList<string> IdentityFiles { get; set; }

        /// <summary>True when no IdentityFile was given anywhere and the list holds OpenSSH's default names.</summary>
        public bool IdentityFilesAreDefaults { get; set; }
        public bool IdentitiesOnly { get; set; }

        /// <summary>An expanded socket path, "none" to use no agent, or null for SSH_AUTH_SOCK.</summary>
        public string IdentityAgent { get; set; }
        public IReadOnlyList<SshJumpHop> JumpHosts { get; set; }
        public IReadOnlyList<string> UserKnownHostsFiles { get; set; }
        public IReadOnlyList<string> GlobalKnownHostsFiles { get; set; }
        public SshStrictHostKeyChecking StrictHostKeyChecking { get; set; }

        /// <summary>Null when ssh_config leaves it unset ("none").</summary>
        public TimeSpan? ConnectTimeout { get; set; }
        public string HostKeyAlias { get; set; }

        /// <summary>"file line N: keyword" for each keyword OpenSSH does not know and IgnoreUnknown does not cover.</summary>
        public IReadOnlyList<string> UnknownKeywords { get; set; }
    }

    /// <summary>An ssh_config that cannot be used: a bad line, an unsupported Match criterion that decides, an Include loop.</summary>
    public sealed class SshConfigException : Exception
    {
        public SshConfigException(string message, Exception inner = null)
            : base(message, inner)
        {
        }
    }
}
