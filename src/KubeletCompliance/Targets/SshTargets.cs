using System;
using KubeletCompliance.Commands;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Ssh.Config;

namespace KubeletCompliance.Targets
{
    /// <summary>Turns a -ComputerName value and the SSH parameters into connection options, through ssh_config.</summary>
    internal static class SshTargets
    {
        /// <summary>
        /// The node <paramref name="given"/> names, or, when the name is malformed or ssh_config cannot be used, a target
        /// that fails with that reason, so the node still gets its row.
        /// </summary>
        public static NodeTarget Create(string given, string remoteRoot, NodeCommandBase command)
        {
            if (!SshConnectionOptions.TryParse(given, out var parsed, out string rule, out string problem))
            {
                // An object with neither a ComputerName nor a Root property reaches -ComputerName as its text, "@{...}".
                return given.StartsWith("@{", StringComparison.Ordinal)
                    ? new UnusableTarget(given, ErrorIds.ComputerNameNotText, $"'{given}' is an object converted to text, not a node name: pipe strings, or objects with a ComputerName (or Root) property.")
                    : new UnusableTarget(given, rule, $"'{given}' is not a node name: {problem}. Use host, host:port, user@host or [IPv6]:port.");
            }

            string password = command.Credential?.GetNetworkCredential().Password;
            bool timeoutGiven = command.MyInvocation.BoundParameters.ContainsKey(nameof(NodeCommandBase.ConnectTimeout));
            var request = new SshTargetRequest
            {
                Target = given,
                // What the name says wins: a :port over -Port, a user@ over -UserName and -Credential's user name.
                Port = command.PortGiven && !parsed.PortInName ? command.Port : (int?)null,
                UserName = parsed.UserName != null ? null : command.UserName ?? command.Credential?.UserName,
                KeyFilePath = command.KeyFile,
                KeyPassphrase = command.KeyFile != null ? password : null,
                Password = command.KeyFile == null ? password : null,
                KnownHostsPath = command.KnownHostsFile,
                HostKeyPolicy = command.SkipHostKeyCheck ? HostKeyPolicy.Skip : command.AcceptNewHostKey ? HostKeyPolicy.AcceptNew : (HostKeyPolicy?)null,
                ConnectTimeout = timeoutGiven ? TimeSpan.FromSeconds(command.ConnectTimeout) : (TimeSpan?)null,
                OperationTimeout = TimeSpan.FromSeconds(command.OperationTimeout),
                JumpHost = command.JumpHost,
                RemoteRoot = remoteRoot,
            };
            request.SudoPassword = command.SudoCredential?.GetNetworkCredential().Password ?? request.Password;

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var files = command.NoSshConfig ? new SshConfigFile[0] : LocalSshConfigSource.DefaultFiles(home, command.SshConfigFile);
            try
            {
                var evaluator = new SshConfigEvaluator(new LocalSshConfigSource(), home, Environment.UserName);
                SshConnectionOptions options = SshRoutePlanner.Plan(request, evaluator, files, command.JumpPool, out var unknown);
                command.ReportUnknownSshConfig(unknown);
                return new SshTarget(given, options);
            }
            catch (SshConfigException ex)
            {
                return new UnusableTarget(given, ErrorIds.SshConfigInvalid, ex.Message);
            }
        }
    }
}
