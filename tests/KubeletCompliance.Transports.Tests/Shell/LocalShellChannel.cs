using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.Tests.Shell
{
    /// <summary>
    /// Test-only channel: runs "&lt;shell&gt; -c script" on this machine, so the shell reader and writer can be driven
    /// against fixture trees under dash, bash or busybox sh without an SSH server. Elevation is whoever runs the tests.
    /// </summary>
    public sealed class LocalShellChannel : IShellChannel
    {
        private readonly string[] _shell;

        public LocalShellChannel(params string[] shell)
        {
            _shell = shell.Length == 0 ? new[] { "sh" } : shell;
        }

        public string Description => "local " + string.Join(" ", _shell);

        /// <summary>Whether a program is on PATH: a shell or tool the tests drive may be missing outside CI.</summary>
        public static bool IsInstalled(string program) =>
            Environment.GetEnvironmentVariable("PATH").Split(':').Any(folder => File.Exists(Path.Combine(folder, program)));

        public ShellResult Run(string script, byte[] standardInput, bool elevated, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(_shell[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            for (int i = 1; i < _shell.Length; i++)
            {
                start.ArgumentList.Add(_shell[i]);
            }

            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            using (Process process = Process.Start(start))
            {
                Task<byte[]> output = Task.Run(() =>
                {
                    var kept = new MemoryStream();
                    process.StandardOutput.BaseStream.CopyTo(kept);
                    return kept.ToArray();
                });
                Task<string> error = process.StandardError.ReadToEndAsync();
                if (standardInput != null)
                {
                    process.StandardInput.BaseStream.Write(standardInput, 0, standardInput.Length);
                }

                process.StandardInput.Close();
                process.WaitForExit();
                return new ShellResult(process.ExitCode, output.Result, error.Result);
            }
        }

        public void Dispose()
        {
        }
    }
}
