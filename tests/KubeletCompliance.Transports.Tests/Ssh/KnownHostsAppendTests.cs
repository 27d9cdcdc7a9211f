using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Transports.Ssh;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>-AcceptNewHostKey workers recording keys at once, in this process and in others.</summary>
    public sealed class KnownHostsAppendTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "kc-known-hosts-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, true);
            }
        }

        [Fact]
        public void Two_hundred_parallel_appends_lose_no_line_and_splice_none()
        {
            string path = Path.Combine(_folder, "known_hosts");
            byte[] key = Blob("ssh-ed25519", 32, 7);

            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 64 }, i =>
                KnownHostsFile.Append(path, "node" + i + ".example", 22, key));

            string[] lines = File.ReadAllLines(path);
            Assert.Equal(200, lines.Length);
            string expectedTail = " ssh-ed25519 " + Convert.ToBase64String(key);
            Assert.All(lines, line => Assert.Matches("^node[0-9]+\\.example" + System.Text.RegularExpressions.Regex.Escape(expectedTail) + "$", line));
            Assert.Equal(200, lines.Distinct().Count());
            var known = KnownHosts.Load(path);
            Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(HostKeyVerdict.Match, known.Check("node" + i + ".example", 22, key).Verdict));
        }

        [Fact]
        public void The_same_new_host_accepted_by_many_workers_is_recorded_once()
        {
            string path = Path.Combine(_folder, "known_hosts");
            byte[] key = Blob("ssh-ed25519", 32, 8);

            Parallel.For(0, 50, i => KnownHostsFile.Append(path, "10.0.0.5", 2222, key));

            Assert.Single(File.ReadAllLines(path));
        }

        [Fact]
        public void An_append_waits_for_another_process_holding_the_flock()
        {
            if (!File.Exists("/usr/bin/flock"))
            {
                return;
            }

            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "known_hosts");
            string ready = Path.Combine(_folder, "ready");
            var start = new ProcessStartInfo("/usr/bin/flock") { RedirectStandardOutput = true };
            foreach (string word in new[] { path + ".lock", "sh", "-c", "touch \"$1\"; sleep 2; echo 'other.example ssh-ed25519 AAAA' >> \"$2\"", "sh", ready, path })
            {
                start.ArgumentList.Add(word);
            }

            using (Process other = Process.Start(start))
            {
                SpinWait.SpinUntil(() => File.Exists(ready), TimeSpan.FromSeconds(10));
                Stopwatch clock = Stopwatch.StartNew();

                KnownHostsFile.Append(path, "node1.example", 22, Blob("ssh-ed25519", 32, 9));

                Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), "did not wait for the other process's lock (" + clock.Elapsed + ")");
                other.WaitForExit();
                Assert.Equal(new[] { "other.example ssh-ed25519 AAAA" }, File.ReadAllLines(path).Take(1));
                Assert.Equal(2, File.ReadAllLines(path).Length);
            }
        }

        private static byte[] Blob(string type, int keyLength, byte fill)
        {
            byte[] name = System.Text.Encoding.ASCII.GetBytes(type);
            var blob = new byte[4 + name.Length + 4 + keyLength];
            blob[3] = (byte)name.Length;
            Array.Copy(name, 0, blob, 4, name.Length);
            blob[4 + name.Length + 3] = (byte)keyLength;
            for (int i = 0; i < keyLength; i++)
            {
                blob[8 + name.Length + i] = fill;
            }

            return blob;
        }
    }
}
