# shellcheck shell=sh
# Functions every change to a node uses. The caller assigns R (the node's "/", empty on a live node) and f (the file
# the change is about) before this text, and the change's own steps after it.
#   inside   under a remote root, the folder that holds a path resolves (every component, links followed) to a folder
#            under the root, so a symlinked folder cannot carry a write out of the node image.
#   private  a fresh folder from mktemp -d beside the target, 0700 and ours, so the temporary file in it ($t) has a
#            name no one can predict or plant a link at; set -C refuses to write over anything there.
#   like     owner and mode taken from the original with stat, never chown/chmod --reference (which follow links).
# shellcheck disable=SC2154,SC2034 # R and f are assigned by the caller; t is used by the change that follows.
umask 077
set -C
RR=
if [ -n "$R" ]; then RR=$(cd -P -- "$R" && pwd -P) || exit 5; fi
inside() {
  [ -z "$R" ] && return 0
  d=${1%/*}
  while [ -n "$d" ] && [ ! -d "$d" ]; do d=${d%/*}; done
  real=$(cd -P -- "${d:-/}" && pwd -P) || return 1
  case "$real/" in "$RR"/*) return 0 ;; esac
  echo 'the path leaves the remote root through a symlinked folder' >&2
  return 1
}
td=
private() { td=$(mktemp -d "${1%/*}/.kc.XXXXXXXX") || exit 1; t="$td/new"; }
fail() { [ -n "$td" ] && rm -rf -- "$td"; exit 1; }
done_() { [ -n "$td" ] && rm -rf -- "$td"; td=; }
like() { chown "$(stat -L -c %u:%g -- "$1")" -- "$2" && chmod "$(stat -L -c %a -- "$1")" -- "$2" || return 1
  { command -v chcon >/dev/null && chcon --reference="$1" -- "$2"; } 2>/dev/null; return 0; }
