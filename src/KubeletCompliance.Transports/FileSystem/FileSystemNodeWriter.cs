using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Errors;
using KubeletCompliance.Core.Evidence;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>
    /// Changes files of a <see cref="FileSystemNode"/> below its root, following symlinks inside the root as the
    /// reader does, so the file changed is the file the kubelet reads (a symlink stays a symlink).
    /// </summary>
    public sealed class FileSystemNodeWriter : INodeWriter
    {

        private const uint CreatedFileMode = 0x1a4; // 0644
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly FileSystemNode node;
        private readonly Action<string> checkpoint;

        public FileSystemNodeWriter(FileSystemNode node)
            : this(node, null)
        {
        }

        /// <param name="checkpoint">
        /// Called with "created" (a new file exists, still empty), "after-backup" and "before-rename"; lets a crash
        /// test stop the process there. Internal: only the test assemblies reach it.
        /// </param>
        internal FileSystemNodeWriter(FileSystemNode node, Action<string> checkpoint)
        {
            this.node = node;
            this.checkpoint = checkpoint ?? (_ => { });
        }

        public string Backup(string path, string stamp)
        {
            CreateMissingFolder(path);
            CheckTrusted(path, ownerToo: false);
            var target = Locate(path, ErrorIds.BackupFailed);
            // The backup sits beside the path the kubelet names (a symlink stays where it is), which is where
            // Restore-KubeletAnonymousAuth looks; its content is the file the path resolves to.
            var beside = LocateBeside(path, ErrorIds.BackupFailed);
            string suffix = BackupNames.Suffix(stamp);
            try
            {
                if (!File.Exists(target.Host))
                {
                    string marker = beside.Host + suffix + BackupNames.AbsentMarker;
                    WriteDurably(marker, Array.Empty<byte>());
                    return beside.NodePath + suffix + BackupNames.AbsentMarker;
                }

                string backup = beside.Host + suffix;
                WriteDurably(backup, File.ReadAllBytes(target.Host));
                CopyAttributes(target.Host, backup);
                PosixFile.SyncFolder(Path.GetDirectoryName(backup));
                checkpoint("after-backup");
                return beside.NodePath + suffix;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new NodeWriteException(ErrorIds.BackupFailed, path, $"{path} could not be backed up: {node.NodeText(e.Message)}", e);
            }
        }

        public void WriteFileAtomic(string path, string content, string expectedContent)
        {
            CheckTrusted(path, ownerToo: false);
            var target = Locate(path, ErrorIds.WriteFailed);
            bool exists = File.Exists(target.Host);
            if (exists != (expectedContent != null)
                || (exists && !File.ReadAllBytes(target.Host).SequenceEqual(Utf8.GetBytes(expectedContent))))
            {
                throw new NodeWriteException(ErrorIds.FileChangedSincePlanned, path, $"{path} changed after it was read (or is not UTF-8 text); it is left as it is.");
            }

            try
            {
                ReplaceAtomically(target.Host, Utf8.GetBytes(content), exists ? target.Host : null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new NodeWriteException(ErrorIds.WriteFailed, path, $"{path} could not be written: {node.NodeText(e.Message)}", e);
            }
        }

        public void Restore(string backupPath, string path)
        {
            CheckTrusted(path, ownerToo: true);
            var backup = LocateBeside(backupPath, ErrorIds.RestoreFailed);
            CheckBackup(backupPath, backup.Host);
            var target = Locate(path, ErrorIds.RestoreFailed);
            try
            {
                if (backupPath.EndsWith(BackupNames.AbsentMarker, StringComparison.Ordinal))
                {
                    if (File.Exists(target.Host))
                    {
                        File.Delete(target.Host);
                        PosixFile.SyncFolder(Path.GetDirectoryName(target.Host));
                    }

                    return;
                }

                ReplaceAtomically(target.Host, File.ReadAllBytes(backup.Host), backup.Host);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new NodeWriteException(ErrorIds.RestoreFailed, path, $"{path} could not be restored from {backupPath}: {node.NodeText(e.Message)}", e);
            }
        }

        public void RemoveBackup(string backupPath)
        {
            if (NodePath.FileName(backupPath).IndexOf(BackupNames.Marker, StringComparison.Ordinal) < 0)
            {
                throw new ArgumentException("Only backups are removed: " + backupPath, nameof(backupPath));
            }

            var backup = LocateBeside(backupPath, ErrorIds.BackupFailed);
            try
            {
                File.Delete(backup.Host);
                PosixFile.SyncFolder(Path.GetDirectoryName(backup.Host));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new NodeWriteException(ErrorIds.BackupFailed, backupPath, $"The backup {backupPath} could not be removed: {node.NodeText(e.Message)}", e);
            }
        }

        /// <summary>Runs a program of this machine: only a node whose root is "/" is this machine.</summary>
        public CommandResult RunCommand(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
        {
            if (node.Root.Length != 0)
            {
                throw new NodeWriteException(ErrorIds.CommandFailed, node.Root, $"The node below {node.Root} is a file tree, not a running machine; '{program}' cannot run on it.");
            }

            var start = new ProcessStartInfo(program, string.Join(" ", arguments.Select(Quote)))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            try
            {
                using (var process = Process.Start(start))
                {
                    var output = process.StandardOutput.ReadToEndAsync();
                    var error = process.StandardError.ReadToEndAsync();
                    if (!process.WaitForExit((int)timeout.TotalMilliseconds))
                    {
                        process.Kill();
                        return new CommandResult(-1, $"'{program}' did not finish within {timeout.TotalSeconds:0} s.");
                    }

                    return new CommandResult(process.ExitCode, output.Result + error.Result);
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return new CommandResult(-1, $"'{program}' could not be started: {node.NodeText(e.Message)}");
            }
        }

        /// <summary>
        /// A new drop-in may go in a folder that does not exist yet (a unit's .d folder under /etc/systemd/system): it is
        /// made with the mode, owner and SELinux label of its parent, which must exist, so nothing is made deeper.
        /// </summary>
        private void CreateMissingFolder(string path)
        {
            string folder = NodePath.Directory(NodePath.Normalize(path));
            if (node.Resolve(folder) != null)
            {
                return;
            }

            string parent = node.Resolve(NodePath.Directory(folder));
            if (parent == null)
            {
                return;
            }

            string host = node.HostPath(NodePath.Combine(parent, NodePath.FileName(folder)));
            try
            {
                Directory.CreateDirectory(host);
                PosixFile.Apply(PosixFile.OwnershipOf(node.HostPath(parent)), host);
                PosixFile.CopyLabel(node.HostPath(parent), host);
                PosixFile.SyncFolder(node.HostPath(parent));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new NodeWriteException(ErrorIds.BackupFailed, path, $"The folder {folder} could not be created: {node.NodeText(e.Message)}", e);
            }
        }

        /// <summary>
        /// A file this module changes as root is reached only through symlinks root (or the user running this, who is
        /// trusted anyway) made, and is a regular file; a restore also needs the file itself to be theirs. A link
        /// another user owns was planted to send a root write elsewhere, and is not followed.
        /// </summary>
        private void CheckTrusted(string path, bool ownerToo)
        {
            var links = new List<string>();
            try
            {
                string resolved = node.Resolve(NodePath.Normalize(path), links);
                foreach (string link in links)
                {
                    var status = PosixFile.StatusOf(node.HostPath(link), followLinks: false);
                    if (!TrustedOwner(status.Owner))
                    {
                        throw Untrusted(path, $"it is reached through the symlink {link}, which belongs to uid {status.Owner}");
                    }
                }

                string host = resolved == null ? null : node.HostPath(resolved);
                if (host != null && File.Exists(host))
                {
                    var status = PosixFile.StatusOf(host, followLinks: true);
                    if (!status.IsRegular || (ownerToo && !TrustedOwner(status.Owner)))
                    {
                        throw Untrusted(path, status.IsRegular ? $"it belongs to uid {status.Owner}" : "it is not a regular file");
                    }
                }
            }
            catch (IOException)
            {
                // What cannot be inspected is left to the operation itself, which reports the same failure.
            }
        }

        /// <summary>A backup is put back only when it is a regular file (not a link) of root's.</summary>
        private void CheckBackup(string backupPath, string host)
        {
            PosixFile.Ownership status;
            try
            {
                status = PosixFile.StatusOf(host, followLinks: false);
            }
            catch (IOException e)
            {
                throw new NodeWriteException(ErrorIds.RestoreFailed, backupPath, $"The backup {backupPath} cannot be read: {node.NodeText(e.Message)}", e);
            }

            if (!status.IsRegular || !TrustedOwner(status.Owner))
            {
                throw Untrusted(backupPath, status.IsLink ? "it is a symlink" : status.IsRegular ? $"it belongs to uid {status.Owner}" : "it is not a regular file");
            }
        }

        private static bool TrustedOwner(uint owner) => owner == 0 || owner == PosixFile.EffectiveUser;

        private static NodeWriteException Untrusted(string path, string why) =>
            new NodeWriteException(ErrorIds.UntrustedPath, path, $"{NodeText.Escape(path)} was left alone: {NodeText.Escape(why)}, so someone other than root could have planted it.");

        private sealed class Located
        {
            public string NodePath;
            public string Host;
        }

        /// <summary>The real file a node path names (symlinks followed inside the root); the folder must exist.</summary>
        private Located Locate(string path, string errorId)
        {
            string nodePath = NodePath.Normalize(path);
            string resolved = node.Resolve(nodePath);
            if (resolved == null)
            {
                string folder = node.Resolve(NodePath.Directory(nodePath));
                if (folder == null)
                {
                    throw new NodeWriteException(errorId, path, $"The folder of {path} does not exist.");
                }

                resolved = NodePath.Combine(folder, nodePath.Substring(nodePath.LastIndexOf('/') + 1));
            }

            return new Located { NodePath = resolved, Host = node.HostPath(resolved) };
        }

        /// <summary>
        /// Writes a temporary file beside <paramref name="host"/> (a name no loader scans), gives it the attributes of
        /// <paramref name="attributesFrom"/> (or 0644 and the folder's owner), and renames it over <paramref name="host"/>:
        /// whatever happens, the file holds either its old bytes or all of its new ones.
        /// </summary>
        /// <summary>The path with its folder resolved but its last component kept, so a symlinked file is not followed.</summary>
        private Located LocateBeside(string path, string errorId)
        {
            string nodePath = NodePath.Normalize(path);
            string folder = node.Resolve(NodePath.Directory(nodePath));
            if (folder == null)
            {
                throw new NodeWriteException(errorId, path, $"The folder of {path} does not exist.");
            }

            string located = NodePath.Combine(folder, nodePath.Substring(nodePath.LastIndexOf('/') + 1));
            return new Located { NodePath = located, Host = node.HostPath(located) };
        }

        private void ReplaceAtomically(string host, byte[] bytes, string attributesFrom)
        {
            string folder = Path.GetDirectoryName(host);
            string temp = Path.Combine(folder, "." + Path.GetFileName(host) + ".kctmp-" + Guid.NewGuid().ToString("N"));
            try
            {
                WriteDurably(temp, bytes);
                if (attributesFrom != null)
                {
                    CopyAttributes(attributesFrom, temp);
                }
                else
                {
                    var ownership = PosixFile.OwnershipOf(folder);
                    ownership.Mode = CreatedFileMode;
                    PosixFile.Apply(ownership, temp);
                    PosixFile.CopyLabel(folder, temp);
                }

                checkpoint("before-rename");
                PosixFile.Rename(temp, host);
                PosixFile.SyncFolder(folder);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>
        /// Creates <paramref name="host"/> (it must not exist) readable by its owner only, before its first byte, so
        /// nobody can open a copy of a secret (a k3s token) while it is written; callers give it its final owner and
        /// mode afterwards.
        /// </summary>
        private void WriteDurably(string host, byte[] bytes)
        {
            // Outside the try: a name that already exists is someone else's file, never ours to delete.
            var stream = PosixFile.CreatePrivate(host);
            try
            {
                using (stream)
                {
                    checkpoint("created");
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }
            }
            catch
            {
                // A full disk leaves a short file behind; it must not stay beside the original.
                TryDelete(host);
                throw;
            }
        }

        private static void CopyAttributes(string from, string to)
        {
            PosixFile.Apply(PosixFile.OwnershipOf(from), to);
            PosixFile.CopyLabel(from, to);
        }

        private static void TryDelete(string host)
        {
            try
            {
                File.Delete(host);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: the original is untouched either way, and the name is inert.
            }
        }

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:@".IndexOf(c) >= 0) ? argument : "\"" + argument.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
