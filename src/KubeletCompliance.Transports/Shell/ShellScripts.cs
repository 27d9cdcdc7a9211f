using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>
    /// The POSIX sh scripts the shell reader and writer send to a node, kept as real .sh files (Shell/Scripts) so
    /// shellcheck and the shells a node may offer (dash, bash, busybox sh) can test them as they are.
    /// </summary>
    internal static class ShellScripts
    {
        private static readonly ConcurrentDictionary<string, string> Loaded = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        public static string Evidence => Load("evidence.sh");
        public static string ChangePrelude => Load("change-prelude.sh");
        public static string ResolveLink => Load("resolve-link.sh");
        public static string Backup => Load("backup.sh");
        public static string Write => Load("write.sh");
        public static string Restore => Load("restore.sh");
        public static string RemoveBackup => Load("remove-backup.sh");

        private static string Load(string name) => Loaded.GetOrAdd(name, key =>
        {
            using (Stream stream = typeof(ShellScripts).GetTypeInfo().Assembly.GetManifestResourceStream("KubeletCompliance.Transports.Shell.Scripts." + key))
            {
                if (stream == null)
                {
                    throw new InvalidOperationException("The shell script " + key + " is not embedded in " + typeof(ShellScripts).GetTypeInfo().Assembly.GetName().Name + ".");
                }

                using (var reader = new StreamReader(stream))
                {
                    // A node's sh must never see a carriage return, whatever a checkout did to the file's line endings.
                    return reader.ReadToEnd().Replace("\r\n", "\n");
                }
            }
        });
    }
}
