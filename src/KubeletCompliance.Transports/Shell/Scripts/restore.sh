# shellcheck shell=sh
# Puts the backup $b back at $f; an .absent marker removes $f again. Exit 6: the backup or the file is not one root
# (or the login) owns.
# shellcheck disable=SC2154 # f and b are assigned by the caller; t, own and the functions come from the prelude.
inside "$b" || exit 5
if [ -L "$b" ] || [ ! -f "$b" ] || ! own "$b"; then echo 'the backup is not a regular file that belongs to root' >&2; exit 6; fi
if [ -e "$f" ] && ! own "$f"; then echo 'it belongs to another user' >&2; exit 6; fi
case "$b" in *.absent) rm -f -- "$f"; exit $?;; esac
private "$f"
cat < "$b" > "$t" || fail
like "$b" "$t" || fail
touch -r "$b" -- "$t" 2>/dev/null
mv -f -- "$t" "$f" || fail
done_
