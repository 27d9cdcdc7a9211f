using System;
using System.Collections.Generic;
using System.Linq;

namespace KubeletCompliance.Core.Evidence
{
    /// <summary>
    /// The only changes the core makes to a node. Paths are node paths, as for <see cref="INodeReader"/>. Each
    /// operation is one step an SSH transport can also take (cp -p, write to a temp file then mv, run a command),
    /// so a remote node is changed exactly as a local one. Failures throw <see cref="NodeWriteException"/>.
    /// </summary>
    public interface INodeWriter
    {
        /// <summary>
        /// Copies <paramref name="path"/> to <c>path + BackupNames.Suffix(stamp)</c> beside it, with the same owner,
        /// mode and SELinux label, flushed to disk; for a file that does not exist yet it leaves an empty marker
        /// (<see cref="BackupNames.AbsentMarker"/>) so undoing removes the file again, first making its folder (like its
        /// parent, one level only) when a new drop-in goes in a unit's .d folder that does not exist yet.
        /// </summary>
        /// <returns>The backup's node path.</returns>
        string Backup(string path, string stamp);

        /// <summary>
        /// Replaces <paramref name="path"/> with <paramref name="content"/> atomically: written to a temporary file in
        /// the same folder, flushed, given the original's owner, mode and SELinux label, then renamed over it. A
        /// missing file is created 0644 with the owner of its folder. Refuses when the file's bytes are no longer
        /// <paramref name="expectedContent"/> (null: the file must not exist), so a plan never overwrites a change
        /// made after it was read.
        /// </summary>
        void WriteFileAtomic(string path, string content, string expectedContent);

        /// <summary>Puts a backup made by <see cref="Backup"/> back at <paramref name="path"/>, atomically; an absent marker removes the file.</summary>
        void Restore(string backupPath, string path);

        /// <summary>
        /// Removes a backup, absent marker or backup record this module made (a name with <see cref="BackupNames.Marker"/>);
        /// one that is already gone is not an error. Used when a failed change put every file back: its backups are then
        /// orphans that a later Restore must not pick up.
        /// </summary>
        void RemoveBackup(string backupPath);

        /// <summary>Runs a program on the node and waits for it.</summary>
        CommandResult RunCommand(string program, IReadOnlyList<string> arguments, TimeSpan timeout);
    }

    public sealed class CommandResult
    {
        public CommandResult(int exitCode, string output)
        {
            ExitCode = exitCode;
            Output = output ?? string.Empty;
        }

        /// <summary>The exit code, or -1 when the program could not be started or did not finish in time.</summary>
        public int ExitCode { get; }
        /// <summary>Standard output and standard error together, for the message of a failure.</summary>
        public string Output { get; }
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>A change to a node failed; <see cref="ErrorId"/> is stable so reports can key on it.</summary>
    public sealed class NodeWriteException : Exception
    {
        public NodeWriteException(string errorId, string path, string message, Exception innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Path = path;
        }

        public string ErrorId { get; }
        public string Path { get; }
    }

    /// <summary>Names of backups: inert to every loader that scans the folders they sit in.</summary>
    public static class BackupNames
    {
        /// <summary>
        /// Backups end in neither .conf (kubelet --config-dir, systemd drop-in folders), nor .yaml/.yml (k3s
        /// config.yaml.d), nor .json, so sitting beside the original changes nothing the node loads.
        /// </summary>
        public const string Marker = ".kcbak-";

        /// <summary>Ends the name of a backup that records "this file did not exist".</summary>
        public const string AbsentMarker = ".absent";

        /// <summary>UTC to the millisecond, so two runs in the same second do not collide; sorts as text in time order.</summary>
        public static string NewStamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        public static string Suffix(string stamp) => Marker + stamp;

        /// <summary>
        /// Beside a backup, the SHA-256 of what the change wrote over the original: Restore compares the file with it to
        /// tell a file nobody touched since from one edited by hand. Not a backup name (TryParse refuses it).
        /// </summary>
        public static string RecordOf(string backupPath) =>
            (backupPath.EndsWith(AbsentMarker, StringComparison.Ordinal) ? backupPath.Substring(0, backupPath.Length - AbsentMarker.Length) : backupPath) + ".sha256";

        /// <summary>The stamp of the copy Restore keeps of a file it replaces: not a backup Restore itself would pick up again.</summary>
        public static string ReplacedStamp(string stamp) => stamp + ".replaced";

        /// <summary>Lower-case hex SHA-256 of the text as the writers store it (UTF-8, no byte order mark added).</summary>
        public static string Hash(string content)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                return string.Concat(sha.ComputeHash(new System.Text.UTF8Encoding(false).GetBytes(content ?? string.Empty)).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        /// <summary>Splits a file name into the original's name and the stamp; false when it is not a backup.</summary>
        public static bool TryParse(string fileName, out string originalName, out string stamp, out bool absent)
        {
            originalName = null;
            stamp = null;
            absent = fileName.EndsWith(AbsentMarker, StringComparison.Ordinal);
            string name = absent ? fileName.Substring(0, fileName.Length - AbsentMarker.Length) : fileName;
            int marker = name.LastIndexOf(Marker, StringComparison.Ordinal);
            if (marker <= 0)
            {
                return false;
            }

            string candidate = name.Substring(marker + Marker.Length);
            if (candidate.Length != 19 || candidate[8] != 'T' || candidate[18] != 'Z' || !candidate.Remove(8, 1).Remove(17, 1).All(char.IsDigit))
            {
                return false;
            }

            originalName = name.Substring(0, marker);
            stamp = candidate;
            return true;
        }
    }
}
