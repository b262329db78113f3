#!/bin/sh
# Import checks the fixed columns as collect writes them (kysely.1):
# started and completed are real instants (month, day of that month, leap
# years, hours 0-23, minutes and seconds 0-59, offsets within +-14:00),
# each bad one rejected with FILE: line N: 'COLUMN'; the good ones stored
# as written.
. "$SRCDIR/tests/reliability/lib.sh"
EX=$SRCDIR/surveys/example-onefile.csv
cat >"$T/ts.csv" <<'CSV'
respondent,status,started,completed,role
r2,partial,0000-00-00T00:00:00Z,,nurse
r3,partial,9999-12-31T99:99:99+99:99,,nurse
r4,partial,2023-02-29T10:00:00Z,,nurse
r5,partial,2024-13-01T10:00:00Z,,nurse
r6,partial,2024-01-01T24:00:00Z,,nurse
r7,partial,2024-01-01T23:60:00Z,,nurse
r8,partial,2024-01-01T23:59:60Z,,nurse
r9,partial,2024-01-01T10:00:00+14:30,,nurse
r10,partial,2024-01-01T10:00:00+15:00,,nurse
r11,partial,2024-01-01T10:00Z,,nurse
r12,partial,2024-04-31T10:00:00Z,,nurse
r13,partial,2024-02-29T23:59:59.5+14:00,,nurse
r14,partial,2024-01-01 00:00:00,,nurse
r15,partial,2024-12-31T12:00:00-12:00,,nurse
r16,complete,2000-02-29T00:00:00Z,2000-02-29T00:10:00Z,nurse
r17,complete,2024-01-01T10:00:00Z,2024-01-01T10:00:00+1:00,nurse
r18,complete,2024-01-01T10:00:00Z,2024-01-01T10:00:00.Z,nurse
CSV
run_status "$KYSELY" import "$EX" --db "$T/db" "$T/ts.csv"
[ $rc = 1 ] || fail "exit $rc: $(cat "$T/err")"
for l in 2 3 4 5 6 7 8 9 10 11 12; do
	grep -q "^kysely: $T/ts.csv: line $l: 'started': not an ISO 8601 instant" "$T/err" ||
		fail "line $l: $(grep "line $l:" "$T/err" || echo no message)"
done
for l in 17 18; do
	grep -q "^kysely: $T/ts.csv: line $l: 'completed': not an ISO 8601 instant" "$T/err" ||
		fail "line $l: $(grep "line $l:" "$T/err" || echo no message)"
done
grep -qx "imported 4 rows, 13 rejected, 0 already present" "$T/err" || fail "summary: $(cat "$T/err")"
got=$(sqlite3 "$T/db" "SELECT group_concat(started, '|') FROM (SELECT started FROM response ORDER BY id)")
[ "$got" = "2024-02-29T23:59:59.5+14:00|2024-01-01 00:00:00|2024-12-31T12:00:00-12:00|2000-02-29T00:00:00Z" ] ||
	fail "stored: $got"
echo "ok - 13 impossible timestamps rejected by line and column, 4 real ones stored as written"
