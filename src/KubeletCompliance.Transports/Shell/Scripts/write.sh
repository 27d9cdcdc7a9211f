# shellcheck shell=sh
# Replaces $f with standard input when $f still hashes to $E ("absent": must not exist) and the input hashes to $N.
# Exit 4: the file changed after it was read.
# shellcheck disable=SC2154 # f, E and N are assigned by the caller; t and the functions come from the prelude.
if [ -e "$f" ]; then now=$(sha256sum < "$f" | cut -d' ' -f1); else now=absent; fi
[ "$now" = "$E" ] || exit 4
private "$f"
cat > "$t" || fail
# A connection lost mid-transfer ends the input early without an error: only the whole content may replace the file.
[ "$(sha256sum < "$t" | cut -d' ' -f1)" = "$N" ] || fail
if [ -e "$f" ]; then
  like "$f" "$t" || fail
else
  chmod 0644 -- "$t" || fail
fi
mv -f -- "$t" "$f" || fail
done_
