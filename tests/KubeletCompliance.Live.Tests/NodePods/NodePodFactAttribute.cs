using System;
using System.IO;
using Xunit;

namespace KubeletCompliance.Live.Tests.NodePods
{
    /// <summary>
    /// The stand-in runs exec'd commands under busybox in a private mount namespace, which needs root and Debian's
    /// busybox-static. Skipped without them on a developer machine; under CI=true their absence fails the test.
    /// </summary>
    public sealed class NodePodFactAttribute : FactAttribute
    {
        public NodePodFactAttribute()
        {
            Skip = SkipReason;
        }

        public static string SkipReason =>
            (Environment.UserName == "root" && File.Exists("/bin/busybox")) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                ? null
                : "Node pod tests need root (unshare -m, mount) and /bin/busybox (apt-get install -y busybox-static); skipped. With CI=true they fail instead.";
    }
}
