using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Transports.Shell;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// One authenticated SSH session to a node, with the host key checked against known_hosts. Runs sh scripts,
    /// optionally through sudo; shared by <see cref="ShellNodeReader"/> and <see cref="ShellNodeWriter"/>.
    /// </summary>
    public sealed class SshConnection : IShellChannel
    {
        // Printed by the wrapper before the script runs: its absence means sudo (or the login shell) never started the script.
        private const string BeginMarker = "kc-begin";

        // Follows the sudo password on standard input; everything up to it is skipped, whether sudo read the password or not.
        private const string InputMarker = "kc-input-7f3a9c2e5d1b4086";

        private const string SkipToInput = "while IFS= read -r kc_line; do [ \"$kc_line\" = " + InputMarker + " ] && break; done\n";

        private readonly SshClient _client;
        private readonly List<IDisposable> _credentials;
        private readonly object _gate = new object();
        private CancellationToken _lifetime;
        private string _broken;

        private SshConnection(SshConnectionOptions options, SshClient client, List<IDisposable> credentials, HostKeyCheck hostKey, bool hostKeyRecorded, CancellationToken lifetime)
        {
            Options = options;
            _lifetime = lifetime;
            _client = client;
            _credentials = credentials;
            HostKey = hostKey;
            HostKeyRecorded = hostKeyRecorded;
        }

        public SshConnectionOptions Options { get; }

        /// <summary>The host key check; null when the policy was <see cref="HostKeyPolicy.Skip"/>.</summary>
        public HostKeyCheck HostKey { get; }

        /// <summary>True when this connection added the host key to known_hosts (AcceptNew on an unknown host).</summary>
        public bool HostKeyRecorded { get; }

        /// <summary>
        /// Connects within <see cref="SshConnectionOptions.ConnectTimeout"/> for the whole attempt. Cancelling
        /// <paramref name="lifetime"/> (Ctrl+C) stops the attempt and, later, every command run on the connection.
        /// </summary>
        public static SshConnection Open(SshConnectionOptions options, CancellationToken lifetime = default)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (string.IsNullOrEmpty(options.HostName))
            {
                throw new ArgumentException("HostName is required.", nameof(options));
            }

            string user = string.IsNullOrEmpty(options.UserName) ? Environment.UserName : options.UserName;
            string target = options.Target;
            var credentials = new List<IDisposable>();
            SshClient client = null;
            HostKeyCheck check = null;
            SshTunnel tunnel = null;
            bool recorded = false;
            Exception checkFailure = null;
            try
            {
                AuthenticationMethod[] methods = SshAuthentication.Methods(options, user, target, credentials);
                if (options.JumpHosts != null && options.JumpHosts.Count > 0)
                {
                    if (options.JumpPool == null)
                    {
                        var pool = new SshJumpPool();
                        credentials.Add(pool);
                        options.JumpPool = pool;
                    }

                    tunnel = options.JumpPool.Tunnel(options.JumpHosts, options.HostName, options.Port, target, lifetime);
                    credentials.Insert(0, tunnel);
                }

                var info = tunnel == null
                    ? new ConnectionInfo(options.HostName, options.Port, user, methods) { Timeout = options.ConnectTimeout }
                    : new ConnectionInfo("127.0.0.1", tunnel.LocalPort, user, methods) { Timeout = options.ConnectTimeout };
                string knownHostsPath = options.EffectiveKnownHostsPath;
                KnownHosts knownHosts = options.HostKeyPolicy == HostKeyPolicy.Skip ? null : KnownHosts.LoadAll(new[] { knownHostsPath }.Concat(options.MoreKnownHostsPaths ?? Array.Empty<string>()));
                string keyHost = options.HostKeyAlias ?? options.HostName;
                int keyPort = options.HostKeyAlias == null ? options.Port : SshConnectionOptions.DefaultPort;
                if (knownHosts != null)
                {
                    PreferKnownKeyTypes(info, knownHosts.KnownKeyTypes(keyHost, keyPort));
                }

                client = new SshClient(info);
                client.HostKeyReceived += (sender, e) =>
                {
                    if (knownHosts == null)
                    {
                        e.CanTrust = true;
                        return;
                    }

                    try
                    {
                        check = knownHosts.Check(keyHost, keyPort, e.HostKey);
                        if (check.Verdict == HostKeyVerdict.Unknown && options.HostKeyPolicy == HostKeyPolicy.AcceptNew)
                        {
                            KnownHostsFile.Append(knownHostsPath, keyHost, keyPort, e.HostKey);
                            recorded = true;
                        }

                        e.CanTrust = check.Verdict == HostKeyVerdict.Match || recorded;
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
                    {
                        checkFailure = ex;
                        e.CanTrust = false;
                    }
                };

                Connect(client, options.ConnectTimeout, lifetime);
                return new SshConnection(options, client, credentials, check, recorded, lifetime);
            }
            catch (Exception ex) when (!(ex is NodeAccessException) && !(ex is OperationCanceledException))
            {
                client?.Dispose();
                DisposeAll(credentials);
                throw SshConnectFailure.Classify(ex, options, user, target, check, recorded, checkFailure, credentials.OfType<SshIdentities>().FirstOrDefault(), tunnel);
            }
            catch
            {
                client?.Dispose();
                DisposeAll(credentials);
                throw;
            }
        }

        /// <summary>
        /// SSH.NET's timeout covers each read on its own, so an endpoint trickling a byte a second never trips it: the
        /// attempt gets one deadline from outside, and the socket is closed under it when the deadline passes.
        /// </summary>
        private static void Connect(SshClient client, TimeSpan deadline, CancellationToken lifetime)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime))
            {
                stop.CancelAfter(deadline);
                Task connecting = client.ConnectAsync(stop.Token);
                try
                {
                    connecting.Wait(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    client.Dispose();
                    connecting.ContinueWith(t => t.Exception, TaskScheduler.Default);
                    lifetime.ThrowIfCancellationRequested();
                    throw new SshOperationTimeoutException("The connection attempt did not complete within " + deadline + ".");
                }
                catch (AggregateException ex)
                {
                    Exception inner = Unwrap(ex);
                    if (inner is OperationCanceledException && stop.IsCancellationRequested)
                    {
                        lifetime.ThrowIfCancellationRequested();
                        throw new SshOperationTimeoutException("The connection attempt did not complete within " + deadline + ".");
                    }

                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
                }
            }
        }

        /// <summary>The SSH session, for the tunnels that nodes behind this jump host ride on.</summary>
        internal SshClient Client => _client;

        public string Description => "ssh " + (string.IsNullOrEmpty(Options.UserName) ? Environment.UserName : Options.UserName) + "@" + Options.Target;

        /// <summary>
        /// Runs <paramref name="script"/> with "sh -c"; when <paramref name="elevated"/>, through sudo: "sudo -n", or
        /// "sudo -S -p ''" with the sudo password as the first line of standard input when one was given. sudo leaves
        /// that line unread when it needs no password, so a marker line follows it and the wrapper skips up to the
        /// marker: the script reads exactly <paramref name="standardInput"/>.
        /// </summary>
        public ShellResult Run(string script, byte[] standardInput, bool elevated, CancellationToken cancellationToken)
        {
            string sudoPassword = elevated && !string.IsNullOrEmpty(Options.SudoPassword) ? Options.SudoPassword : null;
            string wrapped = "printf '" + BeginMarker + "\\n'\n" + (sudoPassword == null ? string.Empty : SkipToInput) + script;
            string command;
            if (!elevated)
            {
                command = "sh -c " + PosixShell.Quote(wrapped);
            }
            else if (sudoPassword == null)
            {
                command = "sudo -n -- sh -c " + PosixShell.Quote(wrapped);
            }
            else
            {
                command = "sudo -S -p '' -- sh -c " + PosixShell.Quote(wrapped);
            }

            var input = new List<byte>();
            if (sudoPassword != null)
            {
                input.AddRange(Encoding.UTF8.GetBytes(sudoPassword + "\n" + InputMarker + "\n"));
            }

            if (standardInput != null)
            {
                input.AddRange(standardInput);
            }

            ShellResult result;
            lock (_gate)
            {
                result = Execute(command, input.ToArray(), cancellationToken);
            }

            byte[] begin = Encoding.ASCII.GetBytes(BeginMarker + "\n");
            if (result.Output.Length < begin.Length || !begin.SequenceEqual(result.Output.Take(begin.Length)))
            {
                throw NotStarted(elevated, result.ExitCode, result.Error);
            }

            return new ShellResult(result.ExitCode, result.Output.Skip(begin.Length).ToArray(), result.Error);
        }

        /// <summary>
        /// Runs one command with a deadline and output caps enforced here, not by SSH.NET's per-read timeouts: a node
        /// that trickles, stalls or floods is cut off, and its connection with it, since a channel left half-read
        /// would keep buffering whatever the node sends.
        /// </summary>
        private ShellResult Execute(string command, byte[] input, CancellationToken cancellationToken)
        {
            if (_broken != null)
            {
                throw new NodeAccessException(NodeAccessError.RemoteCommandFailed, Options.Target,
                    "The connection to " + Options.Target + " was closed earlier: " + _broken);
            }

            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime))
            using (SshCommand ssh = _client.CreateCommand(command, new UTF8Encoding(false)))
            {
                stop.CancelAfter(Options.OperationTimeout);
                var tooLarge = new OutputCap(Options.MaxOutputBytes, stop);
                Task execution;
                try
                {
                    execution = ssh.ExecuteAsync(stop.Token);
                }
                catch (Exception ex) when (ex is SshException || ex is SocketException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    throw new NodeAccessException(NodeAccessError.RemoteCommandFailed, Options.Target,
                        "A remote command on " + Options.Target + " could not be run: " + ex.Message, ex);
                }

                Task<byte[]> output = Task.Run(() => tooLarge.ReadAll(ssh.OutputStream));
                Task<byte[]> error = Task.Run(() => tooLarge.ReadAll(ssh.ExtendedOutputStream));
                Task writing = Task.Run(() => WriteInput(ssh, input));
                try
                {
                    Task.WaitAll(new[] { execution, output, error, writing }, Timeout.Infinite, stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is AggregateException)
                {
                    Exception failure = Unwrap(ex);
                    if (!stop.IsCancellationRequested && !(failure is OperationCanceledException))
                    {
                        throw new NodeAccessException(NodeAccessError.RemoteCommandFailed, Options.Target,
                            "A remote command on " + Options.Target + " could not be run: " + failure.Message, failure);
                    }

                    Abandon(tooLarge.Exceeded ? "it sent more than " + Options.MaxOutputBytes + " bytes" : "a command was stopped");
                    cancellationToken.ThrowIfCancellationRequested();
                    _lifetime.ThrowIfCancellationRequested();
                    if (tooLarge.Exceeded)
                    {
                        throw new NodeAccessException(NodeAccessError.OutputTooLarge, Options.Target,
                            Options.Target + " sent more than " + Options.MaxOutputBytes + " bytes in one round (evidence is a few kilobytes); the node is not read further.");
                    }

                    throw new NodeAccessException(NodeAccessError.OperationTimeout, Options.Target,
                        "A remote command on " + Options.Target + " did not finish within " + Options.OperationTimeout + ".", failure);
                }

                return new ShellResult(ssh.ExitStatus ?? -1, output.Result, new UTF8Encoding(false).GetString(error.Result));
            }
        }

        private static Exception Unwrap(Exception ex) =>
            ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.FirstOrDefault() ?? ex : ex;

        /// <summary>Closes the session under a command that would not end: the node sees its channel go and nothing is buffered any more.</summary>
        private void Abandon(string why)
        {
            _broken = why;
            _client.Dispose();
        }

        /// <summary>
        /// A command may finish before its input is sent (sudo refusing at once): the channel is then closed, which
        /// is not an error of its own; the exit code and output tell what happened. Closing the stream sends EOF.
        /// </summary>
        private static void WriteInput(SshCommand ssh, byte[] bytes)
        {
            try
            {
                using (Stream stdin = ssh.CreateInputStream())
                {
                    stdin.Write(bytes, 0, bytes.Length);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ObjectDisposedException || ex is SshException || ex is IOException)
            {
            }
        }

        public void Dispose()
        {
            _client.Dispose();
            DisposeAll(_credentials);
        }

        private NodeAccessException NotStarted(bool elevated, int exitCode, string error)
        {
            string said = string.IsNullOrWhiteSpace(error) ? "exit code " + exitCode : error.Trim();
            if (!elevated)
            {
                return new NodeAccessException(NodeAccessError.RemoteCommandFailed, Options.Target,
                    "The login shell of " + Options.Target + " did not run 'sh -c' (a POSIX sh is required): " + said);
            }

            if (error.IndexOf("incorrect password", StringComparison.OrdinalIgnoreCase) >= 0 ||
                error.IndexOf("Sorry, try again", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new NodeAccessException(NodeAccessError.SudoPasswordWrong, Options.Target,
                    "sudo on " + Options.Target + " rejected the sudo password: " + said);
            }

            string hint = error.IndexOf("password is required", StringComparison.OrdinalIgnoreCase) >= 0
                ? " sudo wants a password: give a sudo password, or allow NOPASSWD for this user."
                : string.Empty;
            return new NodeAccessException(NodeAccessError.SudoRefused, Options.Target,
                "sudo on " + Options.Target + " refused to run the command as root: " + said + "." + hint);
        }

        /// <summary>
        /// Asks for the key types known_hosts already holds before the others, as OpenSSH does; otherwise a server with
        /// several host keys could present one we never recorded and look changed.
        /// </summary>
        private static void PreferKnownKeyTypes(ConnectionInfo info, IReadOnlyCollection<string> knownTypes)
        {
            var preferred = new List<string>();
            foreach (string type in knownTypes)
            {
                if (type == "ssh-rsa")
                {
                    preferred.AddRange(new[] { "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" });
                }
                else
                {
                    preferred.Add(type);
                }
            }

            int position = 0;
            foreach (string algorithm in preferred)
            {
                if (info.HostKeyAlgorithms.ContainsKey(algorithm))
                {
                    info.HostKeyAlgorithms.SetPosition(algorithm, position++);
                }
            }
        }

        private static void DisposeAll(List<IDisposable> items)
        {
            foreach (IDisposable item in items)
            {
                item.Dispose();
            }

            items.Clear();
        }
    }
}
