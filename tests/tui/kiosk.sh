#!/bin/sh
# Kiosk mode: Ctrl-C, Ctrl-Z and Ctrl-\ do nothing; after a submission a
# thank-you screen leads to a fresh respondent who cannot reach the
# earlier answers; the operator leaves with F10, the operator secret and
# Enter. (tests/reliability/kiosk-secret.sh covers the secret itself.)
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"
secret="$T/secret"
( umask 077; echo "tiski-42" >"$secret" )

# the kiosk process is alive and not stopped; $1 says after what
alive() {
	[ -e "$T/k.rc" ] && fail "the kiosk ended after $1 (exit $(cat "$T/k.rc"))"
	state=$(sed 's/^.*) //' "/proc/$(tui_pid k)/stat" 2>/dev/null | cut -d' ' -f1)
	[ "$state" != T ] || fail "the kiosk was stopped by $1"
}

answer_minimal() {   # $1 profession number, $2 age
	tui_keys k Enter
	tui_wait k "Vilket är ditt yrke?"
	tui_keys k "$1" Enter
	tui_wait k "Din ålder i år"
	tui_type k "$2"
	tui_keys k Enter
	tui_wait k "Har du mött"
	tui_keys k 2 Enter
	tui_wait k "Jag känner igen"
	tui_skip k
	tui_wait k "Om vilka ämnen"
	tui_skip k
	tui_wait k "När fick du"
	tui_skip k
	tui_wait k "Kommentarer"
	tui_skip k
	tui_wait k "Granska dina svar"
	tui_keys k Enter
	tui_wait k "Tack!"
}

tui_start k -- "$MINI" --db "$db" --lang sv --kiosk --kiosk-secret-file "$secret"
tui_wait k "Tryck Enter för att börja."
# the keys are read in order: once F2's language switch shows, the control keys before it were read
tui_keys k C-c C-z 'C-\' F2
tui_wait k "Press Enter to start."
alive "Ctrl-C, Ctrl-Z and Ctrl-\\"
tui_keys k F2 F2
tui_wait k "Tryck Enter för att börja."
answer_minimal 1 31
tui_keys k C-c
tui_keys k Enter
tui_wait k "Tryck Enter för att börja."
tui_screen k | grep -qF "F4" && fail "the kiosk offers earlier responses"
tui_keys k F4 F2
tui_wait k "Press Enter to start."
tui_screen k | grep -qF "Unfinished responses" && fail "F4 opened the list in kiosk mode"
tui_keys k F2 F2
tui_wait k "Tryck Enter för att börja."
answer_minimal 3 62
tui_keys k Enter
tui_wait k "Tryck Enter för att börja."

# "exit", the old word, and a wrong secret do not quit
for word in exit tiski-43; do
	tui_keys k F10
	tui_wait k "operatörens lösenord"
	tui_type k "$word"
	tui_keys k Enter
	tui_wait_gone k "operatörens lösenord"
	alive "F10 and '$word'"
	tui_wait k "Tryck Enter för att börja."
done
tui_keys k F10
tui_wait k "operatörens lösenord"
tui_type k tiski-42
tui_keys k Enter
[ "$(tui_wait_exit k)" = 0 ] || fail "kiosk did not exit 0"

[ "$(tui_sql "$db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 2 ] ||
	fail "two complete responses expected"
[ "$(tui_sql "$db" "SELECT count(DISTINCT uuid) FROM response")" = 2 ] || fail "uuids repeat"
[ "$(tui_sql "$db" "SELECT group_concat(lang) FROM response")" = "sv,sv" ] || fail "language not recorded"
for u in $(tui_sql "$db" "SELECT uuid FROM response ORDER BY id"); do
	tui_slot "$db" "$u" 2
done >"$T/ages"
[ "$(cat "$T/ages")" = "31
62" ] || fail "ages: $(cat "$T/ages")"

# five wrong secrets lock the prompt: the right one is not tried then
tui_start l -- "$MINI" --db "$T/lock.db" --lang sv --kiosk --kiosk-secret-file "$secret"
tui_wait l "Tryck Enter för att börja."
for try in 1 2 3 4 5; do
	tui_keys l F10
	tui_wait l "operatörens lösenord (Esc"
	tui_type l "gissning-$try"
	tui_keys l Enter
	tui_wait_gone l "operatörens lösenord"
done
tui_keys l F10
tui_wait l "för många felaktiga försök"
tui_type l tiski-42
tui_keys l Enter
tui_wait_gone l "för många felaktiga försök"
# Enter on the welcome screen starts a respondent: the kiosk read it and did not exit
tui_keys l Enter
tui_wait l "Vilket är ditt yrke?"
[ -e "$T/l.rc" ] && fail "the right secret opened a locked prompt"
[ "$(tui_sql "$T/lock.db" "SELECT count(*) FROM response")" = 1 ] || fail "the locked kiosk lost its respondent"

# a respondent who walks away is asked "still there?", then left partial;
# the next one starts afresh
tui_start i -- "$MINI" --db "$T/idle.db" --lang en --kiosk --kiosk-secret-file "$secret" --idle-timeout 3
tui_wait i "Press Enter to start."
tui_keys i Enter
tui_wait i "What is your profession?"
tui_keys i 2 Enter
tui_wait i "Your age in years"
tui_wait i "Still there?" 8
tui_wait i "Press Enter to start." 8
tui_screen i | grep -qF "Still there?" && fail "'still there?' stays on the welcome screen"
tui_keys i Enter
tui_wait i "What is your profession?"
tui_screen i | grep -qF "(•)" && fail "the next respondent sees the earlier pick"
# Page Up on the first question stays there: F2 after it shows it was read
tui_keys i PPage F2
tui_wait i "Mikä on ammattisi?"
[ "$(tui_sql "$T/idle.db" "SELECT count(*) FROM response WHERE status = 'partial'")" = 2 ] ||
	fail "the walked-away response should stay partial beside the new one"
exit 0
