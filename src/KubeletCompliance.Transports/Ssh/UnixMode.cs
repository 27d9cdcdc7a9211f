using System;
using System.IO;
using System.Runtime.InteropServices;

namespace KubeletCompliance.Transports.Ssh
{
    /// <summary>Unix permission bits for the files this transport creates; a no-op on Windows, which has no such bits.</summary>
    internal static class UnixMode
    {
        public const uint OwnerOnlyDirectory = 0x1C0; // 0700
        public const uint OwnerOnlyFile = 0x180;      // 0600

        public static void Set(string path, uint mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            if (chmod(path, mode) != 0)
            {
                throw new IOException("chmod " + Convert.ToString(mode, 8) + " " + path + " failed (errno " + Marshal.GetLastWin32Error() + ").");
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string path, uint mode);
    }
}
