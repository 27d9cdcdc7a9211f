using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using KubeletCompliance.Core.Processes;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>
    /// The POSIX calls netstandard2.0 lacks: owner and mode (statx, chown, chmod), the SELinux label (xattrs), an
    /// atomic rename over an existing file, and fsync of a folder so a rename survives a power cut.
    /// </summary>
    internal static class PosixFile
    {
        private const int AtCurrentDirectory = -100;
        private const uint StatxBasicStats = 0x7ff;
        private const string SelinuxLabel = "security.selinux";
        private const int NoSuchAttribute = 61;     // ENODATA
        private const int NotSupported = 95;        // ENOTSUP/EOPNOTSUPP
        private const int ClockTicks = 2;           // _SC_CLK_TCK
        private const int ReadOnly = 0x0;           // O_RDONLY
        private const int NonBlocking = 0x800;      // O_NONBLOCK
        private const int EmptyPath = 0x1000;       // AT_EMPTY_PATH
        private const int WriteOnly = 0x1;          // O_WRONLY
        private const int Create = 0x40;            // O_CREAT (the same on x86-64 and arm64)
        private const int Exclusive = 0x80;         // O_EXCL
        private const int CloseOnExec = 0x80000;    // O_CLOEXEC

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        private static extern long sysconf(int name);

        [DllImport("libc")]
        private static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        private static extern int chown(string path, uint owner, uint group);

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern long getxattr(string path, string name, byte[] value, ulong size);

        [DllImport("libc", SetLastError = true)]
        private static extern int setxattr(string path, string name, byte[] value, ulong size, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int rename(string oldPath, string newPath);

        [DllImport("libc", SetLastError = true)]
        private static extern int open(string path, int flags);

        [DllImport("libc", SetLastError = true, EntryPoint = "statx")]
        private static extern int statxFd(int dirfd, string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", SetLastError = true, EntryPoint = "open")]
        private static extern int openMode(string path, int flags, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);

        /// <summary>Owner, group and permission bits (with setuid/setgid/sticky) of a file.</summary>
        public sealed class Ownership
        {
            public uint Owner;
            public uint Group;
            public uint Mode;
            /// <summary>The S_IFMT bits: what kind of file it is.</summary>
            public uint Type;

            public bool IsRegular => Type == RegularFile;
            public bool IsLink => Type == SymbolicLinkFile;
        }

        private const uint RegularFile = 0x8000;
        private const uint SymbolicLinkFile = 0xa000;
        private const uint FolderFile = 0x4000;
        private const int NoSuchFile = 2; // ENOENT
        private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW

        /// <summary>
        /// Owner, mode and type of the file itself when <paramref name="followLinks"/> is false (a link's own owner).
        /// </summary>
        public static Ownership StatusOf(string path, bool followLinks)
        {
            var buffer = new byte[256];
            Check(statx(AtCurrentDirectory, path, followLinks ? 0 : NoFollow, StatxBasicStats, buffer), "statx", path);
            ushort mode = BitConverter.ToUInt16(buffer, 28);
            return new Ownership
            {
                Owner = BitConverter.ToUInt32(buffer, 20),
                Group = BitConverter.ToUInt32(buffer, 24),
                Mode = mode & 0xfffu,
                Type = mode & 0xf000u,
            };
        }

        /// <summary>The user this process acts as: with root, the only owners whose files it may act on.</summary>
        public static uint EffectiveUser => geteuid();

        /// <summary>statx's layout is the same on every architecture, unlike struct stat.</summary>
        public static Ownership OwnershipOf(string path) => StatusOf(path, followLinks: true);

        /// <summary>Owner and mode of what <paramref name="path"/> names, links followed; null when it cannot be read.</summary>
        public static FileOwnership TryOwnershipOf(string path)
        {
            var buffer = new byte[256];
            return statx(AtCurrentDirectory, path, 0, StatxBasicStats, buffer) == 0
                ? new FileOwnership((int)BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt16(buffer, 28) & 0xfff)
                : null;
        }

        /// <summary>USER_HZ, the unit of /proc/&lt;pid&gt;/stat times; 0 when sysconf cannot tell.</summary>
        public static int ClockTicksPerSecond()
        {
            long ticks = sysconf(ClockTicks);
            return ticks > 0 && ticks < int.MaxValue ? (int)ticks : 0;
        }

        public static void Apply(Ownership ownership, string path)
        {
            Check(chown(path, ownership.Owner, ownership.Group), "chown", path);
            Check(chmod(path, ownership.Mode), "chmod", path);
        }

        public static void SetMode(string path, uint mode) => Check(chmod(path, mode), "chmod", path);

        /// <summary>Copies the SELinux label when the source has one; a file system without labels is not an error.</summary>
        public static void CopyLabel(string from, string to)
        {
            var value = new byte[1024];
            long length = getxattr(from, SelinuxLabel, value, (ulong)value.Length);
            if (length < 0)
            {
                int error = Marshal.GetLastWin32Error();
                if (error == NoSuchAttribute || error == NotSupported)
                {
                    return;
                }

                throw Failure("getxattr", from, error);
            }

            if (setxattr(to, SelinuxLabel, value, (ulong)length, 0) != 0)
            {
                int error = Marshal.GetLastWin32Error();
                if (error != NotSupported)
                {
                    throw Failure("setxattr", to, error);
                }
            }
        }

        /// <summary>
        /// open(O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600): a new file only its owner can read from the first instant
        /// (FileStream creates 0666 less the umask); an existing name, a symlink included, is an error.
        /// </summary>
        public static System.IO.FileStream CreatePrivate(string path)
        {
            int fd = openMode(path, WriteOnly | Create | Exclusive | CloseOnExec, 0x180);
            if (fd < 0)
            {
                throw Failure("open", path, Marshal.GetLastWin32Error());
            }

            return new System.IO.FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)fd, ownsHandle: true), System.IO.FileAccess.Write);
        }

        /// <summary>
        /// The bytes of a regular file, at most <paramref name="limit"/> of them; null with <paramref name="refusal"/>
        /// set for anything else. Opened without blocking and checked on the open descriptor, so a FIFO or device put
        /// in a file's place neither hangs the read nor floods it.
        /// </summary>
        public static byte[] ReadRegularFile(string path, int limit, out string refusal)
        {
            refusal = null;
            int fd = openMode(path, ReadOnly | NonBlocking | CloseOnExec, 0);
            if (fd < 0)
            {
                throw Failure("open", path, Marshal.GetLastWin32Error());
            }

            using (var stream = new System.IO.FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)fd, ownsHandle: true), System.IO.FileAccess.Read))
            {
                var buffer = new byte[256];
                Check(statxFd(fd, string.Empty, EmptyPath, StatxBasicStats, buffer), "statx", path);
                if ((BitConverter.ToUInt16(buffer, 28) & 0xf000u) != RegularFile)
                {
                    refusal = "it is not a regular file";
                    return null;
                }

                var content = new System.IO.MemoryStream();
                var chunk = new byte[65536];
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    content.Write(chunk, 0, read);
                    if (content.Length > limit)
                    {
                        refusal = $"it is larger than {limit / (1024 * 1024)} MiB, which no kubelet file is";
                        return null;
                    }
                }

                return content.ToArray();
            }
        }

        /// <summary>
        /// Why <paramref name="path"/> cannot be read as a file by this account (missing, a folder, a FIFO or device,
        /// permission denied), or null when it can. Opened without blocking, so a FIFO in a file's place answers at once.
        /// </summary>
        public static string UnreadableFileReason(string path, out bool missing)
        {
            missing = false;
            int fd = openMode(path, ReadOnly | NonBlocking | CloseOnExec, 0);
            if (fd < 0)
            {
                int error = Marshal.GetLastWin32Error();
                missing = error == NoSuchFile;
                return new Win32Exception(error).Message;
            }

            try
            {
                var buffer = new byte[256];
                Check(statxFd(fd, string.Empty, EmptyPath, StatxBasicStats, buffer), "statx", path);
                uint type = BitConverter.ToUInt16(buffer, 28) & 0xf000u;
                return type == RegularFile ? null : type == FolderFile ? "it is a folder, not a file" : "it is not a regular file (a FIFO, socket or device)";
            }
            finally
            {
                close(fd);
            }
        }

        public static void Rename(string from, string to) => Check(rename(from, to), "rename", to);

        public static void SyncFolder(string folder)
        {
            int fd = open(folder, 0);
            if (fd < 0)
            {
                throw Failure("open", folder, Marshal.GetLastWin32Error());
            }

            try
            {
                Check(fsync(fd), "fsync", folder);
            }
            finally
            {
                close(fd);
            }
        }

        private static void Check(int result, string call, string path)
        {
            if (result != 0)
            {
                throw Failure(call, path, Marshal.GetLastWin32Error());
            }
        }

        private static System.IO.IOException Failure(string call, string path, int error) =>
            new System.IO.IOException($"{call} {path}: {new Win32Exception(error).Message}");
    }
}
