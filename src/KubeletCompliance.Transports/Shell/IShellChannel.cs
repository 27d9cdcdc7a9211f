using System;
using System.Text;
using System.Threading;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>
    /// Anything that can run a POSIX sh script on a node with standard input and hand back what it wrote: an SSH
    /// session today, a pod on the node next. The shell reader and writer need nothing else, so a node gives the same
    /// answers whichever channel reaches it.
    /// </summary>
    public interface IShellChannel : IDisposable
    {
        /// <summary>Who is reached and how, for messages: "ssh kcsudo@10.0.0.5:22", "pod kc-node-xyz on node n1".</summary>
        string Description { get; }

        /// <summary>
        /// Runs <paramref name="script"/> with "sh -c"; when <paramref name="elevated"/>, as root (through sudo where
        /// the channel needs it). The script reads exactly <paramref name="standardInput"/> (null: nothing) and then
        /// end of file. A channel enforces its per-operation deadline and a cap on what the node may send, and reports
        /// failures as <see cref="NodeAccessException"/> with a stable id; cancelling the token ends the operation at once.
        /// </summary>
        ShellResult Run(string script, byte[] standardInput, bool elevated, CancellationToken cancellationToken);
    }

    /// <summary>What a script left behind: exit code, standard output as bytes, standard error as text.</summary>
    public sealed class ShellResult
    {
        public ShellResult(int exitCode, byte[] output, string error)
        {
            ExitCode = exitCode;
            Output = output ?? throw new ArgumentNullException(nameof(output));
            Error = error ?? string.Empty;
        }

        public int ExitCode { get; }

        public byte[] Output { get; }

        public string Error { get; }

        /// <summary>Standard output as UTF-8 text.</summary>
        public string OutputText => Encoding.UTF8.GetString(Output);
    }
}
