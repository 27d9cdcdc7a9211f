using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Transports.Shell;
using KubeletCompliance.Transports.Ssh;
using Xunit;

namespace KubeletCompliance.Transports.Tests.Ssh
{
    /// <summary>Endpoints and nodes that stall or flood: each ends within its deadline or cap, and Ctrl+C ends it at once.</summary>
    [Collection(SshdCollection.Name)]
    public class StallingNodeTests
    {
        private readonly SshdFixture _sshd;

        public StallingNodeTests(SshdFixture sshd)
        {
            _sshd = sshd;
        }

        [Fact]
        public async Task Endpoint_trickling_a_byte_a_second_before_the_banner_fails_at_the_connect_deadline()
        {
            using (var endpoint = new TricklingEndpoint())
            {
                SshConnectionOptions options = Options(endpoint, TimeSpan.FromSeconds(3));
                Stopwatch clock = Stopwatch.StartNew();

                NodeAccessException ex = await Finish(() => SshConnection.Open(options), TimeSpan.FromSeconds(30));

                Assert.Equal(NodeAccessError.ConnectTimeout, ex.Error);
                Assert.Contains("did not complete within", ex.Message);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "took " + clock.Elapsed);
            }
        }

        [Fact]
        public async Task Ctrl_C_ends_a_trickling_handshake_at_once()
        {
            using (var endpoint = new TricklingEndpoint())
            using (var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                SshConnectionOptions options = Options(endpoint, TimeSpan.FromMinutes(10));
                Stopwatch clock = Stopwatch.StartNew();

                Assert.IsAssignableFrom<OperationCanceledException>(await Failure(() => SshConnection.Open(options, ctrlC.Token), TimeSpan.FromSeconds(30)));

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), "took " + clock.Elapsed);
            }
        }

        [SshdFact]
        public async Task Command_trickling_output_forever_fails_at_the_operation_deadline()
        {
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.OperationTimeout = TimeSpan.FromSeconds(3);
            using (SshConnection connection = SshConnection.Open(options))
            {
                Stopwatch clock = Stopwatch.StartNew();

                NodeAccessException ex = await Finish(() => connection.Run("while :; do printf x; sleep 1; done", null, false, CancellationToken.None), TimeSpan.FromSeconds(30));

                Assert.Equal(NodeAccessError.OperationTimeout, ex.Error);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "took " + clock.Elapsed);
            }
        }

        [SshdFact]
        public async Task Ctrl_C_ends_a_running_command_at_once()
        {
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.OperationTimeout = TimeSpan.FromMinutes(10);
            using (var ctrlC = new CancellationTokenSource())
            using (SshConnection connection = SshConnection.Open(options, ctrlC.Token))
            {
                ctrlC.CancelAfter(TimeSpan.FromSeconds(1));
                Stopwatch clock = Stopwatch.StartNew();

                Assert.IsAssignableFrom<OperationCanceledException>(await Failure(() => connection.Run("sleep 600", null, false, CancellationToken.None), TimeSpan.FromSeconds(30)));

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), "took " + clock.Elapsed);
            }
        }

        [SshdFact]
        public async Task Node_streaming_endless_output_is_failed_with_OutputTooLarge_and_memory_stays_bounded()
        {
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.OperationTimeout = TimeSpan.FromSeconds(60);
            options.MaxOutputBytes = 1024 * 1024;
            using (SshConnection connection = SshConnection.Open(options))
            {
                long allocatedBefore = GC.GetTotalAllocatedBytes(true);
                Stopwatch clock = Stopwatch.StartNew();

                NodeAccessException ex = await Finish(() => connection.Run("yes kubelet", null, false, CancellationToken.None), TimeSpan.FromSeconds(90));

                long allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
                Assert.Equal(NodeAccessError.OutputTooLarge, ex.Error);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "took " + clock.Elapsed);
                Assert.True(allocated < 256L * 1024 * 1024, "allocated " + allocated + " bytes");
                var next = Assert.Throws<NodeAccessException>(() => connection.Run("true", null, false, CancellationToken.None));
                Assert.Equal(NodeAccessError.RemoteCommandFailed, next.Error);
            }
        }

        [SshdFact]
        public async Task Node_flooding_standard_error_is_failed_with_OutputTooLarge()
        {
            SshConnectionOptions options = _sshd.Options("kcnone");
            options.MaxOutputBytes = 1024 * 1024;
            using (SshConnection connection = SshConnection.Open(options))
            {
                NodeAccessException ex = await Finish(() => connection.Run("yes kubelet >&2", null, false, CancellationToken.None), TimeSpan.FromSeconds(90));

                Assert.Equal(NodeAccessError.OutputTooLarge, ex.Error);
            }
        }

        /// <summary>A login to the trickling endpoint, which never gets as far as checking a host key or a password.</summary>
        private static SshConnectionOptions Options(TricklingEndpoint endpoint, TimeSpan connectTimeout) => new SshConnectionOptions
        {
            HostName = "127.0.0.1",
            Port = endpoint.Port,
            UserName = "nobody",
            Password = "unused",
            HostKeyPolicy = HostKeyPolicy.Skip,
            ConnectTimeout = connectTimeout,
        };

        private static async Task<NodeAccessException> Finish(Action action, TimeSpan limit) =>
            Assert.IsType<NodeAccessException>(await Failure(action, limit));

        /// <summary>Runs <paramref name="action"/> on another thread so a hang fails the test instead of stalling the run; it must fail.</summary>
        private static async Task<Exception> Failure(Action action, TimeSpan limit)
        {
            Task running = Task.Run(action);
            Assert.True(await Task.WhenAny(running, Task.Delay(limit)) == running, "still running after " + limit);
            Assert.True(running.IsFaulted, "did not fail");
            return running.Exception.InnerException;
        }
    }
}
