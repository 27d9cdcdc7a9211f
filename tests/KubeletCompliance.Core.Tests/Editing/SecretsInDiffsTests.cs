using KubeletCompliance.Core.Editing;
using Xunit;

namespace KubeletCompliance.Core.Tests.Editing
{
    /// <summary>
    /// The three lines of context of a -WhatIf/-Verbose/confirm diff once printed the k3s join token into logs.
    /// Every diff shown masks secret values, and escapes control characters a node could use on a terminal.
    /// </summary>
    public class SecretsInDiffsTests
    {
        [Fact]
        public void Token_leak_through_diff_context_of_the_k3s_config()
        {
            string before = "token: K10secretjointoken::server:abcdef\nagent-token: \"agentsecret\"\nkubelet-arg:\n  - \"anonymous-auth=true\"\n";
            string after = "token: K10secretjointoken::server:abcdef\nagent-token: \"agentsecret\"\nkubelet-arg:\n  - \"anonymous-auth=false\"\n";
            string diff = UnifiedDiff.Create("/etc/rancher/k3s/config.yaml", before, after);
            Assert.DoesNotContain("K10secretjointoken", diff);
            Assert.DoesNotContain("agentsecret", diff);
            Assert.Contains(" token: ********", diff);
            Assert.Contains("+  - \"anonymous-auth=false\"", diff);
        }

        [Theory]
        [InlineData("K3S_TOKEN=hunter2")]
        [InlineData("ExecStart=/usr/local/bin/k3s agent --token hunter2 --server https://x:6443")]
        [InlineData("ExecStart=/usr/local/bin/k3s agent --token=hunter2")]
        [InlineData("    client-key-data: hunter2")]
        [InlineData("  \"bootstrapPassword\": \"hunter2\",")]
        [InlineData("db_secret: hunter2")]
        [InlineData("    token: hunter2")]
        [InlineData("Authorization: Bearer hunter2")]
        public void Secret_values_are_masked_in_every_form(string line)
        {
            string diff = UnifiedDiff.Create("/x", line + "\nkeep\nanonymous: true\n", line + "\nkeep\nanonymous: false\n");
            Assert.DoesNotContain("hunter2", diff);
            Assert.Contains(SecretMask.Hidden, diff);
        }

        [Fact]
        public void Private_key_lines_are_masked()
        {
            string key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEhunter2\n-----END RSA PRIVATE KEY-----\n";
            string diff = UnifiedDiff.Create("/x", key + "a: 1\n", key + "a: 2\n");
            Assert.DoesNotContain("hunter2", diff);
        }

        [Fact]
        public void Terminal_escape_sequences_in_a_file_are_shown_escaped()
        {
            string diff = UnifiedDiff.Create("/x", "# \u001b]0;pwned\u0007\u001b[2J\nanonymous: true\n", "# \u001b]0;pwned\u0007\u001b[2J\nanonymous: false\n");
            Assert.DoesNotContain(diff, c => c == (char)0x1b);
            Assert.Contains("\\x1b[2J", diff);
        }
    }
}
