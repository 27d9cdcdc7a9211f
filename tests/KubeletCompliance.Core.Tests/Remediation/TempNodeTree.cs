using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.TestSupport;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>A node file tree in a fresh temporary folder, removed afterwards.</summary>
    internal sealed class TempNodeTree : IDisposable
    {
        public TempNodeTree()
        {
            // /var/tmp lives on the root file system, which supports chattr +i; /tmp may be a tmpfs, which does not.
            string scratch = Directory.Exists("/var/tmp") ? "/var/tmp" : Path.GetTempPath();
            Root = Path.Combine(scratch, "kc-remediation-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public static TempNodeTree FromFiles(IReadOnlyDictionary<string, string> files)
        {
            var tree = new TempNodeTree();
            foreach (var file in files)
            {
                tree.Write(file.Key, file.Value);
            }

            return tree;
        }

        public static TempNodeTree FromFixture(string name)
        {
            var tree = new TempNodeTree();
            string source = RepositoryPaths.NodeFixture(name);
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(tree.Root, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target));
                File.Copy(file, target);
            }

            return tree;
        }

        public void Write(string nodePath, string content)
        {
            string host = Host(nodePath);
            Directory.CreateDirectory(Path.GetDirectoryName(host));
            File.WriteAllBytes(host, new UTF8Encoding(false).GetBytes(content));
        }

        public string Host(string nodePath) => Root + nodePath;

        public byte[] Bytes(string nodePath) => File.ReadAllBytes(Host(nodePath));

        public string Text(string nodePath) => new UTF8Encoding(false).GetString(Bytes(nodePath));

        /// <summary>Every file below the root by node path, with a hash of its bytes.</summary>
        public static bool IsBackupRecord(string path) => path.Contains(BackupNames.Marker) && path.EndsWith(".sha256", StringComparison.Ordinal);

        public SortedDictionary<string, string> Snapshot()
        {
            var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
            // A backup's record (what the change wrote, for Restore) goes with its backup; the tests compare files and backups.
            foreach (string file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => !IsBackupRecord(f)))
            {
                snapshot["/" + Path.GetRelativePath(Root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }

            return snapshot;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A test that failed while a file was immutable leaves it behind in /tmp; nothing else depends on it.
            }
        }
    }
}
