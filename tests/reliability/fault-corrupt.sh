#!/bin/sh
# A corrupted database file (garbage over pages in the middle, or over the
# header): every reading command stops with one `kysely: ...` line and
# exit 3, never a crash or a silent wrong answer.
. "$SRCDIR/tests/reliability/lib.sh"
DB=$T/db
"$KYSELY" simulate "$FORM" -n 2000 --seed 5 -o "$T/many.csv" 2>/dev/null
"$KYSELY" import "$FORM" --db "$DB" "$T/many.csv" 2>/dev/null
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$DB" "$T/header.db"
size=$(stat -c %s "$DB")
# 40 KiB: over at least one whole page of 16 KiB (garbage only in a
# page's free space between its cells would be harmless, and unseen)
garbage() {
	awk 'BEGIN { for (i = 0; i < 5120; i++) printf "GARBAGE!" }' |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
garbage "$DB" $((size / 2))
garbage "$T/header.db" 0

for db in "$DB" "$T/header.db"; do
	run_status "$KYSELY" export --db "$db" -o "$T/out.csv"
	one_error $rc 3 "$T/err" "export of a corrupted database"
	run_status "$KYSELY" export --db "$db" --format long -o "$T/out.csv"
	one_error $rc 3 "$T/err" "long export of a corrupted database"
	run_status "$KYSELY" analyze --db "$db" --by profession --out "$T/analysis"
	one_error $rc 3 "$T/err" "analyze of a corrupted database"
	run_status "$KYSELY" report --db "$db" -o "$T/report.html"
	one_error $rc 3 "$T/err" "report of a corrupted database"
	run_status "$KYSELY" merge --db "$T/central.db" "$db"
	one_error $rc 3 "$T/err" "merge from a corrupted database"
done
run_status "$KYSELY" import "$FORM" --db "$T/header.db" "$T/many.csv"
one_error $rc 3 "$T/err" "import into a database with a corrupted header"
grep -qx "kysely: $T/header.db: cannot open the database: file is not a database" "$T/err" ||
	fail "the message should say what is wrong: $(cat "$T/err")"
