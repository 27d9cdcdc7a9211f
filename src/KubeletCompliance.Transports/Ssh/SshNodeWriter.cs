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
        private readonly IShellChannel _connection;
        private readonly bool _ownsConnection;
        private readonly string _remoteRoot;
        private readonly SudoMode _sudo;
        private bool? _elevated;

        /// <summary>Uses a connection the caller keeps ownership of (to share it with a <see cref="SshNodeReader"/>).</summary>
        public SshNodeWriter(SshConnection connection)
            : this(connection ?? throw new ArgumentNullException(nameof(connection)), connection.Options.RemoteRoot, connection.Options.UseSudo, false)
        {
        }

        /// <summary>Changes the node behind any shell channel; <paramref name="remoteRoot"/> stands for the node's "/".</summary>
        public SshNodeWriter(IShellChannel channel, string remoteRoot, SudoMode sudo)
            : this(channel, remoteRoot, sudo, false)
        {
        }

        private SshNodeWriter(IShellChannel channel, string remoteRoot, SudoMode sudo, bool ownsConnection)
        {
            _connection = channel ?? throw new ArgumentNullException(nameof(channel));
            _ownsConnection = ownsConnection;
            _sudo = sudo;
            string root = string.IsNullOrEmpty(remoteRoot) ? "/" : remoteRoot;
            _remoteRoot = root.TrimEnd('/');
        }

        public static SshNodeWriter Open(SshConnectionOptions options)
        {
            SshConnection connection = SshConnection.Open(options);
            return new SshNodeWriter(connection, options.RemoteRoot, options.UseSudo, true);
        }

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
                SafeFiles +
                @"inside ""$f"" || exit 5
if [ ! -e ""$f"" ]; then
  # A new drop-in's folder (a unit's .d under /etc/systemd/system) is made like its parent, one level only.
  d=${f%/*}
  if [ ! -d ""$d"" ]; then
    p=${d%/*}
    [ -d ""$p"" ] || exit 1
    mkdir -- ""$d"" && chown ""$(stat -c %u:%g -- ""$p"")"" -- ""$d"" && chmod ""$(stat -c %a -- ""$p"")"" -- ""$d"" || exit 1
    { command -v chcon >/dev/null && chcon --reference=""$p"" -- ""$d""; } 2>/dev/null
  fi
  [ -e ""$b.absent"" ] || [ -L ""$b.absent"" ] && exit 3
  private ""$f""
  : > ""$t"" || fail
  mv -f -- ""$t"" ""$b.absent"" || fail
  done_; echo absent; exit 0
fi
{ [ -e ""$b"" ] || [ -L ""$b"" ]; } && exit 3
[ -f ""$f"" ] || { echo 'it is not a regular file' >&2; exit 6; }
# A full disk must not leave a truncated backup under the name Restore looks for: copy aside, then rename.
private ""$f""
cat < ""$f"" > ""$t"" || fail
like ""$f"" ""$t"" || fail
touch -r ""$f"" -- ""$t"" 2>/dev/null
mv -f -- ""$t"" ""$b"" || fail
done_; echo copied
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
                SafeFiles +
                ResolveLink +
                @"if [ -e ""$f"" ]; then now=$(sha256sum < ""$f"" | cut -d' ' -f1); else now=absent; fi
[ ""$now"" = ""$E"" ] || exit 4
private ""$f""
cat > ""$t"" || fail
# A connection lost mid-transfer ends the input early without an error: only the whole content may replace the file.
[ ""$(sha256sum < ""$t"" | cut -d' ' -f1)"" = ""$N"" ] || fail
if [ -e ""$f"" ]; then
  like ""$f"" ""$t"" || fail
else
  chmod 0644 -- ""$t"" || fail
fi
mv -f -- ""$t"" ""$f"" || fail
done_
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
        /// Shell functions every change uses. inside: under a remote root, the folder that holds a path resolves (every
        /// component, links followed) to a folder under the root, so a symlinked folder cannot carry a write out of the
        /// node image. private: a fresh folder from mktemp -d beside the target, 0700 and ours, so the temporary file
        /// in it ($t) has a name no one can predict or plant a link at, and set -C refuses to write over anything there.
        /// like: owner and mode taken from the original with stat, never chown/chmod --reference (which follow links).
        /// </summary>
        private string SafeFiles =>
            "R=" + PosixShell.Quote(_remoteRoot) + "\n" +
            @"umask 077
set -C
RR=
if [ -n ""$R"" ]; then RR=$(cd -P -- ""$R"" && pwd -P) || exit 5; fi
inside() {
  [ -z ""$R"" ] && return 0
  d=${1%/*}
  while [ -n ""$d"" ] && [ ! -d ""$d"" ]; do d=${d%/*}; done
  real=$(cd -P -- ""${d:-/}"" && pwd -P) || return 1
  case ""$real/"" in ""$RR""/*) return 0 ;; esac
  echo 'the path leaves the remote root through a symlinked folder' >&2
  return 1
}
td=
private() { td=$(mktemp -d ""${1%/*}/.kc.XXXXXXXX"") || exit 1; t=""$td/new""; }
fail() { [ -n ""$td"" ] && rm -rf -- ""$td""; exit 1; }
done_() { [ -n ""$td"" ] && rm -rf -- ""$td""; td=; }
like() { chown ""$(stat -L -c %u:%g -- ""$1"")"" -- ""$2"" && chmod ""$(stat -L -c %a -- ""$1"")"" -- ""$2"" || return 1
  { command -v chcon >/dev/null && chcon --reference=""$1"" -- ""$2""; } 2>/dev/null; return 0; }
";

        /// <summary>
        /// A file reached through a symlink is changed where the link points, as the local writer does, so the link
        /// stays a link. Below a remote root an absolute link would point outside the node image: refused (exit 5).
        /// </summary>
        /// A link that belongs to neither root nor the login was planted by another user, and anything but a regular file
        /// is no kubelet file: refused (exit 6).
        private string ResolveLink =>
            @"T=$(id -u)
own() { o=$(stat -c %u -- ""$1"") && { [ ""$o"" = 0 ] || [ ""$o"" = ""$T"" ]; }; }
if [ -L ""$f"" ]; then
  [ -z ""$R"" ] || { echo 'a symlink below a remote root is not followed' >&2; exit 5; }
  own ""$f"" || { echo 'it is a symlink that belongs to another user' >&2; exit 6; }
  f=$(readlink -f -- ""$f"") || exit 1
fi
inside ""$f"" || exit 5
if [ -e ""$f"" ] && [ ! -f ""$f"" ]; then echo 'it is not a regular file' >&2; exit 6; fi
";

        /// <summary>Puts a backup made by <see cref="Backup"/> back in place (an .absent marker removes the file again).</summary>
        public void Restore(string backupPath, string path)
        {
            string script =
                "f=" + PosixShell.Quote(_remoteRoot + NodePath(path)) + "\n" +
                "b=" + PosixShell.Quote(_remoteRoot + NodePath(backupPath)) + "\n" +
                SafeFiles +
                ResolveLink +
                @"inside ""$b"" || exit 5
" +
                @"if [ -L ""$b"" ] || [ ! -f ""$b"" ] || ! own ""$b""; then echo 'the backup is not a regular file that belongs to root' >&2; exit 6; fi
if [ -e ""$f"" ] && ! own ""$f""; then echo 'it belongs to another user' >&2; exit 6; fi
case ""$b"" in *.absent) rm -f -- ""$f""; exit $?;; esac
private ""$f""
cat < ""$b"" > ""$t"" || fail
like ""$b"" ""$t"" || fail
touch -r ""$b"" -- ""$t"" 2>/dev/null
mv -f -- ""$t"" ""$f"" || fail
done_
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
                throw new NodeWriteException(ex.ErrorId, path, "Could not " + what + " on " + _connection.Description + ": " + ex.Message, ex);
            }
        }

        private bool Elevated()
        {
            if (_elevated == null)
            {
                SudoMode mode = _sudo;
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
                    "Could not " + what + " on " + _connection.Description + " (exit code " + result.ExitCode + "): " + result.Error.Trim());
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
