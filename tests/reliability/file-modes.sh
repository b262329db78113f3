#!/bin/sh
# Privacy of files: with a permissive umask (000), the database and its
# -wal and -shm files, exports (wide, long, codebook), rejects, analysis
# output, simulated responses, a merged database, the HTML report and its
# charts are all 0600 (folders 0700), and an export over an older
# world-readable file makes it 0600.
. "$SRCDIR/tests/reliability/lib.sh"
umask 000
mode() { stat -c %a "$1"; }
expect_mode() {
	[ -e "$2" ] || fail "$2 missing"
	m=$(mode "$2")
	[ "$m" = "$1" ] || fail "$2: mode $m, expected $1"
	echo "ok - $(basename "$2"): $m"
}

"$KYSELY" import "$FORM" --db "$T/db" "$SRCDIR/tests/data/import-bad.csv" --rejects "$T/rejects.csv" 2>/dev/null || true
expect_mode 600 "$T/db"
expect_mode 600 "$T/rejects.csv"

# -wal and -shm exist while a session is open: collect waits on a fifo.
mkfifo "$T/script"
"$KYSELY" collect "$FORM" --db "$T/db" --script "$T/script" >"$T/collect.out" 2>"$T/collect.err" &
pid=$!
exec 9>"$T/script"
printf 'profession=nurse\nregion=west\n' >&9
i=0
until [ -s "$T/db-wal" ] && [ -e "$T/db-shm" ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "no -wal file while collect runs: $(cat "$T/collect.err")"
	sleep 0.05
done
expect_mode 600 "$T/db-wal"
expect_mode 600 "$T/db-shm"
printf 'submit\n' >&9
exec 9>&-
wait $pid || fail "collect: $(cat "$T/collect.err")"

"$KYSELY" export --db "$T/db" -o "$T/wide.csv" --codebook "$T/codebook.csv"
"$KYSELY" export --db "$T/db" --format long -o "$T/long.csv"
expect_mode 600 "$T/wide.csv"
expect_mode 600 "$T/codebook.csv"
expect_mode 600 "$T/long.csv"
# an older file of the same name, readable by everybody, becomes private
: >"$T/old.csv"
chmod 644 "$T/old.csv"
"$KYSELY" export --db "$T/db" -o "$T/old.csv"
expect_mode 600 "$T/old.csv"
"$KYSELY" export --db "$T/db" -o /dev/null
[ "$(stat -c %a /dev/null)" = 666 ] || fail "export changed the mode of /dev/null"
"$KYSELY" analyze --db "$T/db" --out "$T/analysis" >/dev/null
expect_mode 700 "$T/analysis"
expect_mode 600 "$T/analysis/estimates.csv"
expect_mode 600 "$T/analysis/tests.csv"
"$KYSELY" simulate "$FORM" -n 5 --seed 1 -o "$T/sim.csv"
expect_mode 600 "$T/sim.csv"
"$KYSELY" import "$FORM" --db "$T/site.db" "$T/sim.csv" 2>/dev/null
"$KYSELY" merge --db "$T/central.db" "$T/site.db" "$T/db" 2>/dev/null
expect_mode 600 "$T/central.db"
"$KYSELY" report --db "$T/db" -o "$T/report.html" --charts "$T/charts" 2>/dev/null
expect_mode 600 "$T/report.html"
expect_mode 700 "$T/charts"
for svg in "$T"/charts/*.svg; do
	expect_mode 600 "$svg"
done
