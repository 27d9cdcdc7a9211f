using System;
using System.IO;
using System.Management.Automation;
using KubeletCompliance.Commands;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Errors;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Ssh.Config;

namespace KubeletCompliance.Targets
{
    /// <summary>Turns a -ComputerName value and the SSH parameters into connection options, through ssh_config.</summary>
    internal static class SshTargets
    {
        public static SshTarget Create(string given, string remoteRoot, NodeCommandBase command, out ErrorRecord error)
        {
            error = null;
            string password = command.Credential?.GetNetworkCredential().Password;
            bool timeoutGiven = command.MyInvocation.BoundParameters.ContainsKey(nameof(NodeCommandBase.ConnectTimeout));
            var request = new SshTargetRequest
            {
                Target = given,
                Port = command.Port > 0 ? command.Port : (int?)null,
                // -UserName, then -Credential's user name, then user@ in the target name, then ssh_config's User.
                UserName = command.UserName ?? command.Credential?.UserName,
                KeyFilePath = command.KeyFilePath,
                KeyPassphrase = command.KeyFilePath != null ? password : null,
                Password = command.KeyFilePath == null ? password : null,
                KnownHostsPath = command.KnownHostsPath,
                HostKeyPolicy = command.SkipHostKeyCheck ? HostKeyPolicy.Skip : command.AcceptNewHostKey ? HostKeyPolicy.AcceptNew : (HostKeyPolicy?)null,
                ConnectTimeout = timeoutGiven ? TimeSpan.FromSeconds(command.ConnectTimeout) : (TimeSpan?)null,
                OperationTimeout = TimeSpan.FromSeconds(command.OperationTimeout),
                JumpHost = command.JumpHost,
                RemoteRoot = remoteRoot,
            };
            request.SudoPassword = command.SudoCredential?.GetNetworkCredential().Password ?? request.Password;

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var files = command.NoSshConfig
                ? new SshConfigFile[0]
                : LocalSshConfigSource.DefaultFiles(home, command.SshConfigPath == null ? null : command.GetUnresolvedProviderPathFromPSPath(command.SshConfigPath));
            try
            {
                var evaluator = new SshConfigEvaluator(new LocalSshConfigSource(), home, Environment.UserName);
                SshConnectionOptions options = SshRoutePlanner.Plan(request, evaluator, files, command.JumpPool, out var unknown);
                command.ReportUnknownSshConfig(unknown);
                return new SshTarget(given, options);
            }
            catch (FormatException)
            {
                error = ErrorRecords.Create(new ArgumentException($"'{given}' is not a node name: use host, host:port, user@host or [IPv6]:port."), ErrorIds.InvalidComputerName, given);
                return null;
            }
            catch (SshConfigException ex)
            {
                error = ErrorRecords.Create(ex, ErrorIds.SshConfigInvalid, given);
                return null;
            }
        }
    }
}
