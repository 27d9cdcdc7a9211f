#!/usr/bin/env bash
# A bastion and two nodes reachable only through it, for the jump-host tests.
#
#   jump-harness.sh start <workdir>   writes <workdir>/jump.env
#   jump-harness.sh stop  <workdir>
#   jump-harness.sh bastion-down <workdir> | bastion-up <workdir>
#
# The nodes are sshds inside a network namespace the harness creates (10.231.7.11 and 10.231.7.12 on the
# namespace's own loopback): the host's namespace has no route to them. The bastion is a real sshd with
# AllowTcpForwarding yes, started per connection (sshd -i) inside that namespace by socat listening on
# 127.0.0.1 in the host's namespace: its leg in the namespace is what reaches the nodes. Needs root, iproute2,
# socat, openssh-server. In the host's namespace the harness routes the nodes' subnet to "unreachable", so
# nothing addressed to them leaves this machine. The login is the harness's own user kcjump (key in <workdir>/keys).
set -euo pipefail

readonly USER_NAME=kcjump
readonly KEY_PASSPHRASE='kc-jump-phrase'
readonly NODE1=10.231.7.11
readonly NODE2=10.231.7.12
readonly SUBNET=10.231.7.0/24

die() { echo "jump-harness: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: $0 start|stop|bastion-down|bastion-up <workdir>"
action=$1
workdir=$2
[[ $workdir == /* ]] || die "workdir must be absolute: $workdir"
ns="kcj-$(basename "$workdir" | tr -cd 'a-zA-Z0-9-' | tail -c 20)"

key() { # file type [passphrase]
  [[ -f $1 ]] || ssh-keygen -q -t "$2" -f "$1" -C kc-jump-test -N "${3:-}" </dev/null
}

pid_of() { [[ -s $1 ]] && kill -0 "$(<"$1")" 2>/dev/null && cat "$1"; }

free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port"
}

sshd_config() { # file hostkey listen extra...
  local file=$1 hostkey=$2 listen=$3; shift 3
  {
    echo "HostKey $hostkey"
    [[ $listen == inetd ]] || echo "ListenAddress $listen"
    echo "PidFile ${file%.conf}.pid"
    echo "UsePAM no"
    echo "PubkeyAuthentication yes"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "PermitRootLogin no"
    echo "AllowUsers $USER_NAME"
    echo "AuthorizedKeysFile $workdir/authorized_keys"
    echo "StrictModes no"
    echo "MaxStartups 1000:30:1000"
    echo "LogLevel VERBOSE"
    printf '%s\n' "$@"
  } >"$file"
  /usr/sbin/sshd -t -f "$file" || die "sshd rejected $file"
}

bastion_up() {
  local port
  port=$(sed -n 's/^BASTION_PORT=//p' "$workdir/jump.env")
  pid_of "$workdir/socat.pid" >/dev/null && return 0
  # One sshd per connection, inside the namespace; socat's listening socket stays in the host's namespace.
  setsid socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
    "EXEC:ip netns exec $ns /usr/sbin/sshd -i -f $workdir/bastion.conf -E $workdir/bastion.log" \
    >/dev/null 2>"$workdir/socat.log" </dev/null &
  echo $! >"$workdir/socat.pid"
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  die "bastion did not listen on 127.0.0.1:$port"
}

bastion_down() {
  local pid
  if pid=$(pid_of "$workdir/socat.pid"); then kill "$pid"; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; fi
  rm -f "$workdir/socat.pid"
}

start() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespace, test user)"
  for tool in ip socat /usr/sbin/sshd ssh-keygen; do command -v "$tool" >/dev/null || die "$tool missing (apt-get install -y iproute2 socat openssh-server)"; done
  install -d -m 0755 "$workdir" "$workdir/keys"
  key "$workdir/keys/id_ed25519" ed25519
  key "$workdir/keys/id_ed25519_pass" ed25519 "$KEY_PASSPHRASE"
  key "$workdir/keys/id_rsa" rsa
  key "$workdir/keys/id_ecdsa" ecdsa
  key "$workdir/bastion_host_key" ed25519
  key "$workdir/node1_host_key" ed25519
  key "$workdir/node2_host_key" ed25519
  key "$workdir/other_host_key" ed25519
  chmod 0600 "$workdir"/keys/id_* "$workdir"/*_key
  cat "$workdir"/keys/*.pub >"$workdir/authorized_keys"
  chmod 0644 "$workdir/authorized_keys"
  id "$USER_NAME" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$USER_NAME"
  # sshd refuses a locked account (useradd leaves the password field "!"); "*" allows key logins only.
  usermod -p '*' "$USER_NAME"

  # In the host's namespace the nodes' subnet is unreachable by route: a stray connection fails here at once
  # instead of leaving the machine for the default gateway.
  ip route replace unreachable "$SUBNET"
  if ! ip netns list | grep -qw "$ns"; then
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$NODE1/32" dev lo
    ip -n "$ns" addr add "$NODE2/32" dev lo
  fi
  mkdir -p /run/sshd && chmod 0755 /run/sshd
  sshd_config "$workdir/node1.conf" "$workdir/node1_host_key" "$NODE1:22" "AllowTcpForwarding no"
  sshd_config "$workdir/node2.conf" "$workdir/node2_host_key" "$NODE2:22" "AllowTcpForwarding no"
  sshd_config "$workdir/bastion.conf" "$workdir/bastion_host_key" inetd "AllowTcpForwarding yes" "PermitTTY no"
  local n
  for n in node1 node2; do
    pid_of "$workdir/$n.pid" >/dev/null || ip netns exec "$ns" /usr/sbin/sshd -f "$workdir/$n.conf" -E "$workdir/$n.log"
  done

  local port
  port=$(sed -n 's/^BASTION_PORT=//p' "$workdir/jump.env" 2>/dev/null || true)
  [[ -n $port ]] || port=$(free_port)
  cat >"$workdir/jump.env" <<ENV
BASTION_PORT=$port
NETNS=$ns
NODE1=$NODE1
NODE2=$NODE2
USER=$USER_NAME
KEY=$workdir/keys/id_ed25519
KEY_PASS=$workdir/keys/id_ed25519_pass
KEY_PASSPHRASE=$KEY_PASSPHRASE
KEY_RSA=$workdir/keys/id_rsa
KEY_ECDSA=$workdir/keys/id_ecdsa
BASTION_HOST_KEY_PUB=$workdir/bastion_host_key.pub
NODE1_HOST_KEY_PUB=$workdir/node1_host_key.pub
NODE2_HOST_KEY_PUB=$workdir/node2_host_key.pub
OTHER_HOST_KEY_PUB=$workdir/other_host_key.pub
ENV
  bastion_up
}

stop() {
  bastion_down
  local n pid
  for n in node1 node2; do
    if pid=$(pid_of "$workdir/$n.pid"); then kill "$pid"; fi
  done
  ip netns list | grep -qw "$ns" && ip netns delete "$ns"
  # Other workdirs' namespaces use the same subnet; the route goes only with the last of them.
  ip netns list | grep -q '^kcj-' || ip route del unreachable "$SUBNET" 2>/dev/null || true
  return 0
}

case $action in
  start) start ;;
  stop) stop ;;
  bastion-down) bastion_down ;;
  bastion-up) bastion_up ;;
  *) die "unknown action $action" ;;
esac
