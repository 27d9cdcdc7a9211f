using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>
    /// Evaluates ssh_config for one host as OpenSSH 9 does (readconf.c): files in order, the first value obtained for a
    /// keyword wins, Host patterns against the host as typed, Match host/originalhost, Include with globs.
    /// </summary>
    public sealed class SshConfigEvaluator
    {
        public const int DefaultPort = 22;
        private const int MaxIncludeDepth = 16;
        private const int MaxJumpDepth = 8;

        private static readonly string[] DefaultIdentityFiles =
            { "~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa" };

        private readonly ISshConfigSource _source;
        private readonly string _home;
        private readonly string _localUser;

        public SshConfigEvaluator(ISshConfigSource source, string homeDirectory, string localUser)
        {
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _home = homeDirectory;
            _localUser = localUser;
        }

        /// <summary>
        /// The hops to connect through, first hop first, then the target last; each hop evaluated as "ssh -J
        /// earlier-hops hop" would be, so a hop's own ProxyJump counts only for the first hop, as in OpenSSH.
        /// </summary>
        public IReadOnlyList<SshHostSettings> ResolveRoute(SshConfigQuery query, IReadOnlyList<SshConfigFile> files)
        {
            var route = new List<SshHostSettings>();
            SshConfigQuery current = query;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                SshHostSettings settings = Evaluate(current, files);
                route.Insert(0, settings);
                if (!seen.Add(settings.User + "@" + settings.HostName + ":" + settings.Port) || route.Count > MaxJumpDepth + 1)
                {
                    throw new SshConfigException("ProxyJump for '" + query.Host + "' loops or is longer than " + MaxJumpDepth + " hops (via " + settings.HostName + ").");
                }

                if (settings.JumpHosts.Count == 0)
                {
                    return route;
                }

                SshJumpHop last = settings.JumpHosts[settings.JumpHosts.Count - 1];
                current = new SshConfigQuery
                {
                    Host = last.Host,
                    User = last.User,
                    Port = last.Port,
                    ProxyJump = settings.JumpHosts.Count > 1 ? SshJumpHop.Format(settings.JumpHosts.Take(settings.JumpHosts.Count - 1)) : null,
                    UserKnownHostsFiles = query.UserKnownHostsFiles,
                    StrictHostKeyChecking = query.StrictHostKeyChecking,
                    ConnectTimeout = query.ConnectTimeout,
                };
            }
        }

        public SshHostSettings Evaluate(SshConfigQuery query, IReadOnlyList<SshConfigFile> files)
        {
            if (query == null || string.IsNullOrEmpty(query.Host))
            {
                throw new ArgumentException("A host is required.", nameof(query));
            }

            var state = new State(query);
            foreach (SshConfigFile file in files ?? Array.Empty<SshConfigFile>())
            {
                string text = _source.ReadText(file.Path);
                if (text != null)
                {
                    bool active = true;
                    ReadFile(file.Path, text, file.IsUserConfig, false, 0, ref active, state);
                }
            }

            try
            {
                return Finish(query, state);
            }
            catch (FormatException ex)
            {
                throw new SshConfigException("ssh_config for '" + query.Host + "': " + ex.Message + ".", ex);
            }
        }

        private void ReadFile(string path, string text, bool userConfig, bool neverMatch, int depth, ref bool active, State state)
        {
            string[] lines = text.Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                string where = path + " line " + (n + 1).ToString(CultureInfo.InvariantCulture);
                SshConfigLine line;
                try
                {
                    line = SshConfigLine.Parse(lines[n]);
                }
                catch (FormatException ex)
                {
                    throw new SshConfigException(where + ": " + ex.Message + ".", ex);
                }

                if (line == null)
                {
                    continue;
                }

                try
                {
                    Apply(line, where, userConfig, neverMatch, depth, ref active, state);
                }
                catch (FormatException ex)
                {
                    throw new SshConfigException(where + ": " + ex.Message + ".", ex);
                }
            }
        }

        private void Apply(SshConfigLine line, string where, bool userConfig, bool neverMatch, int depth, ref bool active, State state)
        {
            IReadOnlyList<string> args = line.Arguments;
            string first = args.Count > 0 ? args[0] : string.Empty;
            switch (line.Keyword)
            {
                case "host":
                    active = !neverMatch && SshBlockConditions.HostLineMatches(args, state.Query.Host);
                    return;
                case "match":
                    bool matches = SshBlockConditions.MatchLineMatches(args, state.Query.Host, state.HostName, where);
                    active = !neverMatch && matches;
                    return;
                case "include":
                    Include(args, where, userConfig, depth, ref active, state);
                    return;
            }

            if (!active)
            {
                if (!SshKeywords.IsKnown(line.Keyword) && !Ignored(line.Keyword, state))
                {
                    state.Unknown.Add(where + ": " + line.Keyword);
                }

                return;
            }

            switch (line.Keyword)
            {
                case "hostname": state.HostName = state.HostName ?? first; break;
                case "user": state.User = state.User ?? first; break;
                case "port": state.Port = state.Port ?? SshConfigValues.ParsePort(first); break;
                case "identityfile":
                    if (!state.IdentityFiles.Contains(first))
                    {
                        state.IdentityFiles.Add(first);
                    }

                    break;
                case "identitiesonly": state.IdentitiesOnly = state.IdentitiesOnly ?? SshConfigValues.ParseFlag(first); break;
                case "identityagent": state.IdentityAgent = state.IdentityAgent ?? first; break;
                case "proxyjump":
                    string jump = line.Rest.Split('#')[0].Trim();
                    SshJumpHop.ParseChain(jump);
                    state.ProxyJump = state.ProxyJump ?? jump;
                    break;
                case "userknownhostsfile": state.UserKnownHostsFiles = state.UserKnownHostsFiles ?? SshConfigValues.FileList(args); break;
                case "globalknownhostsfile": state.GlobalKnownHostsFiles = state.GlobalKnownHostsFiles ?? SshConfigValues.FileList(args); break;
                case "stricthostkeychecking": state.Strict = state.Strict ?? SshConfigValues.ParseStrict(first); break;
                case "connecttimeout":
                    TimeSpan? timeout = first == "none" ? (TimeSpan?)null : SshConfigValues.ParseTime(first);
                    if (!state.ConnectTimeoutSet)
                    {
                        state.ConnectTimeout = timeout;
                        state.ConnectTimeoutSet = true;
                    }

                    break;
                case "hostkeyalias": state.HostKeyAlias = state.HostKeyAlias ?? first; break;
                case "proxycommand": state.ProxyCommand = state.ProxyCommand ?? line.Rest; break;
                case "ignoreunknown": state.IgnoreUnknown = state.IgnoreUnknown ?? first; break;
                default:
                    if (!SshKeywords.IsKnown(line.Keyword) && !Ignored(line.Keyword, state))
                    {
                        state.Unknown.Add(where + ": " + line.Keyword);
                    }

                    break;
            }
        }

        private static bool Ignored(string keyword, State state) =>
            state.IgnoreUnknown != null && SshPatterns.MatchList(keyword, state.IgnoreUnknown, true) == 1;

        private void Include(IReadOnlyList<string> args, string where, bool userConfig, int depth, ref bool active, State state)
        {
            if (depth >= MaxIncludeDepth)
            {
                throw new SshConfigException(where + ": Include nests deeper than " + MaxIncludeDepth + " files (a loop?).");
            }

            foreach (string arg in args)
            {
                if (arg.StartsWith("~", StringComparison.Ordinal) && !userConfig)
                {
                    throw new FormatException("bad include path " + arg + " (a system file cannot Include from ~)");
                }

                string pattern = arg.StartsWith("/", StringComparison.Ordinal) || arg.StartsWith("~", StringComparison.Ordinal)
                    ? arg
                    : (userConfig ? "~/.ssh/" : "/etc/ssh/") + arg;
                pattern = SshTokens.ExpandTilde(pattern, _home);
                bool outerActive = active;
                foreach (string path in _source.Glob(pattern))
                {
                    string text = _source.ReadText(path);
                    if (text != null)
                    {
                        ReadFile(path, text, userConfig, !outerActive, depth + 1, ref active, state);
                    }

                    // A Host or Match inside an included file does not change the including file's state.
                    active = outerActive;
                }
            }
        }

        private SshHostSettings Finish(SshConfigQuery query, State state)
        {
            string hostName = state.HostName == null ? query.Host : state.HostName.Replace("%%", "\u0001").Replace("%h", query.Host).Replace("\u0001", "%");
            if (!IsAddress(hostName))
            {
                hostName = hostName.ToLowerInvariant();
            }

            string user = query.User ?? state.User ?? _localUser;
            int port = query.Port ?? state.Port ?? DefaultPort;
            var tokens = new Dictionary<char, string>
            {
                ['d'] = _home,
                ['h'] = hostName,
                ['n'] = query.Host,
                ['p'] = port.ToString(CultureInfo.InvariantCulture),
                ['r'] = user,
                ['u'] = _localUser,
            };

            var identities = new List<string>();
            foreach (string file in (query.IdentityFiles ?? Array.Empty<string>()).Concat(state.IdentityFiles))
            {
                if (!identities.Contains(file))
                {
                    identities.Add(file);
                }
            }

            bool defaults = identities.Count == 0;
            if (defaults)
            {
                identities.AddRange(DefaultIdentityFiles);
            }

            IReadOnlyList<string> userKnownHosts = query.UserKnownHostsFiles ?? state.UserKnownHostsFiles ?? new[] { "~/.ssh/known_hosts", "~/.ssh/known_hosts2" };
            IReadOnlyList<string> globalKnownHosts = state.GlobalKnownHostsFiles ?? new[] { "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2" };
            IReadOnlyList<SshJumpHop> jump = SshJumpHop.ParseChain(query.ProxyJump ?? state.ProxyJump);
            if (jump.Count == 0 && state.ProxyCommand != null && !string.Equals(state.ProxyCommand, "none", StringComparison.OrdinalIgnoreCase))
            {
                throw new SshConfigException("ssh_config gives '" + query.Host + "' a ProxyCommand, which KubeletCompliance does not run; " +
                    "use ProxyJump (or -JumpHost) for a bastion, or -NoSshConfig.");
            }

            string agent = state.IdentityAgent;
            if (agent == "SSH_AUTH_SOCK")
            {
                agent = null;
            }
            else if (agent != null && agent != "none")
            {
                agent = Path(agent, tokens);
            }

            return new SshHostSettings
            {
                HostName = hostName,
                Port = port,
                User = user,
                IdentityFilesAsWritten = identities,
                IdentityFiles = identities.Select(f => Path(f, tokens)).ToList(),
                IdentityFilesAreDefaults = defaults,
                IdentitiesOnly = state.IdentitiesOnly ?? false,
                IdentityAgent = agent,
                JumpHosts = jump,
                UserKnownHostsFiles = userKnownHosts.Where(f => f != "none").Select(f => Path(f, tokens)).ToList(),
                GlobalKnownHostsFiles = globalKnownHosts.Where(f => f != "none").ToList(),
                StrictHostKeyChecking = query.StrictHostKeyChecking ?? state.Strict ?? SshStrictHostKeyChecking.Yes,
                ConnectTimeout = query.ConnectTimeout ?? state.ConnectTimeout,
                HostKeyAlias = state.HostKeyAlias?.ToLowerInvariant(),
                UnknownKeywords = state.Unknown,
            };
        }

        private string Path(string value, IReadOnlyDictionary<char, string> tokens) => SshTokens.ExpandTilde(SshTokens.Expand(value, tokens), _home);

        private static bool IsAddress(string host) =>
            host.IndexOf(':') >= 0 || Regex.IsMatch(host, @"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$");

        private sealed class State
        {
            public State(SshConfigQuery query)
            {
                Query = query;
            }

            public SshConfigQuery Query { get; }
            public string HostName;
            public string User;
            public int? Port;
            public readonly List<string> IdentityFiles = new List<string>();
            public bool? IdentitiesOnly;
            public string IdentityAgent;
            public string ProxyJump;
            public IReadOnlyList<string> UserKnownHostsFiles;
            public IReadOnlyList<string> GlobalKnownHostsFiles;
            public SshStrictHostKeyChecking? Strict;
            public TimeSpan? ConnectTimeout;
            public bool ConnectTimeoutSet;
            public string HostKeyAlias;
            public string ProxyCommand;
            public string IgnoreUnknown;
            public readonly List<string> Unknown = new List<string>();
        }
    }
}
