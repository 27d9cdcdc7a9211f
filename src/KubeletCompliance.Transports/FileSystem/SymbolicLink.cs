using System.Runtime.InteropServices;
using System.Text;

namespace KubeletCompliance.Transports.FileSystem
{
    /// <summary>readlink(2): netstandard2.0 has no API that returns a link's target without following it.</summary>
    internal static class SymbolicLink
    {
        [DllImport("libc", SetLastError = true)]
        private static extern long readlink(string path, byte[] buffer, long size);

        /// <summary>The link's target text, or null when <paramref name="hostPath"/> is not a symlink or does not exist.</summary>
        public static string Read(string hostPath)
        {
            var buffer = new byte[4096];
            long length = readlink(hostPath, buffer, buffer.Length);
            return length < 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
        }
    }
}
