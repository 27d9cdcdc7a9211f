using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Transports.Shell;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Shell
{
    /// <summary>
    /// Every script the shell reader and writer send, exactly as sent (the .sh files under Shell/Scripts with the
    /// caller's assignments and calls around them), is clean under shellcheck as a POSIX sh script.
    /// </summary>
    public sealed class ShellcheckTests : IDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "kc-shellcheck-" + Guid.NewGuid().ToString("N"));

        public ShellcheckTests() => Directory.CreateDirectory(Path.Combine(_work, "var", "lib", "kubelet"));

        public void Dispose() => Directory.Delete(_work, true);

        [Fact]
        public void Every_script_sent_to_a_node_passes_shellcheck()
        {
            if (!LocalShellChannel.IsInstalled("shellcheck"))
            {
                // CI installs it (.ci/run); elsewhere the test says what it needs instead of passing unseen.
                Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "shellcheck is not installed (Debian package shellcheck)");
                return;
            }

            var channel = new RecordingChannel(new LocalShellChannel("sh"));
            var reader = new ShellNodeReader(channel, _work, SudoMode.Never);
            reader.Prefetch(new[] { "/var/lib/kubelet/config.yaml", "/etc/missing" }, new[] { "/var/lib/kubelet" });
            reader.ListProcesses();
            var writer = new ShellNodeWriter(channel, "/", SudoMode.Never);
            string file = Path.Combine(_work, "var", "lib", "kubelet", "config.yaml");
            File.WriteAllText(file, "anonymous: true\n");
            string backup = writer.Backup(file, "20260101T000000000Z");
            writer.Backup(Path.Combine(_work, "var", "lib", "kubelet", "new.conf"), "20260101T000000000Z");
            writer.WriteFileAtomic(file, "anonymous: false\n", "anonymous: true\n");
            writer.Restore(backup, file);
            writer.RemoveBackup(backup);

            Assert.True(channel.Scripts.Count >= 6, "the reader and writer sent " + channel.Scripts.Count + " scripts");
            foreach (string script in channel.Scripts.Distinct())
            {
                (int exitCode, string findings) = Shellcheck(script);
                Assert.True(exitCode == 0, "shellcheck found problems in a script sent to nodes:\n" + findings + "\n--- script ---\n" + script);
            }
        }

        private static (int, string) Shellcheck(string script)
        {
            var start = new ProcessStartInfo("shellcheck") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { "--shell=sh", "--severity=style", "-" })
            {
                start.ArgumentList.Add(argument);
            }

            using (Process process = Process.Start(start))
            {
                var error = process.StandardError.ReadToEndAsync();
                process.StandardInput.Write(script);
                process.StandardInput.Close();
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, output + error.Result);
            }
        }


        private sealed class RecordingChannel : IShellChannel
        {
            private readonly IShellChannel _inner;

            public RecordingChannel(IShellChannel inner) => _inner = inner;

            public ConcurrentQueue<string> Scripts { get; } = new ConcurrentQueue<string>();

            public string Description => _inner.Description;

            public ShellResult Run(string script, byte[] standardInput, bool elevated, CancellationToken cancellationToken)
            {
                Scripts.Enqueue(script);
                return _inner.Run(script, standardInput, elevated, cancellationToken);
            }

            public void Dispose() => _inner.Dispose();
        }
    }
}
