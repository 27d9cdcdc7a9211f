using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>What the user gave for one node: the target name as typed and the SSH parameters (null when not given).</summary>
    public sealed class SshTargetRequest
    {
        public string Target { get; set; }
        public string UserName { get; set; }
        public int? Port { get; set; }
        public string KeyFilePath { get; set; }
        public string KeyPassphrase { get; set; }
        public string Password { get; set; }
        public string SudoPassword { get; set; }
        public string KnownHostsPath { get; set; }
        public HostKeyPolicy? HostKeyPolicy { get; set; }
        public TimeSpan? ConnectTimeout { get; set; }
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);
        public string JumpHost { get; set; }
        public string RemoteRoot { get; set; }
    }

    /// <summary>
    /// The one place SSH settings are decided: parameters first, then the target name (user@host:port), then ssh_config,
    /// then OpenSSH's defaults; the same for the node and for each jump host on its way.
    /// </summary>
    public static class SshRoutePlanner
    {
        public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Throws <see cref="FormatException"/> for a target name that is not one, <see cref="SshConfigException"/> for an
        /// ssh_config (or -JumpHost) that cannot be used. <paramref name="unknownKeywords"/> lists what ssh_config held
        /// that OpenSSH would not know, for the caller to report once.
        /// </summary>
        public static SshConnectionOptions Plan(SshTargetRequest request, SshConfigEvaluator evaluator, IReadOnlyList<SshConfigFile> files, SshJumpPool pool, out IReadOnlyList<string> unknownKeywords)
        {
            SshConnectionOptions parsed = SshConnectionOptions.Parse(request.Target);
            bool portInName = Regex.IsMatch(request.Target.Trim(), @"(^[^:\[\]]*:\d+$)|(\]:\d+$)");
            var query = new SshConfigQuery
            {
                Host = parsed.HostName,
                User = request.UserName ?? parsed.UserName,
                Port = request.Port ?? (portInName ? parsed.Port : (int?)null),
                IdentityFiles = request.KeyFilePath == null ? Array.Empty<string>() : new[] { request.KeyFilePath },
                ProxyJump = request.JumpHost,
                UserKnownHostsFiles = request.KnownHostsPath == null ? null : new[] { request.KnownHostsPath },
                ConnectTimeout = request.ConnectTimeout,
            };

            if (request.JumpHost != null)
            {
                try
                {
                    SshJumpHop.ParseChain(request.JumpHost);
                }
                catch (FormatException ex)
                {
                    throw new SshConfigException("-JumpHost '" + request.JumpHost + "': " + ex.Message + ".", ex);
                }
            }

            IReadOnlyList<SshHostSettings> route = evaluator.ResolveRoute(query, files);
            unknownKeywords = route.SelectMany(r => r.UnknownKeywords).Distinct().ToList();
            var hops = route.Take(route.Count - 1).Select(hop => Options(hop, request, forNode: false)).ToList();
            SshConnectionOptions node = Options(route[route.Count - 1], request, forNode: true);
            node.JumpHosts = hops;
            node.JumpPool = hops.Count > 0 ? pool : null;
            return node;
        }

        private static SshConnectionOptions Options(SshHostSettings settings, SshTargetRequest request, bool forNode)
        {
            var options = new SshConnectionOptions
            {
                HostName = settings.HostName,
                Port = settings.Port,
                UserName = settings.User,
                // The key named by -KeyFilePath is offered to jump hosts too (a bastion usually takes the same key);
                // passwords are for the node only.
                KeyFilePath = request.KeyFilePath,
                KeyPassphrase = request.KeyPassphrase,
                IdentityFiles = settings.IdentityFiles,
                IdentitiesOnly = settings.IdentitiesOnly,
                IdentityAgent = settings.IdentityAgent,
                KnownHostsPath = settings.UserKnownHostsFiles.FirstOrDefault(),
                MoreKnownHostsPaths = settings.UserKnownHostsFiles.Skip(1).Concat(settings.GlobalKnownHostsFiles).ToList(),
                HostKeyAlias = settings.HostKeyAlias,
                HostKeyPolicy = request.HostKeyPolicy ?? PolicyOf(settings.StrictHostKeyChecking),
                ConnectTimeout = request.ConnectTimeout ?? settings.ConnectTimeout ?? DefaultConnectTimeout,
                OperationTimeout = request.OperationTimeout,
            };

            if (forNode)
            {
                options.Password = request.Password;
                options.SudoPassword = request.SudoPassword;
                if (!string.IsNullOrEmpty(request.RemoteRoot))
                {
                    options.RemoteRoot = request.RemoteRoot;
                }
            }

            return options;
        }

        /// <summary>"no" records an unknown key as accept-new does; unlike OpenSSH, a changed key still fails.</summary>
        private static HostKeyPolicy PolicyOf(SshStrictHostKeyChecking strict) =>
            strict == SshStrictHostKeyChecking.Yes ? HostKeyPolicy.Strict : HostKeyPolicy.AcceptNew;
    }
}
