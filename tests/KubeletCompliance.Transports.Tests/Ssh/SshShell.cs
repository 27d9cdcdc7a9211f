using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>The shell reader and writer over an SSH connection, rooted and elevated as its options say (as SshSession opens them).</summary>
    internal static class SshShell
    {
        public static ShellNodeReader Reader(SshConnection connection) =>
            new ShellNodeReader(connection, connection.Options.RemoteRoot, connection.Options.UseSudo);

        public static ShellNodeWriter Writer(SshConnection connection) =>
            new ShellNodeWriter(connection, connection.Options.RemoteRoot, connection.Options.UseSudo);
    }
}
