#!/usr/bin/env bash
# A throw-away OpenSSH server on 127.0.0.1 for the SSH transport tests.
#
#   sshd-harness.sh start <workdir>   prints "PORT=<n>"; writes <workdir>/harness.env
#   sshd-harness.sh stop  <workdir>
#
# Needs root (it creates the test users kcsudo, kcpass, kcnone and a sudoers drop-in) and the
# Debian packages openssh-server and sudo. Safe to rerun: a running server for the same workdir is
# reused, keys and users are created only when absent, passwords and authorized_keys are reset.
set -euo pipefail

readonly SUDO_PASSWORD_KCPASS='kc-Pass-2f9'
readonly PASSWORD_KCSUDO='kc-Sudo-7d1'
readonly PASSWORD_KCNONE='kc-None-4b8'
readonly KEY_PASSPHRASE='kc-key-phrase'
readonly USERS=(kcsudo kcpass kcnone)
readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "sshd-harness: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop <workdir>"; }

[[ $# -eq 2 ]] || usage
action=$1
workdir=$2
[[ $workdir == /* ]] || die "workdir must be absolute: $workdir"

running_pid() {
  local pidfile="$workdir/sshd.pid" pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # A stale pid file may name an unrelated process by now; only our sshd counts.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$workdir/sshd_config" || return 1
  echo "$pid"
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$workdir/sshd.pid"
}

make_key() { # file type [extra ssh-keygen args...]
  local file=$1 type=$2; shift 2
  [[ -f $file ]] || ssh-keygen -q -t "$type" -f "$file" -C "kubeletcompliance-test" "$@" </dev/null
}

ensure_user() { # name password
  local name=$1 password=$2 home
  id "$name" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$name"
  echo "$name:$password" | chpasswd
  home=$(getent passwd "$name" | cut -d: -f6)
  install -d -m 0700 -o "$name" -g "$name" "$home/.ssh"
  cat "$workdir"/keys/*.pub >"$home/.ssh/authorized_keys"
  chown "$name:$name" "$home/.ssh/authorized_keys"
  chmod 0600 "$home/.ssh/authorized_keys"
}

make_fixture_tree() {
  local node="$workdir/node"
  rm -rf "$node"
  mkdir -p "$node"
  cp -a "$HERE/fixture-node/." "$node/"
  # Names a shell would act on if the transport ever let one through unquoted.
  mkdir -p "$node/etc/hostile"
  # A file name cannot hold "/", so the marker these would create lands in the login's home directory.
  touch "$node/etc/hostile/it's \$(touch kc-pwned-list)"$'\n'"line two"
  touch "$node/etc/hostile/semi;colon \`touch kc-pwned-list\`"
  # A fake /proc: one kubelet, one unrelated process, and a look-alike a user started (exec -a kubelet ./x) that
  # the node does not vouch for; field 22 of stat is the start time in ticks.
  mkdir -p "$node/proc/4242" "$node/proc/1" "$node/proc/4000"
  printf '/usr/bin/kubelet\0--config=config.yaml\0--anonymous-auth=false\0' >"$node/proc/4242/cmdline"
  printf 'kubelet\n' >"$node/proc/4242/comm"
  printf '4242 (kubelet) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 12 0 123400 1 1 0\n' >"$node/proc/4242/stat"
  printf 'Name:\tkubelet\nUmask:\t0022\nState:\tS (sleeping)\nPid:\t4242\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n' >"$node/proc/4242/status"
  printf '0::/system.slice/kubelet.service\n' >"$node/proc/4242/cgroup"
  ln -s /var/lib/kubelet "$node/proc/4242/cwd"
  printf '/sbin/init\0' >"$node/proc/1/cmdline"
  printf 'systemd\n' >"$node/proc/1/comm"
  printf '1 (systemd) S 0 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 5 1 1 0\n' >"$node/proc/1/stat"
  printf 'Name:\tsystemd\nPid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n' >"$node/proc/1/status"
  printf '0::/init.scope\n' >"$node/proc/1/cgroup"
  printf 'kubelet\0--config=/tmp/mine/kubelet.yaml\0' >"$node/proc/4000/cmdline"
  printf 'x\n' >"$node/proc/4000/comm"
  printf '4000 (x) S 3001 4000 3001 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 100 1 1 0\n' >"$node/proc/4000/stat"
  printf 'Name:\tx\nPid:\t4000\nPPid:\t3001\nUid:\t1001\t1001\t1001\t1001\nGid:\t1001\t1001\t1001\t1001\n' >"$node/proc/4000/status"
  printf '0::/user.slice/user-1001.slice/user@1001.service/app.slice/kubelet.service\n' >"$node/proc/4000/cgroup"
  ln -s /tmp/mine "$node/proc/4000/cwd"
  printf 'cpu  1 2 3 4\nbtime 1700000000\nprocesses 100\n' >"$node/proc/stat"
  chmod -R a+rX "$node"
  # Only root may read these: sudo has to be used to see them.
  chmod 0600 "$node/etc/kubernetes/root-only.conf"
  chmod 0700 "$node/etc/kubernetes/root-only.d"
}

free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    # Nothing answering on the port is good enough; sshd's own bind is the real test.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port found"
}

start() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (creates users and a sudoers drop-in)"
  [[ -x /usr/sbin/sshd ]] || die "/usr/sbin/sshd missing: apt-get install -y openssh-server sudo"
  command -v sudo >/dev/null || die "sudo missing: apt-get install -y sudo"

  install -d -m 0755 "$workdir" "$workdir/keys"
  make_key "$workdir/ssh_host_ed25519_key" ed25519 -N ''
  make_key "$workdir/ssh_host_ecdsa_key" ecdsa -b 256 -N ''
  # Never served: a stand-in for "the key this host used to have".
  make_key "$workdir/other_host_ed25519_key" ed25519 -N ''
  make_key "$workdir/keys/id_ed25519" ed25519 -N ''
  make_key "$workdir/keys/id_ecdsa" ecdsa -b 384 -N ''
  make_key "$workdir/keys/id_rsa_pem" rsa -b 2048 -m PEM -N ''
  make_key "$workdir/keys/id_ed25519_pass" ed25519 -N "$KEY_PASSPHRASE"
  chmod 0600 "$workdir"/keys/id_* "$workdir"/*_key

  ensure_user kcsudo "$PASSWORD_KCSUDO"
  ensure_user kcpass "$SUDO_PASSWORD_KCPASS"
  ensure_user kcnone "$PASSWORD_KCNONE"
  local sudoers=/etc/sudoers.d/kubeletcompliance-test
  printf 'kcsudo ALL=(ALL) NOPASSWD: ALL\nkcpass ALL=(ALL) ALL\n' >"$sudoers.tmp"
  chmod 0440 "$sudoers.tmp"
  visudo -cqf "$sudoers.tmp" || die "sudoers drop-in rejected by visudo"
  mv -f "$sudoers.tmp" "$sudoers"

  make_fixture_tree
  rm -f "$workdir/pwned"*
  local user
  for user in "${USERS[@]}"; do rm -f "$(getent passwd "$user" | cut -d: -f6)/kc-pwned-list"; done

  local pid port
  if pid=$(running_pid); then
    port=$(sed -n 's/^Port //p' "$workdir/sshd_config")
  else
    mkdir -p /run/sshd
    chmod 0755 /run/sshd
    local started=""
    for _ in 1 2 3 4 5; do
      port=$(free_port)
      # PAM is what checks the shadow passwords set above; sshd on Debian authenticates passwords through it.
      cat >"$workdir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $workdir/ssh_host_ed25519_key
HostKey $workdir/ssh_host_ecdsa_key
PidFile $workdir/sshd.pid
UsePAM yes
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers ${USERS[*]}
AuthorizedKeysFile .ssh/authorized_keys
StrictModes yes
MaxAuthTries 10
MaxStartups 100:30:200
MaxSessions 50
PrintMotd no
LogLevel VERBOSE
CONF
      /usr/sbin/sshd -t -f "$workdir/sshd_config" || die "sshd rejected $workdir/sshd_config"
      rm -f "$workdir/sshd.pid"
      if /usr/sbin/sshd -f "$workdir/sshd_config" -E "$workdir/sshd.log"; then
        for _ in $(seq 50); do
          if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then started=1; break; fi
          sleep 0.1
        done
      fi
      [[ -n $started ]] && break
      stop
    done
    [[ -n $started ]] || die "sshd did not start; see $workdir/sshd.log"
  fi

  cat >"$workdir/harness.env" <<ENV
PORT=$port
WORKDIR=$workdir
NODE_ROOT=$workdir/node
HOST_KEY_PUB=$workdir/ssh_host_ed25519_key.pub
HOST_ECDSA_KEY_PUB=$workdir/ssh_host_ecdsa_key.pub
OTHER_HOST_KEY_PUB=$workdir/other_host_ed25519_key.pub
KEY_ED25519=$workdir/keys/id_ed25519
KEY_ECDSA=$workdir/keys/id_ecdsa
KEY_RSA_PEM=$workdir/keys/id_rsa_pem
KEY_ED25519_PASS=$workdir/keys/id_ed25519_pass
KEY_PASSPHRASE=$KEY_PASSPHRASE
PASSWORD_KCSUDO=$PASSWORD_KCSUDO
PASSWORD_KCPASS=$SUDO_PASSWORD_KCPASS
PASSWORD_KCNONE=$PASSWORD_KCNONE
ENV
  echo "PORT=$port"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
