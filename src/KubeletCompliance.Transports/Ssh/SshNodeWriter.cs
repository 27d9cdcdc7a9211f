using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// Changes a node over SSH, for remediation: atomic file replacement, backups, service commands. Runs through
    /// sudo unless <see cref="SudoMode.Never"/> is set or the login is root.
    /// </summary>
    public sealed class SshNodeWriter : IDisposable
    {
        private readonly SshConnection _connection;
        private readonly bool _ownsConnection;
        private readonly string _remoteRoot;
        private bool? _elevated;

        /// <summary>Uses a connection the caller keeps ownership of (to share it with a <see cref="SshNodeReader"/>).</summary>
        public SshNodeWriter(SshConnection connection)
            : this(connection, false)
        {
        }

        private SshNodeWriter(SshConnection connection, bool ownsConnection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _ownsConnection = ownsConnection;
            string root = string.IsNullOrEmpty(connection.Options.RemoteRoot) ? "/" : connection.Options.RemoteRoot;
            _remoteRoot = root.TrimEnd('/');
        }

        public static SshNodeWriter Open(SshConnectionOptions options) => new SshNodeWriter(SshConnection.Open(options), true);

        /// <summary>
        /// Replaces a file so that readers see either the old or the new content: the new content goes to a temporary
        /// file in the same folder, is synced, takes the old file's owner and mode, and is renamed over it.
        /// A new file gets mode 0644.
        /// </summary>
        public void WriteFile(string path, string content)
        {
            // sudo -S leaves the password line unread when the user needs none (NOPASSWD); everything up to this
            // line is skipped so that line can never end up in the file.
            string sentinel = "kc-content-" + Guid.NewGuid().ToString("N");
            string script =
                "f=" + PosixShell.Quote(_remoteRoot + NodePath(path)) + "\n" +
                "S=" + PosixShell.Quote(sentinel) + "\n" +
                @"t=${f%/*}/.${f##*/}.kc-new.$$
while IFS= read -r line; do [ ""$line"" = ""$S"" ] && break; done
umask 077
fail() { rm -f -- ""$t""; exit 1; }
cat > ""$t"" || fail
sync -- ""$t"" 2>/dev/null || sync
if [ -e ""$f"" ]; then
  chown --reference=""$f"" -- ""$t"" || fail
  chmod --reference=""$f"" -- ""$t"" || fail
else
  chmod 0644 -- ""$t"" || fail
fi
mv -f -- ""$t"" ""$f"" || fail
";
            byte[] input = Encoding.UTF8.GetBytes(sentinel + "\n" + (content ?? string.Empty));
            Check(_connection.Run(script.Replace("\r\n", "\n"), Elevated(), input), "write " + path);
        }

        /// <summary>Copies a file next to itself with owner, mode and times kept; returns the copy's node path.</summary>
        public string Backup(string path)
        {
            string nodePath = NodePath(path);
            string backup = nodePath + ".kc-backup-" + DateTime.UtcNow.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
            string script = "cp -p -- " + PosixShell.Quote(_remoteRoot + nodePath) + " " + PosixShell.Quote(_remoteRoot + backup) + "\n";
            Check(_connection.Run(script, Elevated()), "back up " + path);
            return backup;
        }

        /// <summary>Runs one program (e.g. systemctl restart kubelet); every word is passed literally. A non-zero exit is returned, not thrown.</summary>
        public RemoteCommandResult RunCommand(IEnumerable<string> argv)
        {
            List<string> words = (argv ?? throw new ArgumentNullException(nameof(argv))).ToList();
            if (words.Count == 0)
            {
                throw new ArgumentException("A command needs at least a program name.", nameof(argv));
            }

            return _connection.Run("exec " + PosixShell.Join(words) + "\n", Elevated());
        }

        public void Dispose()
        {
            if (_ownsConnection)
            {
                _connection.Dispose();
            }
        }

        private bool Elevated()
        {
            if (_elevated == null)
            {
                SudoMode mode = _connection.Options.UseSudo;
                _elevated = mode == SudoMode.Always ||
                            (mode == SudoMode.Auto && _connection.Run("id -u\n", false).Output.Trim() != "0");
            }

            return _elevated.Value;
        }

        private void Check(RemoteCommandResult result, string what)
        {
            if (result.ExitCode != 0)
            {
                throw new NodeAccessException(NodeAccessError.RemoteCommandFailed, _connection.Options.Target,
                    "Could not " + what + " on " + _connection.Options.Target + " (exit code " + result.ExitCode + "): " + result.Error.Trim());
            }
        }

        private static string NodePath(string path)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/' || path.EndsWith("/", StringComparison.Ordinal))
            {
                throw new ArgumentException("A file's node path is absolute and does not end in '/': '" + path + "'.", nameof(path));
            }

            return path;
        }
    }
}
