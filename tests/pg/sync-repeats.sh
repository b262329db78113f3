#!/bin/sh
# Repeats through the central store: kysely sync carries every
# respondent's instances (nested too), and reading commands on the
# central store give what they give on the terminal's store (export's
# main and repeat files, analyze with the repeats' estimates). A partial
# respondent who went on adding and removing instances is replaced at
# the next sync; an unchanged one is present, not sent again.
set -eu
. "$SRCDIR/tests/pg/lib.sh"
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
FORM=$SRCDIR/tests/forms/repeats

pg_start || fail "cannot start PostgreSQL"
"$KYSELY" simulate "$FORM" -n 120 --seed 5 -o "$T/r.csv"
"$KYSELY" import "$FORM" --db "$T/a.db" "$T/r.csv" 2> /dev/null
# one respondent with children is still answering (partial) at the first sync
uuid=$(sqlite3 "$T/a.db" "SELECT r.uuid FROM response AS r WHERE
	(SELECT count(*) FROM repeat_instance AS i WHERE i.response = r.id AND i.repeat = 'child') >= 2
	ORDER BY r.id LIMIT 1")
[ -n "$uuid" ] || fail "setup: no respondent with two children"
sqlite3 "$T/a.db" "UPDATE response SET status = 'partial', completed = NULL WHERE uuid = '$uuid'"
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" --batch 50 2> "$T/err" || fail "sync: $(cat "$T/err")"
grep -q "120 added, 0 already present" "$T/err" || fail "first sync: $(cat "$T/err")"
[ "$(pg_sql 'SELECT count(*) FROM kysely.repeat_instance')" = \
  "$(sqlite3 "$T/a.db" 'SELECT count(*) FROM repeat_instance')" ] ||
	fail "the central store has not every instance"
[ "$(pg_sql "SELECT count(*) FROM kysely.repeat_instance WHERE repeat = 'visit' AND parent IS NULL")" = 0 ] ||
	fail "a nested instance lost its parent"

same_export() {   # same_export TAG: export both ways, every file the same bytes
	"$KYSELY" export --db "$T/a.db" -o "$T/a-$1.csv" 2> /dev/null
	"$KYSELY" export --db "$PGURI" -o "$T/c-$1.csv" 2> "$T/err" || fail "export: $(cat "$T/err")"
	for f in "" -child -visit -adult; do
		[ -s "$T/a-$1$f.csv" ] || fail "no a-$1$f.csv"
		cmp -s "$T/a-$1$f.csv" "$T/c-$1$f.csv" || fail "$1: $f file differs between the stores"
	done
}
same_export first
echo "ok - every instance synced; export gives the same files from either store"

for side in a c; do
	if [ $side = a ]; then db=$T/a.db; else db=$PGURI; fi
	"$KYSELY" analyze --db "$db" --out "$T/an-$side" 2> "$T/err" || fail "analyze: $(cat "$T/err")"
	sed -i '/^database,/d; /^out,/d; /^started,/d' "$T/an-$side/run.csv"
done
grep -q ',child_age,' "$T/an-a/estimates.csv" || fail "no estimate of the repeat's child_age"
diff -r "$T/an-a" "$T/an-c" > "$T/diff" || fail "analyze differs: $(head -5 "$T/diff")"
echo "ok - analyze on the central store estimates the repeats as on the terminal's"

# the partial respondent goes on: one child removed (its visits with it),
# the rest renumbered, the response marked changed
sqlite3 "$T/a.db" "PRAGMA foreign_keys = ON;
	DELETE FROM repeat_instance WHERE repeat = 'child' AND position = 1 AND
		response = (SELECT id FROM response WHERE uuid = '$uuid');
	UPDATE repeat_instance SET position = position - 1 WHERE repeat = 'child' AND
		response = (SELECT id FROM response WHERE uuid = '$uuid');
	UPDATE response SET updated = '2099-01-01T00:00:00.000Z' WHERE uuid = '$uuid'"
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" 2> "$T/err" || fail "second sync: $(cat "$T/err")"
grep -q "0 added, 0 already present, 1 replaced, 0 conflicts" "$T/err" ||
	fail "second sync: $(cat "$T/err")"
same_export second
# sent again from the start: every respondent present, nothing replaced
sqlite3 "$T/a.db" "DELETE FROM sync_state"
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" 2> "$T/err" || fail "third sync: $(cat "$T/err")"
grep -q "0 added, 120 already present, 0 replaced, 0 conflicts" "$T/err" ||
	fail "third sync: $(cat "$T/err")"
# a complete respondent whose instances differ from the central copy's
# is a conflict; the central copy stays
other=$(sqlite3 "$T/a.db" "SELECT r.uuid FROM response AS r WHERE r.status = 'complete' AND
	EXISTS (SELECT 1 FROM repeat_instance AS i WHERE i.response = r.id AND i.repeat = 'adult')
	ORDER BY r.id LIMIT 1")
sqlite3 "$T/a.db" "PRAGMA foreign_keys = ON; DELETE FROM repeat_instance WHERE repeat = 'adult'
	AND response = (SELECT id FROM response WHERE uuid = '$other');
	UPDATE response SET updated = '2099-01-02T00:00:00.000Z' WHERE uuid = '$other'"
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" 2> "$T/err" && fail "a conflict exited 0"
grep -q "respondent $other: answers differ" "$T/err" && grep -q " 1 conflict" "$T/err" ||
	fail "fourth sync: $(cat "$T/err")"
[ "$(pg_sql "SELECT count(*) FROM kysely.repeat_instance AS i JOIN kysely.response AS r
	ON r.id = i.response WHERE r.uuid = '$other' AND i.repeat = 'adult'")" -gt 0 ] ||
	fail "the conflict changed the central copy"
echo "ok - changed instances replace a partial central copy, are a conflict for a complete one"
