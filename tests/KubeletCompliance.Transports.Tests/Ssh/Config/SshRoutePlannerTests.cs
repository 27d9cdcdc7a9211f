using System;
using System.Collections.Generic;
using System.Linq;
using KubeletCompliance.Transports.Ssh;
using KubeletCompliance.Transports.Ssh.Config;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh.Config
{
    /// <summary>Parameters, then the target name, then ssh_config, then defaults; and what a jump host inherits.</summary>
    public sealed class SshRoutePlannerTests
    {
        private const string Config = @"
Host node*
  User config-user
  Port 2201
  ProxyJump jumper@bastion:2022
  StrictHostKeyChecking no
  ConnectTimeout 40
  UserKnownHostsFile ~/.ssh/kh_a ~/.ssh/kh_b
Host bastion
  IdentityFile ~/.ssh/bastion_key
  StrictHostKeyChecking accept-new
";

        private sealed class OneFile : ISshConfigSource
        {
            public string ReadText(string path) => path == "/home/op/.ssh/config" ? Config : null;

            public IReadOnlyList<string> Glob(string pattern) => Array.Empty<string>();
        }

        private static SshConnectionOptions Plan(SshTargetRequest request, out IReadOnlyList<string> unknown) =>
            SshRoutePlanner.Plan(request, new SshConfigEvaluator(new OneFile(), "/home/op", "op"), new[] { new SshConfigFile("/home/op/.ssh/config", true) }, null, out unknown);

        [Fact]
        public void TheConfigFillsWhatNothingElseSays()
        {
            SshConnectionOptions node = Plan(new SshTargetRequest { Target = "node1" }, out _);

            Assert.Equal(("node1", 2201, "config-user"), (node.HostName, node.Port, node.UserName));
            Assert.Equal(HostKeyPolicy.AcceptNew, node.HostKeyPolicy);
            Assert.Equal(TimeSpan.FromSeconds(40), node.ConnectTimeout);
            Assert.Equal("/home/op/.ssh/kh_a", node.KnownHostsPath);
            Assert.Equal(new[] { "/home/op/.ssh/kh_b", "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2" }, node.MoreKnownHostsPaths);
            SshConnectionOptions bastion = node.JumpHosts.Single();
            Assert.Equal(("bastion", 2022, "jumper"), (bastion.HostName, bastion.Port, bastion.UserName));
            Assert.Equal(new[] { "/home/op/.ssh/bastion_key" }, bastion.IdentityFiles);
        }

        [Fact]
        public void TheTargetNameWinsOverTheConfig_AndParametersOverBoth()
        {
            SshConnectionOptions named = Plan(new SshTargetRequest { Target = "alice@node1:2300" }, out _);
            SshConnectionOptions overridden = Plan(new SshTargetRequest
            {
                Target = "alice@node1:2300",
                UserName = "param-user",
                Port = 2400,
                KnownHostsPath = "/tmp/kh",
                HostKeyPolicy = HostKeyPolicy.Strict,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                JumpHost = "none",
            }, out _);

            Assert.Equal((2300, "alice"), (named.Port, named.UserName));
            Assert.Equal((2400, "param-user"), (overridden.Port, overridden.UserName));
            Assert.Equal("/tmp/kh", overridden.KnownHostsPath);
            Assert.Equal(HostKeyPolicy.Strict, overridden.HostKeyPolicy);
            Assert.Equal(TimeSpan.FromSeconds(5), overridden.ConnectTimeout);
            Assert.Empty(overridden.JumpHosts);
        }

        [Fact]
        public void AJumpHostGetsTheKeyFileButNeverThePasswords()
        {
            SshConnectionOptions node = Plan(new SshTargetRequest { Target = "node1", KeyFilePath = "/k/id", KeyPassphrase = "kp", Password = "pw", SudoPassword = "sudo" }, out _);
            SshConnectionOptions bastion = node.JumpHosts.Single();

            Assert.Equal(("/k/id", "kp"), (bastion.KeyFilePath, bastion.KeyPassphrase));
            Assert.Null(bastion.Password);
            Assert.Null(bastion.SudoPassword);
            Assert.Equal(("pw", "sudo"), (node.Password, node.SudoPassword));
            Assert.Equal(HostKeyPolicy.AcceptNew, bastion.HostKeyPolicy);
        }

        [Fact]
        public void ABadJumpHostParameter_IsAnSshConfigError()
        {
            var ex = Assert.Throws<SshConfigException>(() => Plan(new SshTargetRequest { Target = "node1", JumpHost = "user@:22" }, out _));

            Assert.Contains("-JumpHost", ex.Message);
            Assert.Throws<FormatException>(() => Plan(new SshTargetRequest { Target = "user@" }, out _));
        }
    }
}
