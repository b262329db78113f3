#!/bin/sh
# A database locked by another process for longer than the busy timeout
# (KYSELY_BUSY_TIMEOUT_MS shortens it for the test): import, collect and
# merge stop with one `kysely: ...` line and exit 3, readers still work
# (WAL), and once the lock is gone everything goes through.
. "$SRCDIR/tests/reliability/lib.sh"
DB=$T/db
committed_db "$DB"
first_rows 20 "$T/first20.csv"
printf 'profession=nurse\nregion=west\nsubmit\n' >"$T/script"
"$KYSELY" simulate "$FORM" -n 5 --seed 3 -o "$T/site.csv" 2>/dev/null
"$KYSELY" import "$FORM" --db "$T/site.db" "$T/site.csv" 2>/dev/null

# The other process: an exclusive transaction held until we say so.
mkfifo "$T/hold"
(printf 'BEGIN EXCLUSIVE;\nSELECT %s;\n' "'locked'"; cat "$T/hold") |
	sqlite3 "$DB" >"$T/locker.out" 2>&1 &
locker=$!
exec 9>"$T/hold"
i=0
until grep -q locked "$T/locker.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "sqlite3 did not take the lock: $(cat "$T/locker.out")"
	sleep 0.05
done

export KYSELY_BUSY_TIMEOUT_MS=300
run_status "$KYSELY" import "$FORM" --db "$DB" "$T/first20.csv"
one_error $rc 3 "$T/err" "import into a locked database"
run_status "$KYSELY" collect "$FORM" --db "$DB" --script "$T/script"
one_error $rc 3 "$T/err" "collect into a locked database"
run_status "$KYSELY" merge --db "$DB" "$T/site.db"
one_error $rc 3 "$T/err" "merge into a locked database"
run_status "$KYSELY" export --db "$DB" -o "$T/read.csv"
[ $rc = 0 ] || fail "export while locked: exit $rc: $(cat "$T/err")"
cmp -s "$DB.before" "$T/read.csv" || fail "export while locked differs"

# Release the lock (ROLLBACK, then end of input): the same commands work.
echo 'ROLLBACK;' >&9
exec 9>&-
wait $locker
intact "$DB"
unset KYSELY_BUSY_TIMEOUT_MS
"$KYSELY" import "$FORM" --db "$DB" "$T/first20.csv" 2>"$T/err" || fail "import after the lock: $(cat "$T/err")"
grep -qx 'imported 10 rows, 0 rejected, 10 already present' "$T/err" || fail "import after the lock: $(cat "$T/err")"
"$KYSELY" collect "$FORM" --db "$DB" --script "$T/script" >"$T/out" 2>"$T/err" || fail "collect after the lock: $(cat "$T/err")"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM response')" = 21 ] || fail "count after the lock"
