#!/bin/sh
# kill -9 in the middle of a large import: the database holds exactly the
# responses it had before (one transaction), passes the integrity check,
# and the same import then runs to the end.
. "$SRCDIR/tests/reliability/lib.sh"
[ -r /proc/self/io ] || { echo "skip: no /proc/PID/io to see the import's progress"; exit 77; }
DB=$T/db
committed_db "$DB"
"$KYSELY" simulate "$FORM" -n 60000 --seed 9 -o "$T/many.csv" 2>/dev/null
size=$(stat -c %s "$T/many.csv")

"$KYSELY" import "$FORM" --db "$DB" "$T/many.csv" 2>"$T/err" &
pid=$!
# Kill once it has read half of the file: rows are being stored, and the
# commit (after the last row) has not begun.
i=0
while :; do
	read_bytes=$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null || echo 0)
	[ "${read_bytes:-0}" -lt $((size / 2)) ] || break
	kill -0 $pid 2>/dev/null || fail "import ended before it could be killed: $(cat "$T/err")"
	i=$((i + 1))
	[ $i -lt 6000 ] || fail "import did not get halfway in 60 s"
	sleep 0.01
done
kill -9 $pid
set +e
wait $pid
rc=$?
set -e
[ $rc = 137 ] || fail "import exit $rc, expected death by SIGKILL"
intact "$DB"
echo "ok - killed after reading $read_bytes of $size bytes: 10 responses, as before"

"$KYSELY" import "$FORM" --db "$DB" "$T/many.csv" 2>"$T/err" || fail "import after the kill: $(cat "$T/err")"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM response')" = 60010 ] || fail "count after the second import"
check=$(sqlite3 "$DB" 'PRAGMA integrity_check')
[ "$check" = ok ] || fail "integrity_check after the second import: $check"
echo "ok - the same import then stores all 60000 rows"
