using System;
using System.IO;

namespace KubeletCompliance.Core.Tests.Support
{
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
