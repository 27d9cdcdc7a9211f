using KubeletCompliance.Core.Tests.Support;
using Xunit;

namespace KubeletCompliance.Core.Tests.Resolution
{
    /// <summary>Where a restarted kubelet is checked: healthz as its own configuration places it.</summary>
    public class HealthzTests
    {
        [Fact]
        public void Default_IsLoopbackPort10248() =>
            Assert.Equal("http://127.0.0.1:10248/healthz", Resolve.Node(new InMemoryNode().Unit("/usr/bin/kubelet --anonymous-auth=false")).Effective.HealthzUrl);

        [Fact]
        public void ConfigFile_ThenDropIn_ThenFlag_EachOverride()
        {
            var node = new InMemoryNode()
                .Unit("/usr/bin/kubelet --config=/c.yaml --config-dir=/d")
                .Config("/c.yaml", "healthzBindAddress: 127.0.0.2\nhealthzPort: 10300\n")
                .Config("/d/10.conf", "healthzPort: 10400\n");
            Assert.Equal("http://127.0.0.2:10400/healthz", Resolve.Node(node).Effective.HealthzUrl);

            node.Unit("/usr/bin/kubelet --config=/c.yaml --config-dir=/d --healthz-port=10500");
            Assert.Equal("http://127.0.0.2:10500/healthz", Resolve.Node(node).Effective.HealthzUrl);
        }

        [Fact]
        public void WildcardBindAddress_IsReachedOnLoopback() =>
            Assert.Equal("http://[::1]:10248/healthz", Resolve.Node(new InMemoryNode().Unit("/usr/bin/kubelet --healthz-bind-address=::")).Effective.HealthzUrl);

        [Fact]
        public void PortZero_TurnsHealthzOff() =>
            Assert.Null(Resolve.Node(new InMemoryNode().Unit("/usr/bin/kubelet --config=/c.yaml").Config("/c.yaml", "healthzPort: 0\n")).Effective.HealthzUrl);
    }
}
