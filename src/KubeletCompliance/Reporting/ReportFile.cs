using System;
using System.IO;
using System.Runtime.InteropServices;
using KubeletCompliance.Transports.FileSystem;

namespace KubeletCompliance.Reporting
{
    /// <summary>
    /// A report file written whole or not at all: the content goes to a temporary file in the destination's folder
    /// (so the final rename never crosses file systems), is flushed to disk, then renamed over the destination.
    /// Sections a format keeps aside until the end go to scratch files in the same folder that delete themselves
    /// when closed, so a crash or Ctrl+C leaves at most a hidden .tmp file and never a half-written report.
    /// </summary>
    internal sealed class ReportFile : IDisposable
    {
        private readonly string destination;
        private readonly string folder;
        private readonly string temporaryPath;
        private readonly bool noClobber;
        private readonly bool keepReadOnly;
        private FileStream temporary;

        public ReportFile(string destination, bool noClobber, bool keepReadOnly)
        {
            this.destination = destination;
            this.noClobber = noClobber;
            this.keepReadOnly = keepReadOnly;
            folder = Path.GetDirectoryName(destination);
            // A name of its own, not derived from the destination's, so even a 255-byte report name leaves room.
            temporaryPath = Path.Combine(folder, ".kcreport-" + Guid.NewGuid().ToString("N") + ".tmp");
            temporary = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536);
        }

        public Stream Output => temporary;

        public Stream OpenScratch() =>
            new FileStream(Path.Combine(folder, ".kcreport-" + Guid.NewGuid().ToString("N") + ".scratch.tmp"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);

        /// <summary>
        /// Flushes the report to disk and puts it in place of the destination. A replaced file's owner, mode and
        /// SELinux label carry over (Export-Csv rewrites in place and so keeps them too).
        /// </summary>
        public void Commit()
        {
            temporary.Flush(flushToDisk: true);
            temporary.Dispose();
            temporary = null;
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            if (noClobber)
            {
                // Without overwrite, a move fails if the destination appeared meanwhile: no report is ever replaced.
                File.Move(temporaryPath, destination);
            }
            else if (File.Exists(destination))
            {
                if (!windows)
                {
                    LocalFileReplacement.KeepOwnerAndMode(destination, temporaryPath);
                }
                else if (keepReadOnly)
                {
                    File.SetAttributes(destination, File.GetAttributes(destination) & ~FileAttributes.ReadOnly);
                }

                File.Replace(temporaryPath, destination, null);
                if (windows && keepReadOnly)
                {
                    File.SetAttributes(destination, File.GetAttributes(destination) | FileAttributes.ReadOnly);
                }
            }
            else
            {
                File.Move(temporaryPath, destination);
            }

            if (!windows)
            {
                try
                {
                    LocalFileReplacement.SyncFolder(folder);
                }
                catch (IOException)
                {
                    // The report is in place and readable; only its survival of a power cut in the next seconds is
                    // not promised on a file system that cannot sync a folder. Not worth failing the export for.
                }
            }
        }

        /// <summary>Removes the temporary file unless Commit moved it into place.</summary>
        public void Dispose()
        {
            if (temporary == null)
            {
                return;
            }

            try
            {
                temporary.Dispose();
            }
            catch (IOException)
            {
                // Its buffered tail could not be flushed (a full disk); the handle is closed and the file goes anyway.
            }

            temporary = null;
            try
            {
                File.Delete(temporaryPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
