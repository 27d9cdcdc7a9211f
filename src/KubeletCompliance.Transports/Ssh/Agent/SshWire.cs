using System;
using System.IO;
using System.Text;

namespace KubeletCompliance.Transports.Ssh.Agent
{
    /// <summary>RFC 4251 uint32 and string fields, read with every length checked against what is there.</summary>
    internal sealed class SshWireReader
    {
        private readonly byte[] _data;
        private int _offset;

        public SshWireReader(byte[] data, int offset = 0)
        {
            _data = data;
            _offset = offset;
        }

        public bool AtEnd => _offset >= _data.Length;

        public byte ReadByte()
        {
            Need(1);
            return _data[_offset++];
        }

        public uint ReadUInt32()
        {
            Need(4);
            uint value = (uint)(_data[_offset] << 24 | _data[_offset + 1] << 16 | _data[_offset + 2] << 8 | _data[_offset + 3]);
            _offset += 4;
            return value;
        }

        public byte[] ReadString()
        {
            uint length = ReadUInt32();
            Need(length);
            var value = new byte[length];
            Buffer.BlockCopy(_data, _offset, value, 0, (int)length);
            _offset += (int)length;
            return value;
        }

        public string ReadText() => Encoding.UTF8.GetString(ReadString());

        private void Need(long count)
        {
            if (count > _data.Length - _offset)
            {
                throw new InvalidDataException("SSH message truncated.");
            }
        }
    }

    internal static class SshWireWriter
    {
        public static void WriteUInt32(Stream stream, uint value)
        {
            stream.WriteByte((byte)(value >> 24));
            stream.WriteByte((byte)(value >> 16));
            stream.WriteByte((byte)(value >> 8));
            stream.WriteByte((byte)value);
        }

        public static void WriteString(Stream stream, byte[] value)
        {
            WriteUInt32(stream, (uint)value.Length);
            stream.Write(value, 0, value.Length);
        }
    }
}
