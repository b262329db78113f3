#!/bin/sh
# Merge carries the answer log (every answer given at a terminal, with its
# time) of the responses it adds into CENTRAL: the same rows, and merging
# again adds none; a response finished on the terminal after an earlier
# merge brings only its new log rows.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
command -v sqlite3 > /dev/null || { echo "SKIP: no sqlite3 CLI"; exit 77; }

mkdir "$T/form"
printf 'type,name,label\ninteger,age,Age\ntext,town,Town\n' > "$T/form/survey.csv"
collect() {
	"$KYSELY" collect "$T/form" --db "$1" --script - > "$T/out" 2> "$T/err" ||
		fail "collect into $1: $(cat "$T/err")"
}
printf 'age=30\ntown=Oulu\nage=31\nsubmit\nage=40\ntown=Turku\nsubmit\n' | collect "$T/site1.db"
printf 'age=52\ntown=Oulu\ntown=\ntown=Vaasa\nsubmit\n' | collect "$T/site2.db"
# A respondent left partial on site 2, finished after the first merge.
printf 'age=19\n' | collect "$T/site2.db"

# Rows as (respondent, slot, value, time), one a line, sorted.
log_rows() {
	sqlite3 -separator '|' "$1" "SELECT r.uuid, l.slot, quote(l.value), l.answered_at
		FROM answer_log l JOIN response r ON r.id = l.response" | LC_ALL=C sort
}
log_rows "$T/site1.db" > "$T/site1.log"
log_rows "$T/site2.db" > "$T/site2.log"
[ "$(wc -l < "$T/site1.log")" = 5 ] || fail "site 1 logged $(wc -l < "$T/site1.log") answers, not 5"
[ "$(wc -l < "$T/site2.log")" = 5 ] || fail "site 2 logged $(wc -l < "$T/site2.log") answers, not 5"

"$KYSELY" merge --db "$T/central.db" "$T/site1.db" "$T/site2.db" 2> "$T/err" ||
	fail "merge: $(cat "$T/err")"
LC_ALL=C sort "$T/site1.log" "$T/site2.log" > "$T/expected.log"
log_rows "$T/central.db" > "$T/central.log"
cmp -s "$T/expected.log" "$T/central.log" ||
	fail "central's answer log differs from the sites': $(diff "$T/expected.log" "$T/central.log")"
# A sample: the town cleared and given again on site 2, in order and with times.
grep -q "|1|NULL|" "$T/central.log" || fail "the cleared answer is not in central's log"
grep -q "|1|'Vaasa'|20[0-9-]*T[0-9:.]*Z\$" "$T/central.log" || fail "no Vaasa row with its time"

# Merging again adds nothing.
"$KYSELY" merge --db "$T/central.db" "$T/site2.db" "$T/site1.db" 2> "$T/err" ||
	fail "second merge: $(cat "$T/err")"
grep -q "0 responses added" "$T/err" || fail "second merge summary: $(cat "$T/err")"
log_rows "$T/central.db" > "$T/central.log"
cmp -s "$T/expected.log" "$T/central.log" || fail "merging twice changed central's answer log"

# The partial respondent is finished on site 2: the replaced response
# brings its new rows and no copy of the old ones.
partial=$(sqlite3 "$T/site2.db" "SELECT uuid FROM response WHERE status = 'partial'")
[ -n "$partial" ] || fail "no partial respondent on site 2"
printf 'town=Kemi\nsubmit\n' | "$KYSELY" collect "$T/form" --db "$T/site2.db" --resume "$partial" \
	--script - > "$T/out" 2> "$T/err" || fail "resume: $(cat "$T/err")"
"$KYSELY" merge --db "$T/central.db" "$T/site1.db" "$T/site2.db" 2> "$T/err" ||
	fail "third merge: $(cat "$T/err")"
log_rows "$T/site2.db" > "$T/site2.log"
LC_ALL=C sort "$T/site1.log" "$T/site2.log" > "$T/expected.log"
log_rows "$T/central.db" > "$T/central.log"
cmp -s "$T/expected.log" "$T/central.log" ||
	fail "after finishing on the terminal: $(diff "$T/expected.log" "$T/central.log")"
grep -q "^$partial|1|'Kemi'|" "$T/central.log" || fail "the finishing answer is not in central's log"
exit 0
