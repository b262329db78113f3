#!/bin/sh
# collect --set at a kiosk terminal: every respondent who starts gets the
# attributes with their response row (the one who completes and the next
# one, left unfinished when the operator quits), and analyze --by groups
# on them.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"
secret="$T/secret"
( umask 077; echo "tiski-42" >"$secret" )

tui_start k -- "$MINI" --db "$db" --lang sv --kiosk --kiosk-secret-file "$secret" \
	--set wave=2026 --set phase=pre
tui_wait k "Tryck Enter för att börja."
tui_keys k Enter
tui_wait k "Vilket är ditt yrke?"
tui_keys k 1 Enter
tui_wait k "Din ålder i år"
tui_type k 31
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
tui_keys k Enter
tui_wait k "Tryck Enter för att börja."
tui_keys k Enter
tui_wait k "Vilket är ditt yrke?"
tui_keys k F10
tui_wait k "operatörens lösenord"
tui_type k tiski-42
tui_keys k Enter
[ "$(tui_wait_exit k)" = 0 ] || fail "kiosk did not exit 0"

got=$(tui_sql "$db" "SELECT status || ' ' || attrs FROM response ORDER BY id")
[ "$got" = 'complete {"phase":"pre","wave":"2026"}
partial {"phase":"pre","wave":"2026"}' ] || fail "stored: $got"
"$KYSELY" analyze --db "$db" --by wave --out "$T/a" 2>"$T/a.err" || fail "analyze: $(cat "$T/a.err")"
grep -q '^tui_mini,age,[^,]*,wave,2026,,,mean,1,' "$T/a/estimates.csv" ||
	fail "no mean age for wave 2026: $(grep '^tui_mini,age,' "$T/a/estimates.csv")"
exit 0
