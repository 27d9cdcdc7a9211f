using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace KubeletCompliance.Transports.Tests.Ssh.Agent
{
    /// <summary>A real ssh-agent on a private socket, fed with ssh-add (passphrases through SSH_ASKPASS, never to the module).</summary>
    public sealed class RealAgent : IDisposable
    {
        private readonly Process _agent;
        private readonly string _folder;

        public RealAgent()
        {
            _folder = Directory.CreateTempSubdirectory("kc-agent-").FullName;
            SocketPath = Path.Combine(_folder, "agent.sock");
            var start = new ProcessStartInfo("/usr/bin/ssh-agent") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "-D", "-a", SocketPath })
            {
                start.ArgumentList.Add(a);
            }

            _agent = Process.Start(start);
            for (int i = 0; i < 100 && !File.Exists(SocketPath); i++)
            {
                Thread.Sleep(50);
            }

            if (!File.Exists(SocketPath))
            {
                throw new InvalidOperationException("ssh-agent did not create " + SocketPath);
            }
        }

        public string SocketPath { get; }

        /// <summary>ssh-add; <paramref name="passphrase"/> is answered through an askpass script that only ssh-add runs.</summary>
        public void Add(string keyFile, string passphrase = null) => SshAdd(passphrase, keyFile);

        public void Lock(string password) => SshAdd(password, "-x");

        public void RemoveAll() => SshAdd(null, "-D");

        private void SshAdd(string secret, params string[] arguments)
        {
            var start = new ProcessStartInfo("/usr/bin/ssh-add") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["SSH_AUTH_SOCK"] = SocketPath;
            if (secret != null)
            {
                string askpass = Path.Combine(_folder, "askpass.sh");
                File.WriteAllText(askpass, "#!/bin/sh\nprintf '%s\\n' \"$KC_TEST_SECRET\"\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                }
                start.Environment["SSH_ASKPASS"] = askpass;
                start.Environment["SSH_ASKPASS_REQUIRE"] = "force";
                start.Environment["DISPLAY"] = ":0";
                start.Environment["KC_TEST_SECRET"] = secret;
            }

            using (Process process = Process.Start(start))
            {
                process.StandardInput.Close();
                string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException("ssh-add " + string.Join(" ", arguments) + " failed: " + output);
                }
            }
        }

        public void Dispose()
        {
            if (!_agent.HasExited)
            {
                _agent.Kill();
                _agent.WaitForExit();
            }

            _agent.Dispose();
            Directory.Delete(_folder, true);
        }
    }
}
