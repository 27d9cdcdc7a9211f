using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KubeletCompliance.Transports.Ssh.Config
{
    /// <summary>ssh_config files on this machine; Include globs expanded as glob(3) does (sorted, no hidden names for "*").</summary>
    public sealed class LocalSshConfigSource : ISshConfigSource
    {
        /// <summary>~/.ssh/config, then /etc/ssh/ssh_config; or only <paramref name="explicitPath"/>, as ssh -F does.</summary>
        public static IReadOnlyList<SshConfigFile> DefaultFiles(string home, string explicitPath) =>
            explicitPath != null
                ? new[] { new SshConfigFile(explicitPath, true) }
                : new[] { new SshConfigFile(Path.Combine(home, ".ssh", "config"), true), new SshConfigFile("/etc/ssh/ssh_config", false) };

        public string ReadText(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SshConfigException("Cannot read the ssh_config file '" + path + "': " + ex.Message, ex);
            }
        }

        public IReadOnlyList<string> Glob(string pattern)
        {
            if (!pattern.StartsWith("/", StringComparison.Ordinal))
            {
                return Array.Empty<string>();
            }

            var paths = new List<string> { "/" };
            string[] parts = pattern.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i];
                bool last = i == parts.Length - 1;
                var next = new List<string>();
                foreach (string folder in paths)
                {
                    if (part.IndexOfAny(new[] { '*', '?' }) < 0)
                    {
                        string path = Path.Combine(folder, part);
                        if (last ? File.Exists(path) : Directory.Exists(path))
                        {
                            next.Add(path);
                        }

                        continue;
                    }

                    if (!Directory.Exists(folder))
                    {
                        continue;
                    }

                    IEnumerable<string> entries;
                    try
                    {
                        entries = last ? Directory.EnumerateFiles(folder) : Directory.EnumerateDirectories(folder);
                        entries = entries.ToList();
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        continue;
                    }

                    next.AddRange(entries
                        .Where(e =>
                        {
                            string name = Path.GetFileName(e);
                            return (!name.StartsWith(".", StringComparison.Ordinal) || part.StartsWith(".", StringComparison.Ordinal)) && SshPatterns.Match(name, part);
                        })
                        .OrderBy(e => e, StringComparer.Ordinal));
                }

                paths = next;
            }

            return paths;
        }
    }
}
