#!/bin/sh
# A 1 GB responses file imports in bounded memory: peak RSS under
# KYSELY_HUGE_RSS_MIB (200) and every row stored. The file is 2.55 million
# respondents of the bundled survey from `kysely simulate` (1.08 GB),
# streamed through a fifo so it never sits on disk; about a minute, so
# dev.sh runs it in the plain build only (KYSELY_SLOW_TESTS=1).
# KYSELY_HUGE_SOURCE=bench takes 4.4 million rows of the benchmark form
# from ../shared/bench/workload.py instead (Python: several minutes);
# KYSELY_HUGE_ROWS sets the row count. What would grow with the rows (the
# ids seen, pages read through mmap) stays on disk: see
# src/store/store-import.c.
. "$SRCDIR/tests/reliability/lib.sh"
if [ "${KYSELY_SLOW_TESTS:-0}" != 1 ]; then
	echo "skip: set KYSELY_SLOW_TESTS=1 to import 1 GB (a minute)"
	exit 77
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time not installed"; exit 77; }
# the database and its write-ahead log take about 3 GB until the commit
avail_kib=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
[ "${avail_kib:-0}" -ge 4000000 ] || { echo "skip: 4 GB free needed in $T, $((${avail_kib:-0} / 1024)) MiB there"; exit 77; }
LIMIT_MIB=${KYSELY_HUGE_RSS_MIB:-200}
mkfifo "$T/responses.csv"
if [ "${KYSELY_HUGE_SOURCE:-simulate}" = bench ]; then
	command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
	ROWS=${KYSELY_HUGE_ROWS:-4400000}
	FORM=$SHARED/bench/form
	python3 "$SHARED/bench/workload.py" "$ROWS" /dev/stdout | dd bs=1M of="$T/responses.csv" 2>"$T/dd.log" &
else
	ROWS=${KYSELY_HUGE_ROWS:-2550000}
	FORM=$SRCDIR/surveys/ht-needs
	"$KYSELY" simulate "$FORM" -n "$ROWS" --seed 1 | dd bs=1M of="$T/responses.csv" 2>"$T/dd.log" &
fi
gen=$!
start=$(date +%s)
set +e
/usr/bin/time -v "$KYSELY" import "$FORM" --db "$T/db" "$T/responses.csv" 2>"$T/err"
rc=$?
set -e
end=$(date +%s)
wait $gen || fail "the generator failed: $(cat "$T/dd.log")"
[ $rc = 0 ] || fail "import exit $rc: $(grep -v '^	' "$T/err")"
grep -qx "imported $ROWS rows, 0 rejected, 0 already present" "$T/err" || fail "summary: $(grep -v '^	' "$T/err")"
bytes=$(sed -n 's/^\([0-9]*\) bytes.*copied.*/\1/p' "$T/dd.log")
rss_kib=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/err")
cpu=$(sed -n 's/^.*User time (seconds): //p' "$T/err")
sys=$(sed -n 's/^.*System time (seconds): //p' "$T/err")
count=$(sqlite3 "$T/db" 'SELECT count(*) FROM response')
[ "$count" = "$ROWS" ] || fail "$count rows stored, expected $ROWS"
echo "ok - $bytes bytes, $ROWS rows in $((end - start)) s (CPU $cpu s user, $sys s system), peak RSS $((rss_kib / 1024)) MiB, database $(stat -c %s "$T/db") bytes"
[ "$rss_kib" -lt $((LIMIT_MIB * 1024)) ] || fail "peak RSS $((rss_kib / 1024)) MiB over $LIMIT_MIB MiB"
[ -n "${KYSELY_HUGE_ROWS:-}" ] || [ "$bytes" -ge 1000000000 ] || fail "only $bytes bytes: not the 1 GB this test promises"
