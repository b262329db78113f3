#!/bin/sh
# The kiosk's operator secret (SECURITY.md, M7): --kiosk refuses to start
# without one and refuses a secret file others may read; the secret never
# shows on the screen nor in the process's argv or environment; a wrong
# secret returns to the survey and the right one leaves; leaving prints
# nothing about the unfinished response (no id, no --resume line); a
# respondent who walks away is asked "still there?", then the answer being
# typed is stored and the welcome screen returns with nothing of theirs.
. "$SRCDIR/tests/tui/lib.sh"
db="$T/k.db"
word="Hirvi-ja-kuu-42"   # tui_start passes environment words unquoted
fileword="vuoro 7 ä"

# refusals, before any screen
set +e
env -u KYSELY_KIOSK_SECRET "$KYSELY" collect "$MINI" --db "$db" --kiosk </dev/null >"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "no secret: exit $rc, expected 2: $(cat "$T/err")"
grep -q "needs an operator secret" "$T/err" || fail "no secret: $(cat "$T/err")"
printf '%s\n' "$word" >"$T/open-secret"
chmod 644 "$T/open-secret"
set +e
"$KYSELY" collect "$MINI" --db "$db" --kiosk --kiosk-secret-file "$T/open-secret" </dev/null 2>"$T/err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "a 0644 secret file: exit $rc, expected 1: $(cat "$T/err")"
grep -q "mode 0644" "$T/err" || fail "a 0644 secret file: $(cat "$T/err")"
grep -qF "$word" "$T/err" && fail "the secret was printed: $(cat "$T/err")"
[ -e "$db" ] && fail "a refused kiosk created the database"
echo "ok - no secret: exit 2; a secret file others may read: exit 1"

# the secret from the environment: wiped from the process once read
tui_start k "KYSELY_KIOSK_SECRET=$word" -- "$MINI" --db "$db" --lang en --kiosk
tui_wait k "Press Enter to start."
pid=$(tui_pid k)
tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qF "$word" && fail "the secret is in argv"
tr '\0' '\n' <"/proc/$pid/environ" | grep -qF "$word" && fail "the secret is in the environment"
echo "ok - the secret is neither in argv nor in the environment of the kiosk"

# a respondent answers one question and leaves the next half typed
tui_keys k Enter
tui_wait k "What is your profession?"
tui_keys k 2 Enter
tui_wait k "Your age in years"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ -n "$uuid" ] || fail "no response row"

# wrong secrets stay; nothing typed is ever drawn
for attempt in "hirvi-ja-kuu-42" "$word " "exit"; do
	tui_keys k F10
	tui_wait k "operator secret"
	tui_type k "$attempt"
	tui_screen k | grep -qF "$attempt" && fail "the typed secret '$attempt' is on the screen"
	tui_keys k Enter
	tui_wait_gone k "operator secret"
	tui_wait k "Your age in years"
	[ -e "$T/k.rc" ] && fail "'$attempt' ended the kiosk"
done
# Esc leaves the prompt too
tui_keys k F10
tui_wait k "operator secret"
tui_type k "$word"
tui_keys k Escape
tui_wait_gone k "operator secret"
tui_keys k F2
tui_wait k "Ikäsi vuosina"
[ -e "$T/k.rc" ] && fail "Esc ended the kiosk"
tui_keys k F2 F2
tui_wait k "Your age in years"
echo "ok - wrong secrets and Esc return to the survey"

tui_keys k F10
tui_wait k "operator secret"
tui_type k "$word"
tui_screen k | grep -qF "$word" && fail "the typed secret is on the screen"
tui_keys k Enter
[ "$(tui_wait_exit k)" = 0 ] || fail "the right secret: exit $(cat "$T/k.rc")"
tui_screen k | grep -qF -e "$uuid" -e "--resume" -e "unfinished" && fail "the exit names the response"
grep -qF -e "$uuid" -e "--resume" "$T/k.err" && fail "stderr names the response: $(cat "$T/k.err")"
[ "$(tui_sql "$db" "SELECT status FROM response WHERE uuid = '$uuid'")" = partial ] ||
	fail "the response should stay partial"
echo "ok - the right secret leaves; nothing names the unfinished response"

# walked away: "still there?" first; a key answers it and does nothing else
( umask 077; printf '%s\r\n' "$fileword" >"$T/secret" )
tui_start w -- "$MINI" --db "$T/w.db" --lang en --kiosk --kiosk-secret-file "$T/secret" --idle-timeout 9
tui_wait w "Press Enter to start."
tui_keys w Enter
tui_wait w "What is your profession?"
tui_keys w 3 Enter
tui_wait w "Your age in years"
tui_type w 5
tui_wait w "> 5"
tui_wait w "Still there?" 12
tui_type w 7
tui_wait_gone w "Still there?"
tui_screen w | grep -qF "> 57" && fail "the key that answered 'still there?' was typed"
tui_type w 2
tui_wait w "> 52"
# unanswered: the valid typed age is stored, the welcome screen returns
tui_wait w "Still there?" 12
tui_wait w "Press Enter to start." 12
tui_screen w | grep -qF -e "Your age" -e "52" -e "Still there?" && fail "the welcome screen shows the walked-away respondent"
wuuid=$(tui_sql "$T/w.db" "SELECT uuid FROM response")
[ "$(tui_slot "$T/w.db" "$wuuid" 2)" = 52 ] || fail "the typed age was not kept: $(tui_slots "$T/w.db" "$wuuid")"
tui_keys w Enter
tui_wait w "What is your profession?"
tui_screen w | grep -qF "(•)" && fail "the next respondent sees the earlier pick"
[ "$(tui_sql "$T/w.db" "SELECT count(*) FROM response WHERE status = 'partial'")" = 2 ] ||
	fail "the walked-away response should stay partial beside the new one"
echo "ok - 'still there?', then the typed answer is kept and the screen cleared"
# the first line of the file (CR LF ending, a space and a non-ASCII letter) leaves
tui_keys w F10
tui_wait w "operator secret"
tui_type w "$fileword"
tui_keys w Enter
[ "$(tui_wait_exit w)" = 0 ] || fail "the secret from the file did not leave"
echo "ok - the secret file's first line leaves"
exit 0
