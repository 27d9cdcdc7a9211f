using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

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

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

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
        }

        /// <summary>statx's layout is the same on every architecture, unlike struct stat.</summary>
        public static Ownership OwnershipOf(string path)
        {
            var buffer = new byte[256];
            Check(statx(AtCurrentDirectory, path, 0, StatxBasicStats, buffer), "statx", path);
            return new Ownership
            {
                Owner = BitConverter.ToUInt32(buffer, 20),
                Group = BitConverter.ToUInt32(buffer, 24),
                Mode = BitConverter.ToUInt16(buffer, 28) & 0xfffu,
            };
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
