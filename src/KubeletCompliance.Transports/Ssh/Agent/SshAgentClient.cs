using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using KubeletCompliance.Transports.Shell;

namespace KubeletCompliance.Transports.Ssh.Agent
{
    /// <summary>A key the agent holds: its public key blob and comment.</summary>
    public sealed class AgentIdentity
    {
        public AgentIdentity(byte[] keyBlob, string comment)
        {
            KeyBlob = keyBlob;
            Comment = comment;
            KeyType = KnownHosts.KeyTypeOf(keyBlob);
        }

        public byte[] KeyBlob { get; }
        public string Comment { get; }

        /// <summary>The blob's own type name: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...</summary>
        public string KeyType { get; }
    }

    /// <summary>
    /// The ssh-agent protocol (draft-miller-ssh-agent) over the agent's Unix socket: list identities, sign. One
    /// request at a time per client; each request opens its own connection, as the agent serves many clients.
    /// </summary>
    public sealed class SshAgentClient
    {
        public const uint RsaSha2_256 = 2;
        public const uint RsaSha2_512 = 4;

        private const byte AgentFailure = 5;
        private const byte RequestIdentities = 11;
        private const byte IdentitiesAnswer = 12;
        private const byte SignRequest = 13;
        private const byte SignResponse = 14;

        // Answers are a few keys or one signature; a peer claiming more is not an agent.
        private const int MaxMessage = 256 * 1024;

        private readonly TimeSpan _timeout;

        public SshAgentClient(string socketPath, TimeSpan timeout)
        {
            SocketPath = socketPath;
            _timeout = timeout;
        }

        public string SocketPath { get; }

        /// <summary>SSH_AUTH_SOCK, unless ssh_config's IdentityAgent names another socket ("none": no agent, null).</summary>
        public static string SocketFor(string identityAgent)
        {
            if (identityAgent == "none")
            {
                return null;
            }

            string path = identityAgent ?? Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
            return string.IsNullOrEmpty(path) ? null : path;
        }

        public IReadOnlyList<AgentIdentity> ListIdentities()
        {
            SshWireReader answer = Exchange(new[] { RequestIdentities }, IdentitiesAnswer, "list its keys");
            uint count = answer.ReadUInt32();
            var identities = new List<AgentIdentity>();
            for (uint i = 0; i < count; i++)
            {
                byte[] blob = answer.ReadString();
                string comment = answer.ReadText();
                try
                {
                    identities.Add(new AgentIdentity(blob, comment));
                }
                catch (ArgumentException)
                {
                    // A blob without a type name cannot be offered to a server; the others still can.
                }
            }

            return identities;
        }

        /// <summary>The signature in SSH wire form (string algorithm, string signature), as userauth carries it.</summary>
        public byte[] Sign(byte[] keyBlob, byte[] data, uint flags)
        {
            using (var request = new MemoryStream())
            {
                request.WriteByte(SignRequest);
                SshWireWriter.WriteString(request, keyBlob);
                SshWireWriter.WriteString(request, data);
                SshWireWriter.WriteUInt32(request, flags);
                return Exchange(request.ToArray(), SignResponse, "sign with the key " + KnownHosts.Fingerprint(keyBlob)).ReadString();
            }
        }

        private SshWireReader Exchange(byte[] payload, byte expected, string what)
        {
            byte[] answer;
            try
            {
                using (Socket socket = Connect())
                using (var stream = new NetworkStream(socket, true))
                {
                    var frame = new MemoryStream();
                    SshWireWriter.WriteString(frame, payload);
                    byte[] bytes = frame.ToArray();
                    stream.Write(bytes, 0, bytes.Length);
                    byte[] header = ReadExactly(stream, 4);
                    uint length = new SshWireReader(header).ReadUInt32();
                    if (length == 0 || length > MaxMessage)
                    {
                        throw new InvalidDataException("the agent answered with a " + length + "-byte message");
                    }

                    answer = ReadExactly(stream, (int)length);
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                throw new NodeAccessException(NodeAccessError.AgentUnavailable, SocketPath,
                    "The SSH agent at '" + SocketPath + "' could not " + what + ": " + ex.Message +
                    " (is ssh-agent running, and SSH_AUTH_SOCK or IdentityAgent right?)", ex);
            }

            var reader = new SshWireReader(answer);
            byte type = reader.ReadByte();
            if (type == AgentFailure)
            {
                throw new NodeAccessException(NodeAccessError.AgentRefused, SocketPath,
                    "The SSH agent at '" + SocketPath + "' refused to " + what + " (locked, a confirmation declined, or a key it no longer holds).");
            }

            if (type != expected)
            {
                throw new NodeAccessException(NodeAccessError.AgentUnavailable, SocketPath,
                    "The SSH agent at '" + SocketPath + "' answered message type " + type + " where " + expected + " was expected.");
            }

            return reader;
        }

        private Socket Connect()
        {
            if (!File.Exists(SocketPath))
            {
                throw new IOException("no socket exists at that path");
            }

            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.SendTimeout = socket.ReceiveTimeout = (int)_timeout.TotalMilliseconds;
                socket.Connect(UnixEndPoint(SocketPath));
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>
        /// This assembly targets netstandard2.0, which lacks UnixDomainSocketEndPoint; every runtime PowerShell 7 runs
        /// on has it.
        /// </summary>
        private static EndPoint UnixEndPoint(string path)
        {
            Type type = Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", false);
            if (type == null)
            {
                throw new IOException("this .NET runtime has no Unix domain sockets");
            }

            return (EndPoint)Activator.CreateInstance(type, path);
        }

        private static byte[] ReadExactly(Stream stream, int count)
        {
            var buffer = new byte[count];
            int read = 0;
            while (read < count)
            {
                int n = stream.Read(buffer, read, count - read);
                if (n == 0)
                {
                    throw new IOException("the agent closed the connection");
                }

                read += n;
            }

            return buffer;
        }
    }
}
