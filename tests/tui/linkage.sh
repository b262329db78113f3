#!/bin/sh
# The linkage code of a before/after study (settings linkage_code = yes):
# a "pre" and a "post" response collected at the terminal with the same
# code typed differently (case, spaces, a day without its zero), a part
# refused with its message and one part corrected with Page Up; analyze
# --paired links the two (n_pairs 1), and nothing in the database holds
# the typed code.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
FORM="$SRCDIR/tests/tui/linkage.csv"
db="$T/l.db"
key="$T/study.key"
( umask 077; echo "koulutus-2026-salainen-avain" >"$key" )

# collect_one NAME PHASE LETTERS DAY PHONE: one respondent of PHASE
collect_one() {
	tui_start "$1" -- "$FORM" --db "$db" --lang en --study-key-file "$key" --set "phase=$2"
	tui_wait "$1" "Press Enter to start"
	tui_keys "$1" Enter
	tui_wait "$1" "1/3  The first two letters of your mother"
	tui_type "$1" "$3"
	tui_keys "$1" Enter
	tui_wait "$1" "2/3  The day of the month you were born"
	tui_type "$1" "$4"
	tui_keys "$1" Enter
	tui_wait "$1" "3/3  The last two digits of your mobile phone"
	tui_type "$1" "$5"
	tui_keys "$1" Enter
	tui_wait "$1" "The victim's consent"
}

collect_one pre pre "Kaarina" "7" "42"
tui_keys pre 2 Enter
tui_wait pre "Trafficking requires"
tui_keys pre 1 Enter
tui_wait pre "Review your answers"
tui_keys pre Enter
[ "$(tui_wait_exit pre)" = 0 ] || fail "pre: collect did not exit 0"

# the after response: a refused day, then a first part corrected by going back
tui_start post -- "$FORM" --db "$db" --lang en --study-key-file "$key" --set phase=post
tui_wait post "Press Enter to start"
tui_keys post Enter
tui_wait post "1/3  The first two letters"
tui_type post "kx"
tui_keys post Enter
tui_wait post "2/3  The day of the month"
tui_type post "32"
tui_keys post Enter
tui_wait post "Type the day as a number from 1 to 31."
tui_keys post PPage
tui_wait post "1/3  The first two letters"
tui_type post " KA "
tui_keys post Enter
tui_wait post "2/3  The day of the month"
tui_type post "07"
tui_keys post Enter
tui_wait post "3/3  The last two digits"
tui_type post "4 2"
tui_keys post Enter
tui_wait post "The victim's consent"
tui_keys post 1 Enter
tui_wait post "Trafficking requires"
tui_keys post 2 Enter
tui_wait post "Review your answers"
tui_keys post Enter
[ "$(tui_wait_exit post)" = 0 ] || fail "post: collect did not exit 0"

n=$(tui_sql "$db" "SELECT count(*) FROM response WHERE status = 'complete' AND json_extract(attrs, '\$.linkage_code') LIKE 'v1.%'")
[ "$n" = 2 ] || fail "complete responses with a code: $n"
"$KYSELY" analyze --db "$db" --paired phase=pre:post --link linkage_code --out "$T/a" \
	2>"$T/a.err" || fail "analyze: $(cat "$T/a.err")"
grep -q '^tui_linkage,knowledge,,score,1,0,2,2,' "$T/a/paired.csv" ||
	fail "not one linked pair scoring 0 then 2: $(cat "$T/a/paired.csv")"
grep -q '^tui_linkage,phase,,unlinked,0,' "$T/a/paired.csv" || fail "unlinked respondents"
# the typed parts appear nowhere: the database and its WAL hold no typed
# name, the code attribute is hashes only and the answer log only answers
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
for f in "$db" "$db-wal"; do
	[ -e "$f" ] || continue
	! grep -qaF -e Kaarina -e "4 2" -e '"ka"' -e '"kx"' -- "$f" || fail "a typed part is in $f"
done
tui_sql "$db" "SELECT json_extract(attrs, '\$.linkage_code') FROM response" >"$T/codes"
grep -Evq '^v1(\.[0-9a-f]{32}){3}$' "$T/codes" && fail "not only hashes: $(cat "$T/codes")"
[ "$(sort -u "$T/codes" | wc -l)" = 1 ] || fail "the two codes differ"
n=$(tui_sql "$db" "SELECT count(*) FROM answer_log WHERE value NOT IN ('true', 'false', 'idk', 'dont_know')")
[ "$n" = 0 ] || fail "the answer log holds more than answers"

# the prompts in Finnish, then Swedish with F2; Esc from the first part
# returns to the welcome screen
tui_start fi -- "$FORM" --db "$db" --lang fi --study-key-file "$key" --set phase=pre
tui_wait fi "Aloita painamalla Enter."
tui_keys fi Enter
tui_wait fi "1/3  Äitisi etunimen kaksi ensimmäistä kirjainta"
tui_wait fi "Henkilökohtainen koodisi yhdistää"
tui_type fi "7"
tui_keys fi Enter
tui_wait fi "Kirjoita vähintään kaksi kirjainta"
tui_keys fi F2
tui_wait fi "1/3  De två första bokstäverna i din mammas förnamn"
tui_wait_gone fi "Kirjoita vähintään"
tui_keys fi Escape
tui_wait fi "Tryck Enter för att börja."
tui_keys fi F10
[ "$(tui_wait_exit fi)" = 0 ] || fail "fi: collect did not exit 0"

# a kiosk: a respondent who walks away from the code screen leaves nothing
# for the next one: the welcome screen returns and the code starts over
( umask 077; echo "tiski-42" >"$T/secret" )
tui_start k -- "$FORM" --db "$db" --lang en --kiosk --kiosk-secret-file "$T/secret" \
	--idle-timeout 3 --study-key-file "$key" --set phase=post
tui_wait k "Press Enter to start"
tui_keys k Enter
tui_wait k "1/3  The first two letters"
tui_type k "ka"
tui_keys k Enter
tui_wait k "2/3  The day of the month"
tui_wait k "Press Enter to start" 15
tui_keys k Enter
tui_wait k "1/3  The first two letters"
tui_keys k F10
tui_wait k "operator secret"
tui_type k tiski-42
tui_keys k Enter
[ "$(tui_wait_exit k)" = 0 ] || fail "kiosk did not exit 0"
[ "$(tui_sql "$db" "SELECT count(*) FROM response")" = 2 ] || fail "the kiosk stored a response"
exit 0
