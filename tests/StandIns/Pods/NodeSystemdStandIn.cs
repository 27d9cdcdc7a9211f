using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace KubeletCompliance.StandIns.Pods
{
    /// <summary>
    /// What a node pod reaches when it enters the host's namespaces (nsenter -t 1): the node's systemd as far as the
    /// kubelet goes, and the kubelet's healthz on the host's loopback. The node is a fixture tree, so the host's
    /// programs are sh scripts in the image under /.standin that act on the tree (at $STANDIN_HOST, the pod's host
    /// mount): systemctl journals every call and keeps each unit's state in the tree's /run/standin-systemd, a restart
    /// takes the kubelet down for a second (the API server then refuses exec on the node and cuts the stream that asked
    /// for it), and healthz answers ok once it is back. nsenter works only for a pod the kernel would let enter PID 1's
    /// namespaces: hostPID with CAP_SYS_ADMIN and CAP_SYS_CHROOT (or privileged); otherwise it fails as setns does.
    /// </summary>
    public static class NodeSystemdStandIn
    {
        /// <summary>The folder of the node tree where the stand-in's systemd keeps the units' state and its journal.</summary>
        public const string StateFolder = "run/standin-systemd";

        private const string NsenterAllowed = @"#!/bin/sh
# nsenter -t 1 [-m] [-n] [-u -i -p] [--] command...: -m finds the host's programs first, -n reaches the host's loopback.
target= path=
while [ $# -gt 0 ]; do
  case $1 in
    -t) target=$2; shift 2 ;;
    -m) path=/.standin/host:$path; shift ;;
    -n) path=/.standin/hostnet:$path; shift ;;
    -u|-i|-p) shift ;;
    --) shift; break ;;
    -*) echo ""nsenter: unrecognized option '$1'"" >&2; exit 1 ;;
    *) break ;;
  esac
done
if [ ""$target"" != 1 ]; then echo 'nsenter: the stand-in enters PID 1 only' >&2; exit 1; fi
PATH=$path$PATH exec ""$@""
";

        private const string NsenterDenied = @"#!/bin/sh
echo 'nsenter: setns(): Operation not permitted' >&2
exit 1
";

        private const string Systemctl = @"#!/bin/sh
h=$STANDIN_HOST s=$STANDIN_HOST/" + StateFolder + @"
mkdir -p ""$s""
echo ""$*"" >> ""$s/journal""
now=$(date +%s)
command=$1; shift
block=1
while [ $# -gt 0 ]; do
  case $1 in --no-block) block= ;; --) ;; -*) ;; *) break ;; esac
  shift
done
unit=$1
state() { cat ""$s/$unit.state"" 2>/dev/null || echo 'active 0'; }
case $command in
  daemon-reload) exit 0 ;;
  is-active)
    set -- $(state)
    if [ ""$1"" = starting ] && [ ""$now"" -ge ""$2"" ]; then set -- active; fi
    case $1 in active) echo active; exit 0 ;; starting) echo activating; exit 3 ;; *) echo failed; exit 3 ;; esac ;;
  restart)
    found=
    for d in etc/systemd/system run/systemd/system usr/lib/systemd/system lib/systemd/system; do
      if [ -f ""$h/$d/$unit"" ]; then found=1; fi
    done
    if [ -z ""$found"" ]; then echo ""Failed to restart $unit: Unit $unit not found."" >&2; exit 5; fi
    if [ -e ""$s/$unit.fails"" ]; then
      echo ""failed $now"" > ""$s/$unit.state""
      if [ -n ""$block"" ]; then echo ""Job for $unit failed because the control process exited with error code."" >&2; exit 1; fi
    else
      echo ""starting $((now + 1))"" > ""$s/$unit.state""
    fi
    exit 0 ;;
  *) echo ""Unknown command verb $command."" >&2; exit 1 ;;
esac
";

        private const string HostWget = @"#!/bin/sh
# wget on the host's loopback: only the kubelet's healthz listens there, and only while every kubelet unit is up.
for url; do :; done
case $url in
  http://127.0.0.1:*/healthz|http://localhost:*/healthz|http://\[::1\]:*/healthz) ;;
  *) echo ""wget: can't connect to remote host: Connection refused"" >&2; exit 1 ;;
esac
now=$(date +%s)
for f in ""$STANDIN_HOST/" + StateFolder + @"""/*.state; do
  [ -e ""$f"" ] || continue
  set -- $(cat ""$f"")
  if [ ""$1"" = failed ] || { [ ""$1"" = starting ] && [ ""$now"" -lt ""$2"" ]; }; then
    echo ""wget: can't connect to remote host (127.0.0.1): Connection refused"" >&2; exit 1
  fi
done
echo ok
";

        /// <summary>Puts the host's programs and both nsenter variants into the image; /bin/nsenter is where one of them is mounted per exec.</summary>
        public static void Install(string imageRoot)
        {
            Write(imageRoot, ".standin/nsenter-allowed", NsenterAllowed);
            Write(imageRoot, ".standin/nsenter-denied", NsenterDenied);
            Write(imageRoot, ".standin/host/systemctl", Systemctl);
            Write(imageRoot, ".standin/hostnet/wget", HostWget);
            File.Delete(Path.Combine(imageRoot, "bin", "nsenter"));
            File.WriteAllText(Path.Combine(imageRoot, "bin", "nsenter"), string.Empty);
        }

        /// <summary>Whether the kernel would let this container setns into PID 1's mount and network namespaces.</summary>
        public static bool MayEnterHost(JsonObject pod, JsonObject container)
        {
            if (pod["spec"]?["hostPID"]?.GetValue<bool>() != true)
            {
                return false;
            }

            JsonNode security = container["securityContext"];
            if (security?["privileged"]?.GetValue<bool>() == true)
            {
                return true;
            }

            var added = security?["capabilities"]?["add"]?.AsArray().Select(c => c.GetValue<string>().Replace("CAP_", string.Empty)).ToList();
            return added != null && added.Contains("SYS_ADMIN") && added.Contains("SYS_CHROOT");
        }

        /// <summary>True while a kubelet unit of the node is restarting or failed: its exec streams are gone, healthz refuses.</summary>
        public static bool KubeletDown(string root)
        {
            foreach (string[] state in States(root))
            {
                if (state[0] == "failed" || (state[0] == "starting" && long.TryParse(state[1], out long ready) && DateTimeOffset.UtcNow.ToUnixTimeSeconds() < ready))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>When a kubelet unit of the node was last restarted through the stand-in's systemctl; null when never.</summary>
        public static DateTime? LastRestart(string root)
        {
            string folder = root == null ? null : Path.Combine(root, StateFolder);
            if (folder == null || !Directory.Exists(folder))
            {
                return null;
            }

            var times = Directory.GetFiles(folder, "*.state").Select(File.GetLastWriteTimeUtc).ToList();
            return times.Count == 0 ? null : times.Max();
        }

        private static System.Collections.Generic.IEnumerable<string[]> States(string root)
        {
            string folder = root == null ? null : Path.Combine(root, StateFolder);
            if (folder == null || !Directory.Exists(folder))
            {
                yield break;
            }

            foreach (string file in Directory.GetFiles(folder, "*.state"))
            {
                string[] words = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (words.Length == 2)
                {
                    yield return words;
                }
            }
        }

        private static void Write(string root, string path, string text)
        {
            string file = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file));
            File.WriteAllText(file, text.Replace("\r\n", "\n"));
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
