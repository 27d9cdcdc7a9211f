using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KubeletCompliance.Transports.NodePods;

namespace KubeletCompliance.Cluster.NodePods
{
    /// <summary>
    /// Sits under the Kubernetes client: a 429 is waited out for as long as Retry-After says (capped, and at most
    /// <see cref="MaxAttempts"/> times), and a lost connection (an API server restarting) is retried with growing
    /// pauses; everything is counted in <see cref="ApiTraffic"/>. Exec is left alone: it is not a plain request.
    /// </summary>
    internal sealed class ApiRetryHandler : DelegatingHandler
    {
        public const int MaxAttempts = 8;
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);
        private readonly ApiTraffic _traffic;

        public ApiRetryHandler(ApiTraffic traffic)
        {
            _traffic = traffic;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            for (int attempt = 1; ; attempt++)
            {
                HttpRequestMessage sent = attempt == 1 ? request : Copy(request, body);
                _traffic.CountRequest();
                HttpResponseMessage response;
                try
                {
                    response = await base.SendAsync(sent, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
                {
                    _traffic.CountRetry();
                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if ((int)response.StatusCode != 429 && response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt >= MaxAttempts)
                {
                    return response;
                }

                TimeSpan wait = RetryAfter(response) ?? Backoff(attempt);
                if ((int)response.StatusCode == 429)
                {
                    _traffic.CountThrottled();
                }
                else
                {
                    _traffic.CountRetry();
                }

                response.Dispose();
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>0.25 s, 0.5 s, 1 s ... up to 8 s: eight attempts span about 30 s, longer than an API server takes to restart.</summary>
        internal static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(8000, 250 << Math.Min(attempt - 1, 5)));

        internal static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            TimeSpan? wait = header?.Delta ?? (header?.Date - DateTimeOffset.UtcNow);
            if (wait == null)
            {
                return null;
            }

            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;
        }

        private static HttpRequestMessage Copy(HttpRequestMessage request, byte[] body)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            if (body != null)
            {
                copy.Content = new ByteArrayContent(body);
                foreach (var header in request.Content.Headers)
                {
                    copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return copy;
        }
    }
}
