using KubeletCompliance.Core.Live;

namespace KubeletCompliance.Transports.Live
{
    /// <summary>The answer of one unauthenticated request to a kubelet's port.</summary>
    public sealed class ProbeResult
    {
        internal ProbeResult(string address, int port, string uri, int? statusCode, string statusText, ProbeVerdict verdict, string detail)
        {
            Address = address;
            Port = port;
            Uri = uri;
            StatusCode = statusCode;
            StatusText = statusText;
            Verdict = verdict;
            Detail = detail;
        }

        /// <summary>The address as the caller gave it.</summary>
        public string Address { get; }
        public int Port { get; }
        /// <summary>The URL that was requested, IPv6 literals bracketed.</summary>
        public string Uri { get; }
        /// <summary>The HTTP status; null when no HTTP answer came.</summary>
        public int? StatusCode { get; }
        /// <summary>The status as digits ("401"), or the failure: ConnectionRefused, Timeout, TlsError, ConnectionClosed, MalformedResponse, or another socket error name.</summary>
        public string StatusText { get; }
        public ProbeVerdict Verdict { get; }
        /// <summary>The HTTP reason phrase or the exception message, for the report.</summary>
        public string Detail { get; }

        public override string ToString() => Uri + " " + StatusText + " " + Verdict;
    }
}
