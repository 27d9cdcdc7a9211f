using System.Collections.Generic;
using System.IO;
using System.Linq;
using KubeletCompliance.Core.Remediation;
using KubeletCompliance.Core.Resolution;
using Xunit;

namespace KubeletCompliance.Core.Tests.Remediation
{
    /// <summary>
    /// A watcher once read the k3s join token from the temporary file and the backup while Set- wrote them, because
    /// both were created 0666 less the umask and chmodded afterwards. Each must be 0600 from the moment it exists.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public class SecretWhileWritingTests
    {
        [Fact]
        public void Watcher_cannot_read_the_token_from_the_temp_file_or_the_backup_while_they_are_written()
        {
            var files = new Dictionary<string, string>
            {
                ["/etc/systemd/system/k3s.service"] = "[Service]\nType=notify\nExecStart=/usr/local/bin/k3s server\n",
                ["/etc/rancher/k3s/config.yaml"] = "token: K10secretjointoken::server:abcdef\nkubelet-arg:\n  - \"anonymous-auth=true\"\n",
            };
            using (var tree = TempNodeTree.FromFiles(files))
            {
                string folder = tree.Host("/etc/rancher/k3s");
                File.SetUnixFileMode(tree.Host("/etc/rancher/k3s/config.yaml"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                var seen = new List<(string Name, UnixFileMode Mode, long Length)>();
                var outcome = PlannerRoundTripTests.Apply(tree, NodeResolver.Default, out _, point =>
                {
                    if (point == "created")
                    {
                        // The instant the new file exists, before its first byte: what a watcher could open.
                        seen.AddRange(new DirectoryInfo(folder).GetFiles()
                            .Where(f => f.Name.Contains(".kctmp-") || f.Name.Contains(".kcbak-"))
                            .Select(f => (f.Name, File.GetUnixFileMode(f.FullName), f.Length)));
                    }
                });

                Assert.Equal(RemediationStatus.Changed, outcome.Status);
                Assert.Contains(seen, s => s.Name.Contains(".kcbak-"));
                Assert.Contains(seen, s => s.Name.Contains(".kctmp-"));
                Assert.All(seen, s => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, s.Mode));
                // Afterwards the file and its backup have the original's mode again.
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tree.Host("/etc/rancher/k3s/config.yaml")));
            }
        }
    }
}
