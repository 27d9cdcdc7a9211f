using System.Diagnostics;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Support
{
    internal static class Programs
    {
        /// <summary>Runs a local program to set up or check a test (ssh-keygen, getconf, id) and returns its output; it must succeed.</summary>
        public static string Run(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using (Process process = Process.Start(start))
            {
                string output = process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode);
                return output;
            }
        }
    }
}
