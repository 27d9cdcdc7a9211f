#!/usr/bin/env bash
# Fleet-audit benchmark (issue 4). Not a test, and deliberately not run by .ci/run: it takes minutes, needs
# root, installs nothing but expects ansible, and its figures depend on the machine.
#
#   sudo bench/Measure-FleetAudit.sh [N ...]          # from the repo root; default N = 50 500
#
# Every simulated node is a distinct target kcsudo@127.0.0.1:<port>; bench/delay_proxy.py listens on one port
# per node and forwards to one loopback sshd after holding each chunk DELAY_MS (default 10) each way, so a
# round trip costs ~20 ms. Each node serves the fixture tree tests/fixtures/nodes/kubeadm-current. For each N
# it measures, one after the other:
#   cmdlet   Test-CisKubelet421 -ComputerName <N targets> -ThrottleLimit 32, in a fresh "dotnet pwsh"
#   seq      a bash loop of OpenSSH "ssh node 'cat <evidence files>'", one node after another
#   xargs    the same ssh commands under xargs -P 32 (one connection per node; the practical lower bound)
#   ansible  ansible -f 32 -m shell -a 'cat <evidence files>' (Debian's package)
# and prints wall time, nodes/s, peak memory and the ratios. Raw output goes to bench/results/<date>-<host>.txt.
#
# Needs: root (the sshd harness creates test users), openssh-server, sudo, python3, /usr/bin/time (apt: time),
# ansible (apt), dotnet; the module is built first when out/ has none. Environment: BENCH_WORKDIR (default
# /tmp/kc-bench), DELAY_MS, THROTTLE (32), BASE_PORT (41000), SEQ_SAMPLE (100), ANSIBLE_SAMPLE (250), BENCH_MODULE
# (the module's .psd1; default the one in out/). The setup it shares with Measure-JumpFleet.sh is in fleet-common.sh.
#
# To keep a full run near 10 minutes on 2 cores, the two slow baselines run on the first SEQ_SAMPLE and
# ANSIBLE_SAMPLE nodes when N is larger, and their wall time is scaled to N (marked * in the table): a
# sequential loop's time is linear in N by construction, and ansible -f 32 is in steady state after its first
# batch. Peak memory for a sampled run is that of the sample. Set both to N (or larger) to measure everything.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
. bench/fleet-common.sh

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(50 500)
work=${BENCH_WORKDIR:-/tmp/kc-bench}
delay_ms=${DELAY_MS:-10}
throttle=${THROTTLE:-32}
base_port=${BASE_PORT:-41000}
seq_sample=${SEQ_SAMPLE:-100}
ansible_sample=${ANSIBLE_SAMPLE:-250}
max_n=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)
stamp=$(date -u +%Y-%m-%dT%H%MZ)
results_dir=$repo/bench/results
mkdir -p "$results_dir"
raw=$results_dir/$stamp-$(hostname -s).txt

[[ $(id -u) -eq 0 ]] || die "run as root (the sshd harness creates test users)"
for tool in dotnet python3 ssh /usr/sbin/sshd /usr/bin/time ansible xargs; do
  command -v "$tool" >/dev/null || die "$tool missing (apt-get install -y openssh-server time ansible)"
done

exec > >(tee "$raw") 2>&1
echo "# Measure-FleetAudit $stamp  sizes=${sizes[*]} delay=${delay_ms}ms/way throttle=$throttle"
bench_machine
echo "# tools: $(ssh -V 2>&1), $(ansible --version 2>/dev/null | awk 'NR == 1'), dotnet $(dotnet --version), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"

bench_module

# --- servers ---------------------------------------------------------------------------------------------------
mkdir -p "$work"
chmod 0755 "$work"
trap bench_cleanup EXIT

bench_user_and_key
KEY_ED25519=$work/id_ed25519
sshd_port=$((base_port - 1))
bench_sshd node "$sshd_port" yes ERROR
bench_node_tree
bench_proxy proxy.out "127.0.0.1:$sshd_port" "$base_port" "$max_n" "$delay_ms"

# Host keys are known up front for every tool: a steady-state audit, not first contact.
known=$work/known_hosts
: >"$known"
for ((i = 0; i < max_n; i++)); do
  printf '[127.0.0.1]:%d %s\n' $((base_port + i)) "$(cut -d' ' -f1-2 "$work/node_host_key.pub")" >>"$known"
done

remote="cd $node && cat $evidence_files && echo KC-OK"
ssh_opts=(-F /dev/null -i "$KEY_ED25519" -o BatchMode=yes -o UserKnownHostsFile="$known"
  -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o ConnectTimeout=30)
export SSH_OPTS="${ssh_opts[*]}" REMOTE="$remote"

# Ansible keeps its control sockets and temp files here, not in ~/.ansible.
export ANSIBLE_HOME=$work/ansible ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1 \
  ANSIBLE_DEPRECATION_WARNINGS=False ANSIBLE_SYSTEM_WARNINGS=False ANSIBLE_HOST_KEY_CHECKING=True

measure() { python3 bench/measure.py "$@"; }
# The machine may be shared: the load just before each run says how much CPU the run really had.
load() { echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

# Sanity: one node through the proxy answers, so a failed run below is about load, not setup.
ssh "${ssh_opts[@]}" -p "$base_port" kcsudo@127.0.0.1 "$remote" | grep -q KC-OK || die "ssh through the proxy failed"
# Warm the file cache for pwsh and the module, so the first measured run is not also a cold-disk run.
dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'" >/dev/null

table=$work/table.tsv
: >"$table"
for n in "${sizes[@]}"; do
  echo
  echo "## N = $n"
  targets=$work/targets-$n.txt
  : >"$targets"
  inventory=$work/inventory-$n.ini
  echo "[nodes]" >"$inventory"
  for ((i = 0; i < n; i++)); do
    echo "kcsudo@127.0.0.1:$((base_port + i))" >>"$targets"
    echo "node$i ansible_host=127.0.0.1 ansible_port=$((base_port + i))" >>"$inventory"
  done
  cat >>"$inventory" <<INV
[nodes:vars]
ansible_user=kcsudo
ansible_ssh_private_key_file=$KEY_ED25519
ansible_ssh_common_args='-F /dev/null -o UserKnownHostsFile=$known -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes'
INV

  out=$work/out-$n
  mkdir -p "$out"
  load
  r=$(measure cmdlet "$out/cmdlet.txt" -- dotnet pwsh -NoProfile -NonInteractive -File bench/Invoke-CmdletRun.ps1 \
      -ModulePath "$module" -TargetsFile "$targets" -KeyFile "$KEY_ED25519" -KnownHosts "$known" -Root "$node" -ThrottleLimit "$throttle")
  ok=$(grep -o 'statuses:.*' "$out/cmdlet.txt" | grep -oE '(Pass|Fail)=[0-9]+' | awk -F= '{s += $2} END {print s + 0}')
  echo "$r ok=$ok $(grep -o 'import_s=.*' "$out/cmdlet.txt")"
  echo -e "$n\t$r\t${ok:-0}\t$n" >>"$table"

  # One node after another: the loop a user writes first.
  m=$((n < seq_sample ? n : seq_sample))
  load
  r=$(measure seq "$out/seq.txt" -- bash -c 'head -n "$2" "$1" | while read -r t; do bench/ssh-node.sh "$t"; done' _ "$targets" "$m")
  ok=$(grep -c '^KC-OK$' "$out/seq.txt" || true)
  echo "$r ok=$ok of $m"
  echo -e "$n\t$r\t$ok\t$m" >>"$table"

  load
  r=$(measure xargs "$out/xargs.txt" -- xargs -a "$targets" -P "$throttle" -n 1 bench/ssh-node.sh)
  ok=$(grep -c '^KC-OK$' "$out/xargs.txt" || true)
  echo "$r ok=$ok"
  echo -e "$n\t$r\t$ok\t$n" >>"$table"

  m=$((n < ansible_sample ? n : ansible_sample))
  load
  r=$(measure ansible "$out/ansible.txt" -- ansible "nodes[0:$((m - 1))]" -i "$inventory" -f "$throttle" -o -m shell -a "$remote")
  ok=$(grep -c 'KC-OK' "$out/ansible.txt" || true)
  echo "$r ok=$ok of $m"
  echo -e "$n\t$r\t$ok\t$m" >>"$table"
  # Ansible's ControlPersist masters outlive the run and would hold sshd sessions into the next measurement.
  for sock in "$ANSIBLE_HOME"/cp/*; do [[ -S $sock ]] && ssh -o ControlPath="$sock" -O exit x 2>/dev/null || true; done
done

echo
python3 - "$table" "$throttle" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    n, js, ok, measured = line.rstrip("\n").split("\t")
    r = json.loads(js)
    n, measured = int(n), int(measured)
    # A sampled baseline's rate is what was measured; its time for N nodes is that rate applied to N.
    r.update(ok=int(ok or 0), measured=measured, rate=measured / r["wall_s"], wall_n=r["wall_s"] * n / measured)
    rows.setdefault(n, {})[r["label"]] = r
print("| N | tool | nodes run (ok) | wall s for N | nodes/s | peak RSS, largest process MiB | peak RSS, process tree MiB | wall / cmdlet wall |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
for n in sorted(rows):
    ours = rows[n].get("cmdlet")
    for label in ("cmdlet", "seq", "xargs", "ansible"):
        r = rows[n].get(label)
        if not r:
            continue
        star = "*" if r["measured"] < n else ""
        print("| %d | %s | %d (%d) | %.1f%s | %.1f | %.0f | %.0f | %s |" % (
            n, label, r["measured"], r["ok"], r["wall_n"], star, r["rate"], r["max_rss_kb"] / 1024, r["tree_rss_kb"] / 1024,
            "%.2f" % (r["wall_n"] / ours["wall_n"]) if ours else "-"))
print("* measured on a sample of the nodes and scaled to N (see the script's header)")
print()
for n in sorted(rows):
    o, s, x = (rows[n].get(k) for k in ("cmdlet", "seq", "xargs"))
    if o and s and x:
        print("N=%d: cmdlet is %.1fx as fast as the sequential loop (target >= 10x) and takes %.2fx the time of xargs -P %s (target <= 1.3x)"
              % (n, s["wall_n"] / o["wall_n"], o["wall_n"] / x["wall_n"], sys.argv[2]))
ns = sorted(n for n in rows if "cmdlet" in rows[n])
if len(ns) >= 2:
    a, b = rows[ns[0]]["cmdlet"], rows[ns[-1]]["cmdlet"]
    print("cmdlet peak RSS (largest process): %.0f MiB at N=%d, %.0f MiB at N=%d (%+.0f%%; target: flat)"
          % (a["max_rss_kb"] / 1024, ns[0], b["max_rss_kb"] / 1024, ns[-1], 100.0 * (b["max_rss_kb"] / a["max_rss_kb"] - 1)))
PY
echo "# raw output: $raw"
