using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// Changes a node over SSH, for remediation: atomic file replacement, backups, service commands. Runs through
    /// sudo unless <see cref="SudoMode.Never"/> is set or the login is root.
    /// </summary>
    public sealed class SshNodeWriter : INodeWriter, IDisposable
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
        /// Copies a file beside itself as &lt;name&gt;.kcbak-&lt;stamp&gt; with owner, mode, times and SELinux label kept;
        /// for a file that does not exist yet, leaves an empty &lt;name&gt;.kcbak-&lt;stamp&gt;.absent marker instead.
        /// </summary>
        public string Backup(string path, string stamp)
        {
            string nodePath = NodePath(path);
            string suffix = BackupNames.Suffix(stamp);
            string script =
                "f=" + PosixShell.Quote(_remoteRoot + nodePath) + "\n" +
                "b=" + PosixShell.Quote(_remoteRoot + nodePath + suffix) + "\n" +
                @"if [ ! -e ""$f"" ]; then
  # A new drop-in's folder (a unit's .d under /etc/systemd/system) is made like its parent, one level only.
  d=${f%/*}
  if [ ! -d ""$d"" ]; then
    p=${d%/*}
    [ -d ""$p"" ] || exit 1
    mkdir -- ""$d"" && chown --reference=""$p"" -- ""$d"" && chmod --reference=""$p"" -- ""$d"" || exit 1
    { command -v chcon >/dev/null && chcon --reference=""$p"" -- ""$d""; } 2>/dev/null
  fi
  [ -e ""$b.absent"" ] && exit 3
  : > ""$b.absent"" || exit 1
  echo absent; exit 0
fi
[ -e ""$b"" ] && exit 3
# A full disk must not leave a truncated backup under the name Restore looks for: copy aside, then rename.
t=""$b.kctmp-$$""
cp -p -- ""$f"" ""$t"" || { rm -f -- ""$t""; exit 1; }
{ command -v chcon >/dev/null && chcon --reference=""$f"" -- ""$t""; } 2>/dev/null
sync -- ""$t"" 2>/dev/null || sync
mv -f -- ""$t"" ""$b"" || { rm -f -- ""$t""; exit 1; }
echo copied
";
            var result = Run(script, "back up " + path, path);
            Check(result, "back up " + path, ErrorIds.BackupFailed);
            return nodePath + suffix + (result.OutputText.Trim() == "absent" ? BackupNames.AbsentMarker : string.Empty);
        }

        /// <summary>
        /// Replaces a file so that readers see either the old or the new content: the new content goes to a temporary
        /// file in the same folder, is synced, takes the old file's owner, mode and SELinux label, and is renamed over
        /// it. Refused when the file no longer holds <paramref name="expectedContent"/> (null: must not exist).
        /// A new file gets mode 0644.
        /// </summary>
        public void WriteFileAtomic(string path, string content, string expectedContent)
        {
            string expected = expectedContent == null ? "absent" : Sha256(expectedContent);
            string script =
                "f=" + PosixShell.Quote(_remoteRoot + NodePath(path)) + "\n" +
                "E=" + PosixShell.Quote(expected) + "\n" +
                "N=" + PosixShell.Quote(Sha256(content ?? string.Empty)) + "\n" +
                ResolveLink +
                @"if [ -e ""$f"" ]; then now=$(sha256sum -- ""$f"" | cut -d' ' -f1); else now=absent; fi
[ ""$now"" = ""$E"" ] || exit 4
t=${f%/*}/.${f##*/}.kctmp-$$
umask 077
fail() { rm -f -- ""$t""; exit 1; }
cat > ""$t"" || fail
# A connection lost mid-transfer ends the input early without an error: only the whole content may replace the file.
[ ""$(sha256sum < ""$t"" | cut -d' ' -f1)"" = ""$N"" ] || fail
sync -- ""$t"" 2>/dev/null || sync
if [ -e ""$f"" ]; then
  chown --reference=""$f"" -- ""$t"" || fail
  chmod --reference=""$f"" -- ""$t"" || fail
  { command -v chcon >/dev/null && chcon --reference=""$f"" -- ""$t""; } 2>/dev/null
else
  chmod 0644 -- ""$t"" || fail
fi
mv -f -- ""$t"" ""$f"" || fail
";
            byte[] input = Encoding.UTF8.GetBytes(content ?? string.Empty);
            var result = Run(script.Replace("\r\n", "\n"), "write " + path, path, input);
            if (result.ExitCode == 4)
            {
                throw new NodeWriteException(ErrorIds.FileChangedSincePlanned, path, $"{path} changed after it was read; it is left as it is.");
            }

            Check(result, "write " + path, result.ExitCode == 6 ? ErrorIds.UntrustedPath : ErrorIds.WriteFailed);
        }

        /// <summary>
        /// A file reached through a symlink is changed where the link points, as the local writer does, so the link
        /// stays a link. Below a remote root an absolute link would point outside the node image: refused (exit 5).
        /// </summary>
        /// A link that belongs to neither root nor the login was planted by another user, and anything but a regular file
        /// is no kubelet file: refused (exit 6).
        private string ResolveLink =>
            "R=" + PosixShell.Quote(_remoteRoot) + "\n" +
            @"T=$(id -u)
own() { o=$(stat -c %u -- ""$1"") && { [ ""$o"" = 0 ] || [ ""$o"" = ""$T"" ]; }; }
if [ -L ""$f"" ]; then
  [ -z ""$R"" ] || { echo 'a symlink below a remote root is not followed' >&2; exit 5; }
  own ""$f"" || { echo 'it is a symlink that belongs to another user' >&2; exit 6; }
  f=$(readlink -f -- ""$f"") || exit 1
fi
if [ -e ""$f"" ] && [ ! -f ""$f"" ]; then echo 'it is not a regular file' >&2; exit 6; fi
";

        /// <summary>Puts a backup made by <see cref="Backup"/> back in place (an .absent marker removes the file again).</summary>
        public void Restore(string backupPath, string path)
        {
            string script =
                "f=" + PosixShell.Quote(_remoteRoot + NodePath(path)) + "\n" +
                "b=" + PosixShell.Quote(_remoteRoot + NodePath(backupPath)) + "\n" +
                ResolveLink +
                @"if [ -L ""$b"" ] || [ ! -f ""$b"" ] || ! own ""$b""; then echo 'the backup is not a regular file that belongs to root' >&2; exit 6; fi
if [ -e ""$f"" ] && ! own ""$f""; then echo 'it belongs to another user' >&2; exit 6; fi
case ""$b"" in *.absent) rm -f -- ""$f""; exit $?;; esac
t=${f%/*}/.${f##*/}.kctmp-$$
cp -p -- ""$b"" ""$t"" || { rm -f -- ""$t""; exit 1; }
{ command -v chcon >/dev/null && chcon --reference=""$b"" -- ""$t""; } 2>/dev/null
sync -- ""$t"" 2>/dev/null || sync
mv -f -- ""$t"" ""$f""
";
            string what = "restore " + path + " from " + backupPath;
            var result = Run(script, what, path);
            Check(result, what, result.ExitCode == 6 ? ErrorIds.UntrustedPath : ErrorIds.RestoreFailed);
        }

        /// <summary>Removes a backup this module made (its name holds .kcbak-); rm does not follow a link.</summary>
        public void RemoveBackup(string backupPath)
        {
            string script =
                "b=" + PosixShell.Quote(_remoteRoot + NodePath(backupPath)) + "\n" +
                @"case ""${b##*/}"" in *.kcbak-*) rm -f -- ""$b"" ;; *) echo 'not a backup' >&2; exit 2 ;; esac
";
            string what = "remove the backup " + backupPath;
            Check(Run(script, what, backupPath), what, ErrorIds.BackupFailed);
        }

        /// <summary>Runs one program (e.g. systemctl restart kubelet) with every word passed literally; a non-zero exit is returned, not thrown.</summary>
        public CommandResult RunCommand(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
        {
            var words = new List<string> { "timeout", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture), program };
            words.AddRange(arguments);
            try
            {
                ShellResult result = _connection.Run("exec " + PosixShell.Join(words) + "\n", null, Elevated(), CancellationToken.None);
                return new CommandResult(result.ExitCode, result.OutputText + result.Error);
            }
            catch (NodeAccessException ex)
            {
                return new CommandResult(-1, ex.Message);
            }
        }

        public void Dispose()
        {
            if (_ownsConnection)
            {
                _connection.Dispose();
            }
        }

        /// <summary>
        /// Runs a change. sudo refusing (a login without sudo rights, a wrong sudo password) or the connection failing
        /// is a failed change like any other, so remediation reports it on the node's row and goes on to the next node.
        /// </summary>
        private ShellResult Run(string script, string what, string path, byte[] input = null)
        {
            try
            {
                return _connection.Run(script, input, Elevated(), CancellationToken.None);
            }
            catch (NodeAccessException ex)
            {
                throw new NodeWriteException(ex.ErrorId, path, "Could not " + what + " on " + _connection.Options.Target + ": " + ex.Message, ex);
            }
        }

        private bool Elevated()
        {
            if (_elevated == null)
            {
                SudoMode mode = _connection.Options.UseSudo;
                _elevated = mode == SudoMode.Always ||
                            (mode == SudoMode.Auto && _connection.Run("id -u\n", null, false, CancellationToken.None).OutputText.Trim() != "0");
            }

            return _elevated.Value;
        }

        private void Check(ShellResult result, string what, string errorId)
        {
            if (result.ExitCode != 0)
            {
                throw new NodeWriteException(errorId, what,
                    "Could not " + what + " on " + _connection.Options.Target + " (exit code " + result.ExitCode + "): " + result.Error.Trim());
            }
        }

        private static string Sha256(string text)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
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
