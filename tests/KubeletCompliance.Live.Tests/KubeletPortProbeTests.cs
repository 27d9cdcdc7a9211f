using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using KubeletCompliance.Core.Live;
using KubeletCompliance.Transports.Live;
using KubeletCompliance.StandIns;
using Xunit;

namespace KubeletCompliance.Live.Tests
{
    public sealed class KubeletPortProbeTests : IClassFixture<TestCertificateAuthority>
    {
        private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
        private readonly TestCertificateAuthority _pki;

        public KubeletPortProbeTests(TestCertificateAuthority pki)
        {
            _pki = pki;
        }

        [Fact]
        public async Task Kubelet_with_anonymous_disabled_is_Rejected()
        {
            await using var kubelet = await KubeletStandIn.StartAsync(KubeletAuthMode.AnonymousDisabled, _pki);

            ProbeResult result = await KubeletPortProbe.ProbeAsync("127.0.0.1", kubelet.Port, Generous);

            Assert.Equal(ProbeVerdict.Rejected, result.Verdict);
            Assert.Equal(401, result.StatusCode);
            Assert.Equal("401", result.StatusText);
            Assert.Equal("https://127.0.0.1:" + kubelet.Port + "/healthz", result.Uri);
        }

        [Fact]
        public async Task Kubelet_with_anonymous_enabled_and_webhook_authorization_is_AnonymousForbidden()
        {
            await using var kubelet = await KubeletStandIn.StartAsync(KubeletAuthMode.AnonymousWithWebhook, _pki);

            ProbeResult result = await KubeletPortProbe.ProbeAsync("127.0.0.1", kubelet.Port, Generous);

            Assert.Equal(ProbeVerdict.AnonymousForbidden, result.Verdict);
            Assert.Equal(403, result.StatusCode);
        }

        [Fact]
        public async Task Kubelet_with_anonymous_enabled_and_AlwaysAllow_is_AnonymousAllowed_through_the_blocking_call_too()
        {
            await using var kubelet = await KubeletStandIn.StartAsync(KubeletAuthMode.AnonymousWithAlwaysAllow, _pki);

            ProbeResult result = KubeletPortProbe.Probe("127.0.0.1", kubelet.Port, Generous);

            Assert.Equal(ProbeVerdict.AnonymousAllowed, result.Verdict);
            Assert.Equal(200, result.StatusCode);
        }

        [Fact]
        public async Task A_500_naming_system_anonymous_shows_anonymous_was_authenticated()
        {
            await using var kubelet = await KubeletStandIn.StartAsync(KubeletAuthMode.AnonymousWithFailingWebhook, _pki);

            ProbeResult result = await KubeletPortProbe.ProbeAsync("127.0.0.1", kubelet.Port, Generous);

            Assert.Equal(ProbeVerdict.AnonymousForbidden, result.Verdict);
            Assert.Equal(500, result.StatusCode);
        }

        [Fact]
        public async Task IPv6_literal_is_bracketed_and_probed()
        {
            await using var kubelet = await KubeletStandIn.StartAsync(KubeletAuthMode.AnonymousDisabled, _pki, IPAddress.IPv6Loopback);

            ProbeResult plain = await KubeletPortProbe.ProbeAsync("::1", kubelet.Port, Generous);
            ProbeResult bracketed = await KubeletPortProbe.ProbeAsync("[::1]", kubelet.Port, Generous);

            Assert.Equal("https://[::1]:" + kubelet.Port + "/healthz", plain.Uri);
            Assert.Equal(ProbeVerdict.Rejected, plain.Verdict);
            Assert.Equal(ProbeVerdict.Rejected, bracketed.Verdict);
        }

        [Fact]
        public async Task Closed_port_is_Unreachable_with_ConnectionRefused_not_a_timeout()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            ProbeResult result = await KubeletPortProbe.ProbeAsync("127.0.0.1", closedPort, Generous);

            Assert.Equal(ProbeVerdict.Unreachable, result.Verdict);
            Assert.Null(result.StatusCode);
            Assert.Equal("ConnectionRefused", result.StatusText);
        }

        [Fact]
        public async Task Server_that_accepts_but_never_answers_is_Unreachable_once_the_timeout_passes()
        {
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                var timeout = TimeSpan.FromSeconds(1);
                var clock = Stopwatch.StartNew();

                ProbeResult result = await KubeletPortProbe.ProbeAsync("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, timeout);

                Assert.Equal(ProbeVerdict.Unreachable, result.Verdict);
                Assert.Equal("Timeout", result.StatusText);
                Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(5), "the probe took " + clock.Elapsed);
            }
            finally
            {
                silent.Stop();
            }
        }

        [Fact]
        public async Task Plain_HTTP_on_the_port_is_a_TlsError()
        {
            var plain = new TcpListener(IPAddress.Loopback, 0);
            plain.Start();
            Task answering = Task.Run(async () =>
            {
                using TcpClient connection = await plain.AcceptTcpClientAsync();
                byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                await connection.GetStream().WriteAsync(answer);
            });
            try
            {
                ProbeResult result = await KubeletPortProbe.ProbeAsync("127.0.0.1", ((IPEndPoint)plain.LocalEndpoint).Port, Generous);

                Assert.Equal(ProbeVerdict.Unreachable, result.Verdict);
                Assert.Equal("TlsError", result.StatusText);
            }
            finally
            {
                await answering;
                plain.Stop();
            }
        }
    }
}
