using System;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    public class SshConnectionOptionsTests
    {
        [Theory]
        [InlineData("node1", "node1", 22, null)]
        [InlineData("node1:2222", "node1", 2222, null)]
        [InlineData("admin@node1", "node1", 22, "admin")]
        [InlineData("admin@node1:2222", "node1", 2222, "admin")]
        [InlineData("[::1]:2222", "::1", 2222, null)]
        [InlineData("admin@[fe80::1]", "fe80::1", 22, "admin")]
        [InlineData("::1", "::1", 22, null)]
        [InlineData("10.0.0.5:22", "10.0.0.5", 22, null)]
        public void Parse_reads_host_port_and_user(string target, string host, int port, string user)
        {
            SshConnectionOptions options = SshConnectionOptions.Parse(target);

            Assert.Equal(host, options.HostName);
            Assert.Equal(port, options.Port);
            Assert.Equal(user, options.UserName);
        }

        [Theory]
        [InlineData("")]
        [InlineData("@node1")]
        [InlineData("node1:")]
        [InlineData("node1:0")]
        [InlineData("node1:65536")]
        [InlineData("node1:ssh")]
        [InlineData("[::1")]
        [InlineData("[::1]x")]
        [InlineData("user@")]
        [InlineData("a b")]
        public void Parse_rejects_malformed_targets(string target)
        {
            Assert.Throws<FormatException>(() => SshConnectionOptions.Parse(target));
            Assert.False(SshConnectionOptions.TryParse(target, out _));
        }

        [Fact]
        public void Target_brackets_IPv6_addresses()
        {
            Assert.Equal("[::1]:2222", SshConnectionOptions.Parse("[::1]:2222").Target);
            Assert.Equal("node1:22", SshConnectionOptions.Parse("node1").Target);
        }

        [Fact]
        public void Quote_keeps_every_value_one_literal_word()
        {
            Assert.Equal("'plain'", PosixShell.Quote("plain"));
            Assert.Equal("'it'\\''s'", PosixShell.Quote("it's"));
            Assert.Equal("''", PosixShell.Quote(string.Empty));
            Assert.Throws<ArgumentException>(() => PosixShell.Quote("a\0b"));
        }
    }
}
