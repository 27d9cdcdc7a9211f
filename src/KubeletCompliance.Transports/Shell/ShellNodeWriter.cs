using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>
    /// Changes a node over one shell channel (SSH, a node pod), for remediation: atomic file replacement, backups, service commands. Runs through
    /// sudo unless <see cref="SudoMode.Never"/> is set or the login is root.
    /// </summary>
    public sealed class ShellNodeWriter : INodeWriter
    {
        private readonly IShellChannel _connection;
        private readonly string _remoteRoot;
        private readonly SudoMode _sudo;
        private bool? _elevated;

        /// <summary>Changes the node behind a shell channel the caller owns; <paramref name="remoteRoot"/> stands for the node's "/".</summary>
        public ShellNodeWriter(IShellChannel channel, string remoteRoot, SudoMode sudo)
        {
            _connection = channel ?? throw new ArgumentNullException(nameof(channel));
            _sudo = sudo;
            string root = string.IsNullOrEmpty(remoteRoot) ? "/" : remoteRoot;
            _remoteRoot = root.TrimEnd('/');
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
                Prelude + ShellScripts.Backup;
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
                Prelude + ShellScripts.ResolveLink + ShellScripts.Write;
            byte[] input = Encoding.UTF8.GetBytes(content ?? string.Empty);
            var result = Run(script, "write " + path, path, input);
            if (result.ExitCode == 4)
            {
                throw new NodeWriteException(ErrorIds.FileChangedSincePlanned, path, $"{path} changed after it was read; it is left as it is.");
            }

            Check(result, "write " + path, result.ExitCode == 6 ? ErrorIds.UntrustedPath : ErrorIds.WriteFailed);
        }

        /// <summary>The remote root and the functions every change uses (Shell/Scripts/change-prelude.sh).</summary>
        private string Prelude => "R=" + PosixShell.Quote(_remoteRoot) + "\n" + ShellScripts.ChangePrelude;

        /// <summary>Puts a backup made by <see cref="Backup"/> back in place (an .absent marker removes the file again).</summary>
        public void Restore(string backupPath, string path)
        {
            string script =
                "f=" + PosixShell.Quote(_remoteRoot + NodePath(path)) + "\n" +
                "b=" + PosixShell.Quote(_remoteRoot + NodePath(backupPath)) + "\n" +
                Prelude + ShellScripts.ResolveLink + ShellScripts.Restore;
            string what = "restore " + path + " from " + backupPath;
            var result = Run(script, what, path);
            Check(result, what, result.ExitCode == 6 ? ErrorIds.UntrustedPath : ErrorIds.RestoreFailed);
        }

        /// <summary>Removes a backup this module made (its name holds .kcbak-); rm does not follow a link.</summary>
        public void RemoveBackup(string backupPath)
        {
            string script =
                "b=" + PosixShell.Quote(_remoteRoot + NodePath(backupPath)) + "\n" +
                ShellScripts.RemoveBackup;
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
