using System;
using System.IO;

namespace KubeletCompliance.TestSupport
{
    /// <summary>
    /// Where the test projects find the repository's own files (node fixture trees, harness scripts, sources): the
    /// checkout above the test binary's folder, read in place, symlinks and all. Linked into each test project.
    /// </summary>
    internal static class RepositoryPaths
    {
        private static readonly Lazy<string> root = new Lazy<string>(FindRoot);

        public static string Root => root.Value;

        /// <summary>tests/fixtures/nodes: one node file tree per folder.</summary>
        public static string NodeFixtures => Path.Combine(Root, "tests", "fixtures", "nodes");

        public static string NodeFixture(string name) => Path.Combine(NodeFixtures, name);

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KubeletCompliance.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("KubeletCompliance.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
