using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>
    /// Records host keys in a known_hosts file. Many workers (threads here, other pwsh processes there) accept new keys
    /// at once, so every append happens under one in-process gate and an exclusive flock(2) on "&lt;file&gt;.lock":
    /// no line is lost or spliced. The lock lives beside the file, not on it, because .NET readers of a file take a
    /// shared flock without waiting and would fail while an append held it.
    /// </summary>
    public static class KnownHostsFile
    {
        private static readonly object Gate = new object();
        private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Appends "host type base64" (port 22) or "[host]:port type base64" unless that exact entry is already there
        /// (another worker recorded the same host first); creates the file 0600 and its folder 0700.
        /// </summary>
        public static void Append(string path, string host, int port, byte[] keyBlob)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path));
            string entry = KnownHosts.HostName(host, port) + " " + KnownHosts.KeyTypeOf(keyBlob) + " " + Convert.ToBase64String(keyBlob);
            lock (Gate)
            {
                if (!Directory.Exists(folder))
                {
                    Directory.CreateDirectory(folder);
                    UnixMode.Set(folder, UnixMode.OwnerOnlyDirectory);
                }

                using (AcquireLock(path + ".lock"))
                using (var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
                {
                    if (file.Length == 0)
                    {
                        UnixMode.Set(path, UnixMode.OwnerOnlyFile);
                    }

                    byte[] existing = new byte[file.Length];
                    int read = 0;
                    while (read < existing.Length)
                    {
                        int n = file.Read(existing, read, existing.Length - read);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    string text = Encoding.UTF8.GetString(existing, 0, read);
                    if (text.Split('\n').Any(line => line.TrimEnd('\r') == entry))
                    {
                        return;
                    }

                    string line = (read > 0 && existing[read - 1] != '\n' ? "\n" : string.Empty) + entry + "\n";
                    byte[] bytes = new UTF8Encoding(false).GetBytes(line);
                    file.Seek(0, SeekOrigin.End);
                    file.Write(bytes, 0, bytes.Length);
                    file.Flush(true);
                }
            }
        }

        /// <summary>
        /// Opening with no sharing takes flock(LOCK_EX | LOCK_NB) on Unix (the same lock flock(1) takes), so other
        /// processes' appends wait here; a holder that never lets go fails this append after a while instead of hanging it.
        /// </summary>
        private static FileStream AcquireLock(string lockPath)
        {
            Stopwatch waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    bool existed = File.Exists(lockPath);
                    var handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    if (!existed)
                    {
                        UnixMode.Set(lockPath, UnixMode.OwnerOnlyFile);
                    }

                    return handle;
                }
                catch (IOException ex) when (!(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException))
                {
                    if (waited.Elapsed > LockWait)
                    {
                        throw new IOException("'" + lockPath + "' stayed locked by another process for " + LockWait + "; the host key was not recorded.", ex);
                    }

                    Thread.Sleep(10);
                }
            }
        }
    }
}
