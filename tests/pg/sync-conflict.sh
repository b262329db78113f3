#!/bin/sh
# Merge's rules on the central store: a respondent pushed again with
# different answers is a conflict, reported by id (exit 1), recorded
# centrally and never written over; a partial respondent finished at the
# terminal after a sync replaces the partial central copy.
set -eu
. "$SRCDIR/tests/pg/lib.sh"
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
FORM=$SHARED/bench/form
[ -d "$FORM" ] || { echo "SKIP: no $FORM"; exit 77; }

pg_start || fail "cannot start PostgreSQL"
"$KYSELY" simulate "$FORM" -n 20 --seed 9 --partial 0 -o "$T/a.csv"
"$KYSELY" import "$FORM" --db "$T/a.db" "$T/a.csv" 2> /dev/null
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" 2> "$T/err" || fail "sync: $(cat "$T/err")"
grep -q "20 added" "$T/err" || fail "$(cat "$T/err")"

# another terminal holds respondent 3 with one answer changed
uuid=$(sed -n 4p "$T/a.csv" | cut -d, -f1)
awk -F, -v OFS=, 'NR == 4 { $6 = ($6 == "nurse" ? "physician" : "nurse") } { print }' \
	"$T/a.csv" > "$T/b.csv"
cmp -s "$T/a.csv" "$T/b.csv" && fail "the edit changed nothing"
"$KYSELY" import "$FORM" --db "$T/b.db" "$T/b.csv" 2> /dev/null
before=$(pg_sql "SELECT encode(answers, 'hex') FROM kysely.response WHERE uuid = '$uuid'")
rc=0
"$KYSELY" sync --db "$T/b.db" --to "$PGURI" 2> "$T/err" || rc=$?
[ $rc = 1 ] || fail "a conflict exits $rc: $(cat "$T/err")"
grep -q "respondent $uuid: answers differ from the central copy; kept central" "$T/err" ||
	fail "the conflict is not reported: $(cat "$T/err")"
grep -q "19 already present, 0 replaced, 1 conflict" "$T/err" || fail "$(cat "$T/err")"
after=$(pg_sql "SELECT encode(answers, 'hex') FROM kysely.response WHERE uuid = '$uuid'")
[ "$before" = "$after" ] || fail "the conflicting copy overwrote central"
[ "$(pg_sql "SELECT uuid FROM kysely.conflict")" = "$uuid" ] || fail "the conflict is not recorded"
echo "ok - a conflicting edit is reported, recorded and kept out"

# a respondent left partial, synced, then finished at the terminal
printf 'profession=nurse\nregion=south\n' > "$T/part"
"$KYSELY" collect "$FORM" --db "$T/a.db" --script "$T/part" > "$T/out" 2> "$T/err" || true
pid=$("$KYSELY" collect "$FORM" --db "$T/a.db" --list-partial)
[ -n "$pid" ] || fail "no partial response: $(cat "$T/out" "$T/err")"
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" 2> "$T/err" || fail "$(cat "$T/err")"
grep -q "1 added" "$T/err" || fail "the partial respondent: $(cat "$T/err")"
printf 'q01=a\nsubmit\n' | "$KYSELY" collect "$FORM" --db "$T/a.db" --resume "$pid" --script - \
	> /dev/null 2> "$T/err" || fail "resume: $(cat "$T/err")"
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" 2> "$T/err" || fail "$(cat "$T/err")"
grep -q "0 added, 0 already present, 1 replaced, 0 conflicts" "$T/err" || fail "$(cat "$T/err")"
[ "$(pg_sql "SELECT status FROM kysely.response WHERE uuid = '$pid'")" = complete ] ||
	fail "the finished respondent is not complete centrally"
[ "$(pg_sql "SELECT count(*) FROM kysely.answer_log AS l JOIN kysely.response AS r
	ON r.id = l.response WHERE r.uuid = '$pid'")" -ge 3 ] || fail "its answer log did not come along"
echo "ok - a respondent finished after a sync replaces the partial central copy, with its log"
