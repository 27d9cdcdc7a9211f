using System;
using System.Management.Automation;
using KubeletCompliance.Commands;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Errors;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Targets
{
    /// <summary>Turns a -ComputerName value and the SSH parameters into connection options.</summary>
    internal static class SshTargets
    {
        public static SshTarget Create(string given, string remoteRoot, NodeCommandBase command, out ErrorRecord error)
        {
            error = null;
            if (!SshConnectionOptions.TryParse(given, out var options))
            {
                error = ErrorRecords.Create(new ArgumentException($"'{given}' is not a node name: use host, host:port, user@host or [IPv6]:port."), ErrorIds.InvalidComputerName, given);
                return null;
            }

            if (command.Port > 0)
            {
                options.Port = command.Port;
            }

            // user@host names the user for that node; -UserName, then -Credential, for every other node.
            options.UserName = options.UserName ?? command.UserName ?? command.Credential?.UserName;
            string password = command.Credential?.GetNetworkCredential().Password;
            if (command.KeyFilePath != null)
            {
                options.KeyFilePath = command.KeyFilePath;
                options.KeyPassphrase = password;
            }
            else
            {
                options.Password = password;
            }

            options.SudoPassword = command.SudoCredential?.GetNetworkCredential().Password ?? options.Password;
            options.KnownHostsPath = command.KnownHostsPath;
            options.HostKeyPolicy = command.SkipHostKeyCheck ? HostKeyPolicy.Skip : command.AcceptNewHostKey ? HostKeyPolicy.AcceptNew : HostKeyPolicy.Strict;
            options.ConnectTimeout = TimeSpan.FromSeconds(command.ConnectTimeout);
            options.OperationTimeout = TimeSpan.FromSeconds(command.OperationTimeout);
            if (!string.IsNullOrEmpty(remoteRoot))
            {
                options.RemoteRoot = remoteRoot;
            }

            return new SshTarget(given, options);
        }
    }
}
