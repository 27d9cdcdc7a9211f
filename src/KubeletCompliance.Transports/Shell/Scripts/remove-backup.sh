# shellcheck shell=sh
# Removes a backup this module made (its name holds .kcbak-); rm does not follow a link.
# shellcheck disable=SC2154 # b is assigned by the caller.
case "${b##*/}" in *.kcbak-*) rm -f -- "$b" ;; *) echo 'not a backup' >&2; exit 2 ;; esac
