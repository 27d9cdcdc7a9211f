using System.Linq;
using System.Text;
using KubeletCompliance.Core.Distributions;
using KubeletCompliance.Core.Evidence;
using KubeletCompliance.Core.Processes;
using Xunit;

namespace KubeletCompliance.Core.Tests.Processes
{
    /// <summary>The one reading of /proc every transport hands its bytes to.</summary>
    public class ProcfsTests
    {
        private static NodeProcess Parse(string cgroup = null, string status = null, string stat = null, ProcClock clock = null, bool live = false, FileOwnership exe = null) =>
            Procfs.Parse(
                new ProcessFiles(42)
                {
                    Comm = Bytes("kubelet\n"),
                    Cmdline = Bytes("/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0"),
                    Cgroup = cgroup == null ? null : Bytes(cgroup),
                    Status = status == null ? null : Bytes(status),
                    Stat = stat == null ? null : Bytes(stat),
                    Executable = exe,
                },
                clock ?? new ProcClock(null, 100),
                live);

        private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

        private const string RootStatus = "Name:\tkubelet\nUmask:\t0022\nState:\tS (sleeping)\nPid:\t42\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n";

        [Theory]
        [InlineData("0::/system.slice/kubelet.service\n", "/system.slice/kubelet.service")]
        [InlineData("12:pids:/system.slice/kubelet.service\n1:name=systemd:/system.slice/kubelet.service\n0::/\n", "/system.slice/kubelet.service")]
        [InlineData("4:cpu,cpuacct:/kubepods\n1:name=systemd:/system.slice/k3s.service\n", "/system.slice/k3s.service")]
        [InlineData("0::/../../system.slice/kubelet.service\n", "/system.slice/kubelet.service")]
        [InlineData("0::/\n", "/")]
        [InlineData("garbage", null)]
        public void Control_group_v1_v2_and_the_cgroup_namespace_form(string cgroup, string expected)
        {
            Assert.Equal(expected, Parse(cgroup).Identity.ControlGroup);
        }

        [Fact]
        public void Uids_come_from_the_status_Uid_line()
        {
            var identity = Parse(status: "Name:\tx\nUid:\t1001\t0\t0\t0\nGid:\t5\t5\t5\t5\n").Identity;
            Assert.Equal(1001, identity.RealUid);
            Assert.Equal(0, identity.EffectiveUid);
        }

        [Fact]
        public void Start_time_uses_the_nodes_clock_tick_rate_not_a_fixed_100()
        {
            // Field 22 is 25000 ticks: 100 s at 250 Hz, 250 s at 100 Hz.
            string stat = "42 (kube let)) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 25000 0 0\n";
            var process = Parse(stat: stat, clock: new ProcClock(1700000000, 250));
            Assert.Equal(1700000000 + 100, process.StartTime.Value.ToUnixTimeSeconds());
        }

        [Theory]
        [InlineData("0::/system.slice/kubelet.service\n", "Uid:\t1001\t1001\t1001\t1001\n", true)]
        [InlineData("0::/system.slice/snap.microk8s.daemon-kubelite.service\n", "Uid:\t1001\t1001\t1001\t1001\n", true)]
        [InlineData("0::/user.slice/user-1001.slice/user@1001.service/app.slice/kubelet.service\n", "Uid:\t1001\t1001\t1001\t1001\n", false)]
        [InlineData("0::/user.slice/user-1001.slice/session-2.scope\n", "Uid:\t1001\t1001\t1001\t1001\n", false)]
        [InlineData("0::/user.slice/user-0.slice/session-1.scope\n", RootStatus, true)]
        [InlineData("0::/system.slice/cron.service\n", "Uid:\t1001\t0\t0\t0\n", false)]
        [InlineData(null, null, false)]
        public void A_process_is_trusted_in_a_kubelet_service_or_as_root(string cgroup, string status, bool trusted)
        {
            var process = Parse(cgroup, status);
            Assert.Equal(trusted, KubeletProcessTrust.Distrust(process, KubeletLayouts.Services) == null);
        }

        [Theory]
        [InlineData(0, 0x1ed, true)]   // root:root 0755
        [InlineData(1001, 0x1ed, false)]
        [InlineData(0, 0x1ff, false)]  // 0777
        [InlineData(0, 0x1fd, false)]  // 0775
        public void On_a_live_node_a_root_process_also_needs_an_executable_only_root_can_change(int owner, int mode, bool trusted)
        {
            var process = Parse("0::/user.slice/user-0.slice/session-1.scope\n", RootStatus, live: true, exe: new FileOwnership(owner, mode));
            Assert.Equal(trusted, KubeletProcessTrust.Distrust(process, KubeletLayouts.Services) == null);
        }

        [Fact]
        public void The_kubelet_services_include_every_layouts()
        {
            Assert.Equal(
                new[] { "kubelet.service", "k3s.service", "k3s-agent.service", "rke2-server.service", "rke2-agent.service", "snap.microk8s.daemon-kubelite.service", "snap.microk8s.daemon-kubelet.service" }.OrderBy(s => s),
                KubeletLayouts.Services.OrderBy(s => s));
        }
    }
}
