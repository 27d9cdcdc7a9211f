using System;
using System.IO;
using System.Threading;

namespace KubeletCompliance.Transports.Shell
{
    /// <summary>
    /// Reads a command's output streams under one shared byte limit. Past the limit it stops reading, cancels the
    /// operation and says so, so a node that streams endlessly costs at most the limit in memory.
    /// </summary>
    public sealed class OutputCap
    {
        private readonly long _limit;
        private readonly CancellationTokenSource _stop;
        private long _total;

        public OutputCap(long limit, CancellationTokenSource stop)
        {
            _limit = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit));
            _stop = stop ?? throw new ArgumentNullException(nameof(stop));
        }

        /// <summary>True once the streams together carried more than the limit.</summary>
        public bool Exceeded { get; private set; }

        /// <summary>Everything <paramref name="stream"/> gives until its end, or what arrived before the limit was passed or the stream failed.</summary>
        public byte[] ReadAll(Stream stream)
        {
            var kept = new MemoryStream();
            var buffer = new byte[16384];
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (Interlocked.Add(ref _total, read) > _limit)
                    {
                        Exceeded = true;
                        _stop.Cancel();
                        break;
                    }

                    kept.Write(buffer, 0, read);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                // The channel went away under the read (the operation was abandoned); the caller reports why.
            }

            return kept.ToArray();
        }
    }
}
