# shellcheck shell=sh
# Copies $f to $b with owner, mode and times kept, or leaves an empty "$b.absent" marker when $f does not exist yet.
# Prints "copied" or "absent". Exit 3: a backup of that name exists already.
# shellcheck disable=SC2154 # f and b are assigned by the caller; t, fail, private, like and done_ come from the prelude.
inside "$f" || exit 5
if [ ! -e "$f" ]; then
  # A new drop-in's folder (a unit's .d under /etc/systemd/system) is made like its parent, one level only.
  d=${f%/*}
  if [ ! -d "$d" ]; then
    p=${d%/*}
    [ -d "$p" ] || exit 1
    mkdir -- "$d" && chown "$(stat -c %u:%g -- "$p")" -- "$d" && chmod "$(stat -c %a -- "$p")" -- "$d" || exit 1
    { command -v chcon >/dev/null && chcon --reference="$p" -- "$d"; } 2>/dev/null
  fi
  if [ -e "$b.absent" ] || [ -L "$b.absent" ]; then exit 3; fi
  private "$f"
  : > "$t" || fail
  mv -f -- "$t" "$b.absent" || fail
  done_; echo absent; exit 0
fi
{ [ -e "$b" ] || [ -L "$b" ]; } && exit 3
[ -f "$f" ] || { echo 'it is not a regular file' >&2; exit 6; }
# A full disk must not leave a truncated backup under the name Restore looks for: copy aside, then rename.
private "$f"
cat < "$f" > "$t" || fail
like "$f" "$t" || fail
touch -r "$f" -- "$t" 2>/dev/null
mv -f -- "$t" "$b" || fail
done_; echo copied
