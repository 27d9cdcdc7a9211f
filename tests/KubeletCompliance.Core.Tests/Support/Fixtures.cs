using System;
using System.IO;

namespace KubeletCompliance.Core.Tests.Support
{
    internal static class Fixtures
    {
        /// <summary>The repository checkout, found from the test binary's folder (fixtures are read in place, symlinks and all).</summary>
        public static string RepositoryRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "KubeletCompliance.sln")))
                {
                    dir = dir.Parent;
                }

                return dir?.FullName ?? throw new InvalidOperationException("KubeletCompliance.sln not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Node(string name) => Path.Combine(RepositoryRoot, "tests", "fixtures", "nodes", name);
    }

    /// <summary>A scratch folder removed after the test.</summary>
    internal sealed class TempTree : IDisposable
    {
        public TempTree()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kc-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string nodePath, string content)
        {
            string host = Path + nodePath;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(host));
            File.WriteAllText(host, content);
            return host;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
