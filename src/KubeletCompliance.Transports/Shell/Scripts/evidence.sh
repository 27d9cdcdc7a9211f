# shellcheck shell=sh
# Gathers a batch of evidence from a node. The caller puts these assignments before this text, then one call a line
# (rf <id> <path>, ld <id> <path>, lp) and "echo Z":
#   R  the node's "/" (empty on a live node)     K  a grep -E pattern of program names a kubelet runs under
#   M  the largest file read, in bytes
# Output format: see EvidenceScript.cs. Every value a node controls is base64, so no name or content breaks a record.
# shellcheck disable=SC2154 # R, K and M are assigned by the caller.
LC_ALL=C
export LC_ALL
enc() { printf '%s' "$1" | base64 | tr -d '\n'; }
blocked() {
  b=$1
  while :; do
    case $b in */*) b=${b%/*} ;; *) return 1 ;; esac
    [ -n "$b" ] || return 1
    if [ -e "$b" ]; then
      if [ -d "$b" ] && [ ! -x "$b" ]; then return 0; fi
      return 1
    fi
  done
}
rf() {
  f=$R$2
  if [ -d "$f" ]; then echo "F $1 isdir"
  elif [ -e "$f" ]; then
    if [ ! -f "$f" ]; then echo "F $1 notfile"; return; fi
    if [ ! -r "$f" ]; then echo "F $1 denied"; return; fi
    if [ "$(stat -L -c %s -- "$f" 2>/dev/null || echo 0)" -gt "$M" ]; then echo "F $1 toolarge"; return; fi
    m=$(stat -L -c %Y -- "$f" 2>/dev/null)
    if c=$(head -c $((M + 1)) -- "$f" 2>/dev/null | base64); then
      printf 'F %s ok %s ' "$1" "${m:--}"
      printf '%s' "$c" | tr -d '\n'
      echo
    else echo "F $1 error"; fi
  elif [ -L "$f" ]; then echo "F $1 missing"
  elif blocked "$f"; then echo "F $1 denied"
  else echo "F $1 missing"; fi
}
ld() {
  d=$R$2
  if [ -d "$d" ]; then
    if [ ! -r "$d" ] || [ ! -x "$d" ]; then echo "D $1 denied"; return; fi
    printf 'D %s ok' "$1"
    for e in "$d"/* "$d"/.[!.]* "$d"/..?*; do
      if [ -e "$e" ] || [ -L "$e" ]; then
        # Symlinked folders count as files, as Go's WalkDir (the kubelet's --config-dir walk) sees them.
        if [ -d "$e" ] && [ ! -L "$e" ]; then printf ' d:'; else printf ' f:'; fi
        enc "${e##*/}"
      fi
    done
    echo
    for e in "$d"/*.conf "$d"/*.yaml "$d"/*.yml; do
      if [ -f "$e" ] && [ -r "$e" ] && [ "$(stat -L -c %s -- "$e" 2>/dev/null || echo 0)" -le "$M" ] \
        && c=$(head -c $((M + 1)) -- "$e" 2>/dev/null | base64); then
        m=$(stat -L -c %Y -- "$e" 2>/dev/null)
        printf 'C %s %s %s ' "$1" "$(enc "${e##*/}")" "${m:--}"
        printf '%s' "$c" | tr -d '\n'
        echo
      fi
    done
  elif [ -e "$d" ]; then echo "D $1 notdir"
  elif [ -L "$d" ]; then echo "D $1 missing"
  elif blocked "$d"; then echo "D $1 denied"
  else echo "D $1 missing"; fi
}
pf() {
  if [ ! -e "$1" ]; then printf '!gone'
  elif c=$(base64 < "$1" 2>/dev/null); then printf '%s' "$c" | tr -d '\n'
  elif [ -r "$1" ]; then printf '!error'
  else printf '!denied'; fi
}
pe() {
  if [ -z "$R" ] && s=$(stat -L -c '%u:%a' -- "$1" 2>/dev/null); then printf '%s' "$s"; else printf -- -; fi
}
pl() {
  if l=$(readlink -- "$1" 2>/dev/null); then enc "$l"
  elif [ -e "${1%/*}" ]; then printf '!denied'
  else printf '!gone'; fi
}
lp() {
  if ! cd "$R/proc" 2>/dev/null; then echo 'B - -'; return; fi
  bt=$(sed -n 's/^btime //p' stat 2>/dev/null)
  hz=$(getconf CLK_TCK 2>/dev/null)
  echo "B ${bt:--} ${hz:--}"
  for p in $({ grep -l -E "$K" [0-9]*/comm; grep -l -z -E "^(.*/)?($K)\$" [0-9]*/cmdline; } 2>/dev/null | sed 's,/.*,,' | sort -un); do
    [ "$p" = "$$" ] && continue
    printf 'P %s %s %s %s %s %s %s %s\n' "$p" "$(pf "$p/comm")" "$(pf "$p/cmdline")" "$(pl "$p/cwd")" "$(pf "$p/stat")" \
      "$(pf "$p/status")" "$(pf "$p/cgroup")" "$(pe "$p/exe")"
  done
  cd /
}
echo "U $(id -u)"
