#!/usr/bin/env bash
# Jump-host benchmark (issue 15). Not a test and not run by .ci/run: it needs root and takes a few minutes.
#
#   sudo bench/Measure-JumpFleet.sh [N]          # from the repo root; default N = 200
#
# N nodes behind one bastion. The bastion is a bench-owned sshd (AllowTcpForwarding yes) that this machine reaches
# only through bench/delay_proxy.py (DELAY_MS, default 10, each way: the WAN link to the bastion, as in
# Measure-FleetAudit.sh). Behind it, each node is a distinct 127.0.0.1:<port> of a second delay_proxy.py (no
# delay: the bastion's LAN) in front of one sshd serving tests/fixtures/nodes/kubeadm-current. It measures:
#   cmdlet   Test-CisKubelet421 -ComputerName <N targets> -JumpHost <bastion> -ThrottleLimit 32 (fresh dotnet pwsh)
#   xargs    xargs -P 32 ssh -J <bastion> node 'cat <evidence files>' (OpenSSH: one bastion connection per node)
# and counts the logins the bastion's sshd accepted during each run. Raw output: bench/results/<date>-<host>-jump.txt.
# Environment: BENCH_WORKDIR (default /tmp/kc-bench-jump), DELAY_MS, THROTTLE (32), BASE_PORT (43000), BENCH_MODULE.
# The setup it shares with Measure-FleetAudit.sh is in fleet-common.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
. bench/fleet-common.sh

n=${1:-200}
work=${BENCH_WORKDIR:-/tmp/kc-bench-jump}
delay_ms=${DELAY_MS:-10}
throttle=${THROTTLE:-32}
base_port=${BASE_PORT:-43000}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p bench/results
raw=bench/results/$stamp-$(hostname -s)-jump.txt

[[ $(id -u) -eq 0 ]] || die "run as root (the sshd harness creates the test user)"
for tool in dotnet python3 ssh /usr/sbin/sshd xargs; do command -v "$tool" >/dev/null || die "$tool missing"; done

exec > >(tee "$raw") 2>&1
echo "# Measure-JumpFleet $stamp  N=$n delay=${delay_ms}ms/way to the bastion, throttle=$throttle"
bench_machine
echo "# tools: $(ssh -V 2>&1), dotnet $(dotnet --version), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"

bench_module

mkdir -p "$work" && chmod 0755 "$work"
trap bench_cleanup EXIT

bench_user_and_key
node_port=$((base_port - 1))
bastion_port=$((base_port - 2))
wan_port=$((base_port - 3))
bench_sshd node "$node_port" no INFO
bench_sshd bastion "$bastion_port" yes INFO
bench_node_tree
bench_proxy wan.out "127.0.0.1:$bastion_port" "$wan_port" 1 "$delay_ms"
bench_proxy lan.out "127.0.0.1:$node_port" "$base_port" "$n" 0

known=$work/known_hosts
printf '[127.0.0.1]:%d %s\n' "$wan_port" "$(cut -d' ' -f1-2 "$work/bastion_host_key.pub")" >"$known"
targets=$work/targets.txt
: >"$targets"
for ((i = 0; i < n; i++)); do
  printf '[127.0.0.1]:%d %s\n' $((base_port + i)) "$(cut -d' ' -f1-2 "$work/node_host_key.pub")" >>"$known"
  echo "kcsudo@127.0.0.1:$((base_port + i))" >>"$targets"
done
jump="kcsudo@127.0.0.1:$wan_port"

# ssh passes -F on to the ssh it runs for the jump host, so the bastion gets the same key and known_hosts.
cat >"$work/ssh_config" <<CONF
Host *
  IdentityFile $work/id_ed25519
  IdentitiesOnly yes
  BatchMode yes
  UserKnownHostsFile $known
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  ConnectTimeout 30
CONF
export SSH_OPTS="-F $work/ssh_config -J $jump" REMOTE="cd $node && cat $evidence_files && echo KC-OK"

logins() { grep -c 'Accepted publickey' "$work/bastion-sshd.log" || true; }
bench/ssh-node.sh "$(head -1 "$targets")" | grep -q KC-OK || die "ssh -J through the bastion failed"
dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'" >/dev/null

out=$work/out && mkdir -p "$out"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(logins)
r_cmdlet=$(python3 bench/measure.py cmdlet "$out/cmdlet.txt" -- dotnet pwsh -NoProfile -NonInteractive -File bench/Invoke-CmdletRun.ps1 \
  -ModulePath "$module" -TargetsFile "$targets" -KeyFile "$work/id_ed25519" -KnownHosts "$known" -Root "$node" \
  -ThrottleLimit "$throttle" -JumpHost "$jump")
cmdlet_logins=$(( $(logins) - before ))
echo "$r_cmdlet $(grep -o 'import_s=.*' "$out/cmdlet.txt") bastion_logins=$cmdlet_logins"

echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(logins)
r_xargs=$(python3 bench/measure.py xargs "$out/xargs.txt" -- xargs -a "$targets" -P "$throttle" -n 1 bench/ssh-node.sh)
xargs_logins=$(( $(logins) - before ))
echo "$r_xargs ok=$(grep -c '^KC-OK$' "$out/xargs.txt" || true) bastion_logins=$xargs_logins"

python3 - "$r_cmdlet" "$r_xargs" "$n" "$cmdlet_logins" "$xargs_logins" <<'PY'
import json, sys
c, x = json.loads(sys.argv[1]), json.loads(sys.argv[2])
n = int(sys.argv[3])
print()
print("| N | tool | wall s | nodes/s | peak RSS, process tree MiB | bastion logins | wall / OpenSSH wall |")
print("|---:|---|---:|---:|---:|---:|---:|")
for r, logins in ((c, sys.argv[4]), (x, sys.argv[5])):
    print("| %d | %s | %.1f | %.1f | %.0f | %s | %.2f |" % (n, r["label"], r["wall_s"], n / r["wall_s"], r["tree_rss_kb"] / 1024, logins, r["wall_s"] / x["wall_s"]))
PY
