# shellcheck shell=sh
# Follows a link at $f the way the local writer does, so the link stays a link and its target changes. Below a remote
# root an absolute link would point outside the node image: refused (exit 5). A link that belongs to neither root nor
# the login was planted by another user, and anything but a regular file is no kubelet file: refused (exit 6).
# shellcheck disable=SC2154 # f and R are assigned by the caller.
T=$(id -u)
own() { o=$(stat -c %u -- "$1") && { [ "$o" = 0 ] || [ "$o" = "$T" ]; }; }
if [ -L "$f" ]; then
  [ -z "$R" ] || { echo 'a symlink below a remote root is not followed' >&2; exit 5; }
  own "$f" || { echo 'it is a symlink that belongs to another user' >&2; exit 6; }
  f=$(readlink -f -- "$f") || exit 1
fi
inside "$f" || exit 5
if [ -e "$f" ] && [ ! -f "$f" ]; then echo 'it is not a regular file' >&2; exit 6; fi
