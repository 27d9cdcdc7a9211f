using System;
using System.IO;
using System.Linq;
using System.Text;

namespace KubeletCompliance.Transports.Ssh.Agent
{
    /// <summary>
    /// The public half of an identity file without its passphrase, as ssh finds it: "file.pub", or the unencrypted public
    /// key inside an "openssh-key-v1" private key. Lets an encrypted file be matched with the key the agent holds.
    /// </summary>
    public static class IdentityFilePublicKey
    {
        private const string OpenSshBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
        private const string OpenSshEnd = "-----END OPENSSH PRIVATE KEY-----";
        private const int MaxKeyFile = 64 * 1024;

        /// <summary>The public key blob, or null when neither form is there or readable.</summary>
        public static byte[] Read(string path)
        {
            try
            {
                return FromPublicFile(path + ".pub") ?? FromOpenSshPrivateKey(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException || ex is InvalidDataException)
            {
                return null;
            }
        }

        private static byte[] FromPublicFile(string path)
        {
            if (!File.Exists(path) || new FileInfo(path).Length > MaxKeyFile)
            {
                return null;
            }

            string[] words = File.ReadAllText(path).Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return words.Length >= 2 ? Convert.FromBase64String(words[1]) : null;
        }

        private static byte[] FromOpenSshPrivateKey(string path)
        {
            if (!File.Exists(path) || new FileInfo(path).Length > MaxKeyFile)
            {
                return null;
            }

            string text = File.ReadAllText(path);
            int begin = text.IndexOf(OpenSshBegin, StringComparison.Ordinal);
            int end = text.IndexOf(OpenSshEnd, StringComparison.Ordinal);
            if (begin < 0 || end < begin)
            {
                return null;
            }

            string body = new string(text.Substring(begin + OpenSshBegin.Length, end - begin - OpenSshBegin.Length).Where(c => !char.IsWhiteSpace(c)).ToArray());
            byte[] data = Convert.FromBase64String(body);
            byte[] magic = Encoding.ASCII.GetBytes("openssh-key-v1\0");
            if (data.Length < magic.Length || !data.Take(magic.Length).SequenceEqual(magic))
            {
                return null;
            }

            var reader = new SshWireReader(data, magic.Length);
            reader.ReadString(); // cipher
            reader.ReadString(); // kdf
            reader.ReadString(); // kdf options
            return reader.ReadUInt32() >= 1 ? reader.ReadString() : null;
        }
    }
}
