# shellcheck shell=bash disable=SC2154  # $work and $repo are set by the script that sources this file
# The setup the SSH fleet benchmarks share (Measure-FleetAudit.sh, Measure-JumpFleet.sh), sourced from the repo
# root once $work is set: the test user and a bench-owned key, bench-owned sshd processes, the node tree, the
# delaying proxies, and the files a user would read by hand. bench_cleanup (on EXIT) stops what these started.

die() { echo "$(basename "$0" .sh): $*" >&2; exit 1; }

bench_pids=()
bench_cleanup() {
  local p f
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$work"/*-sshd.pid; do
    if [[ -s $f ]]; then kill "$(<"$f")" 2>/dev/null || true; fi
  done
}

bench_machine() {
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)," \
       "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
}

# Sets $module, building the module first when out/ has none.
bench_module() {
  module=${BENCH_MODULE:-$repo/out/KubeletCompliance/KubeletCompliance.psd1}
  if [[ ! -f $module ]]; then
    dotnet tool restore >/dev/null
    dotnet pwsh -NoProfile -NonInteractive ./build.ps1 >/dev/null
  fi
}

# The harness creates the test users and their sudoers entry, but it also rewrites their ~/.ssh/authorized_keys,
# which other checkouts' test runs on this machine rely on; so it runs only when the users are missing, and the
# benchmark's own sshd (the harness caps MaxStartups at 100:30:200, which would refuse a fan-out's burst of
# handshakes) reads a bench-owned authorized_keys file and uses its own host and client keys ($work/id_ed25519).
bench_user_and_key() {
  if ! id kcsudo >/dev/null 2>&1; then
    tests/ssh/sshd-harness.sh start "$work/harness" >/dev/null
    tests/ssh/sshd-harness.sh stop "$work/harness"
  fi
  [[ -f $work/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C kc-bench -f "$work/id_ed25519"
  install -d -m 0755 "$work/authorized_keys"
  install -m 0644 "$work/id_ed25519.pub" "$work/authorized_keys/kcsudo"
}

# bench_sshd NAME PORT ALLOW_TCP_FORWARDING LOG_LEVEL: an sshd for kcsudo with host key $work/NAME_host_key,
# log $work/NAME-sshd.log (LogLevel INFO records each accepted login).
bench_sshd() {
  [[ -f $work/$1_host_key ]] || ssh-keygen -q -t ed25519 -N '' -C "kc-bench-$1" -f "$work/$1_host_key"
  cat >"$work/$1-sshd.conf" <<CONF
Port $2
ListenAddress 127.0.0.1
HostKey $work/$1_host_key
PidFile $work/$1-sshd.pid
UsePAM yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers kcsudo
AuthorizedKeysFile $work/authorized_keys/%u
# Off only because the keys file lives under /tmp, which StrictModes rejects for being world-writable.
StrictModes no
AllowTcpForwarding $3
MaxStartups 1000:30:1000
MaxSessions 1000
PrintMotd no
LogLevel $4
CONF
  if [[ -s $work/$1-sshd.pid ]]; then kill "$(<"$work/$1-sshd.pid")" 2>/dev/null || true; sleep 0.5; fi
  /usr/sbin/sshd -t -f "$work/$1-sshd.conf"
  /usr/sbin/sshd -f "$work/$1-sshd.conf" -E "$work/$1-sshd.log"
}

# Sets $node: a readable copy of the kubeadm fixture tree that every simulated node serves.
bench_node_tree() {
  node=$work/node
  rm -rf "$node"
  cp -a tests/fixtures/nodes/kubeadm-current "$node"
  chmod -R a+rX "$node"
}

# bench_proxy OUT TARGET LISTEN_BASE COUNT DELAY_MS: bench/delay_proxy.py on COUNT ports from LISTEN_BASE, each
# forwarding to TARGET after holding every chunk DELAY_MS each way; returns once it listens.
bench_proxy() {
  python3 bench/delay_proxy.py --target "$2" --listen-base "$3" --count "$4" --delay-ms "$5" >"$work/$1" 2>&1 &
  bench_pids+=($!)
  for _ in $(seq 100); do grep -q READY "$work/$1" 2>/dev/null && return 0; sleep 0.1; done
  die "delay proxy $1 did not start: $(cat "$work/$1")"
}

# What a user would cat to answer 4.2.1 by hand on a kubeadm node: unit, drop-in, the env files, the config.
# shellcheck disable=SC2034  # used by the scripts that source this file
evidence_files="usr/lib/systemd/system/kubelet.service usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"
evidence_files+=" var/lib/kubelet/kubeadm-flags.env etc/default/kubelet var/lib/kubelet/config.yaml"
