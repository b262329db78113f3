#!/bin/sh
# Kiosk mode: Ctrl-C, Ctrl-Z and Ctrl-\ do nothing; after a submission a
# thank-you screen leads to a fresh respondent who cannot reach the
# earlier answers; the operator leaves with F10, "exit", Enter.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

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
	tui_keys k Enter
	tui_wait k "Om vilka ämnen"
	tui_keys k Enter
	tui_wait k "När fick du"
	tui_keys k Enter
	tui_wait k "Kommentarer"
	tui_keys k Enter
	tui_wait k "Granska dina svar"
	tui_keys k Enter
	tui_wait k "Tack!"
}

tui_start k -- "$MINI" --db "$db" --lang sv --kiosk
tui_wait k "Tryck Enter för att börja."
tui_keys k C-c C-z 'C-\'
sleep 0.3
tui_wait k "Tryck Enter för att börja."
[ -e "$T/k.rc" ] && fail "a control key ended the kiosk"
answer_minimal 1 31
tui_keys k C-c
tui_keys k Enter
tui_wait k "Tryck Enter för att börja."
tui_screen k | grep -qF "F4" && fail "the kiosk offers earlier responses"
tui_keys k F4
sleep 0.3
tui_screen k | grep -qF "Påbörjade svar" && fail "F4 opened the list in kiosk mode"
answer_minimal 3 62
tui_keys k Enter
tui_wait k "Tryck Enter för att börja."

# a wrong word does not quit
tui_keys k F10
tui_wait k "operatör:"
tui_type k exot
tui_keys k Enter
sleep 0.3
[ -e "$T/k.rc" ] && fail "a wrong word ended the kiosk"
tui_keys k F10
tui_wait k "operatör:"
tui_type k exit
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

# a respondent who walks away is left partial; the next one starts afresh
tui_start i -- "$MINI" --db "$T/idle.db" --lang en --kiosk --idle-timeout 2
tui_wait i "Press Enter to start."
tui_keys i Enter
tui_wait i "What is your profession?"
tui_keys i 2 Enter
tui_wait i "Your age in years"
tui_wait i "Press Enter to start." 8
tui_keys i Enter
tui_wait i "What is your profession?"
tui_screen i | grep -qF "(•)" && fail "the next respondent sees the earlier pick"
tui_keys i PPage
sleep 0.3
tui_screen i | grep -qF "What is your profession?" || fail "Page Up left the first question"
[ "$(tui_sql "$T/idle.db" "SELECT count(*) FROM response WHERE status = 'partial'")" = 2 ] ||
	fail "the walked-away response should stay partial beside the new one"
exit 0
