using System;
using System.Security.Cryptography;
using System.Text;
using KubeletCompliance.Transports.Ssh;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    public class KnownHostsTests
    {
        // Public test vectors only: a made-up ed25519 blob and a made-up RSA-typed blob.
        private static readonly byte[] Ed25519 = Blob("ssh-ed25519", 32, 1);
        private static readonly byte[] OtherEd25519 = Blob("ssh-ed25519", 32, 2);
        private static readonly byte[] Rsa = Blob("ssh-rsa", 64, 3);

        [Fact]
        public void Plain_entry_and_comma_list_match_port_22_by_bare_name()
        {
            var known = KnownHosts.Parse("other,Node1.example,10.0.0.5 ssh-ed25519 " + Convert.ToBase64String(Ed25519) + " comment\n");

            Assert.Equal(HostKeyVerdict.Match, known.Check("node1.example", 22, Ed25519).Verdict);
            Assert.Equal(HostKeyVerdict.Match, known.Check("10.0.0.5", 22, Ed25519).Verdict);
            Assert.Equal(HostKeyVerdict.Unknown, known.Check("10.0.0.5", 2222, Ed25519).Verdict);
        }

        [Fact]
        public void Non_default_port_needs_the_bracketed_form()
        {
            var known = KnownHosts.Parse("[10.0.0.5]:2222 ssh-ed25519 " + Convert.ToBase64String(Ed25519));

            Assert.Equal(HostKeyVerdict.Match, known.Check("10.0.0.5", 2222, Ed25519).Verdict);
            Assert.Equal(HostKeyVerdict.Unknown, known.Check("10.0.0.5", 22, Ed25519).Verdict);
        }

        [Fact]
        public void Another_key_for_a_known_host_is_a_change_and_names_both_fingerprints()
        {
            var known = KnownHosts.Parse("node1 ssh-ed25519 " + Convert.ToBase64String(OtherEd25519));

            HostKeyCheck check = known.Check("node1", 22, Ed25519);

            Assert.Equal(HostKeyVerdict.Changed, check.Verdict);
            Assert.Equal(KnownHosts.Fingerprint(Ed25519), check.Fingerprint);
            Assert.Contains("ssh-ed25519 " + KnownHosts.Fingerprint(OtherEd25519), check.KnownFingerprints);
        }

        [Fact]
        public void Only_keys_of_another_type_known_is_a_change_too()
        {
            var known = KnownHosts.Parse("node1 ssh-rsa " + Convert.ToBase64String(Rsa));

            Assert.Equal(HostKeyVerdict.Changed, known.Check("node1", 22, Ed25519).Verdict);
            Assert.Equal(new[] { "ssh-rsa" }, known.KnownKeyTypes("node1", 22));
        }

        [Fact]
        public void Revoked_marker_refuses_the_key_whatever_else_matches()
        {
            string key = Convert.ToBase64String(Ed25519);
            var known = KnownHosts.Parse("node1 ssh-ed25519 " + key + "\n@revoked * ssh-ed25519 " + key + "\n");

            Assert.Equal(HostKeyVerdict.Revoked, known.Check("node1", 22, Ed25519).Verdict);
        }

        [Fact]
        public void Cert_authority_lines_comments_and_garbage_are_ignored()
        {
            var known = KnownHosts.Parse("# comment\n@cert-authority * ssh-ed25519 " + Convert.ToBase64String(Ed25519) + "\nnot a line\nnode1 ssh-ed25519 !!!\n");

            Assert.Equal(HostKeyVerdict.Unknown, known.Check("node1", 22, Ed25519).Verdict);
        }

        [Fact]
        public void Wildcards_and_negation_follow_OpenSSH()
        {
            var known = KnownHosts.Parse("*.prod.example,!bad.prod.example ssh-ed25519 " + Convert.ToBase64String(Ed25519));

            Assert.Equal(HostKeyVerdict.Match, known.Check("n1.prod.example", 22, Ed25519).Verdict);
            Assert.Equal(HostKeyVerdict.Unknown, known.Check("bad.prod.example", 22, Ed25519).Verdict);
        }

        [Fact]
        public void Hashed_entry_matches_by_HMAC_SHA1_of_the_host_name()
        {
            byte[] salt = Encoding.ASCII.GetBytes("0123456789abcdefghij");
            byte[] hash;
            using (var hmac = new HMACSHA1(salt))
            {
                hash = hmac.ComputeHash(Encoding.ASCII.GetBytes("[node1]:2222"));
            }

            var known = KnownHosts.Parse("|1|" + Convert.ToBase64String(salt) + "|" + Convert.ToBase64String(hash) + " ssh-ed25519 " + Convert.ToBase64String(Ed25519));

            Assert.Equal(HostKeyVerdict.Match, known.Check("node1", 2222, Ed25519).Verdict);
            Assert.Equal(HostKeyVerdict.Unknown, known.Check("node1", 22, Ed25519).Verdict);
        }

        [Fact]
        public void Key_type_comes_from_the_blob()
        {
            Assert.Equal("ssh-ed25519", KnownHosts.KeyTypeOf(Ed25519));
            Assert.StartsWith("SHA256:", KnownHosts.Fingerprint(Ed25519));
            Assert.DoesNotContain("=", KnownHosts.Fingerprint(Ed25519));
        }

        private static byte[] Blob(string type, int keyLength, byte fill)
        {
            byte[] name = Encoding.ASCII.GetBytes(type);
            var blob = new byte[4 + name.Length + 4 + keyLength];
            blob[3] = (byte)name.Length;
            Buffer.BlockCopy(name, 0, blob, 4, name.Length);
            blob[4 + name.Length + 3] = (byte)keyLength;
            for (int i = 0; i < keyLength; i++)
            {
                blob[8 + name.Length + i] = fill;
            }

            return blob;
        }
    }
}
