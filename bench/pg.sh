#!/bin/sh
# bench/pg.sh [--sizes 100000,1000000] [--kysely build/kysely]: times the
# central store (issue 21) on a private PostgreSQL cluster (tests/pg/lib.sh):
# kysely sync of N respondents into an empty store, and kysely analyze --by
# profession from the server against the same from the SQLite store (the
# median of 3 each), on the bench workload (../shared/bench/workload.py).
# Prints one markdown row per measure: wall seconds, CPU seconds of the
# kysely process, and the ratio of analyze from PostgreSQL to SQLite.
set -eu
cd "$(dirname "$0")/.."
SRCDIR=$PWD
SIZES=100000,1000000
K=$PWD/build/kysely
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) SIZES=$2; shift 2 ;;
	--kysely) K=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
	*) echo "usage: bench/pg.sh [--sizes N,N] [--kysely PATH]" >&2; exit 2 ;;
	esac
done
SHARED=${SHARED:-$SRCDIR/../shared}
. "$SRCDIR/tests/pg/lib.sh"
W=$(mktemp -d)
trap 'pg_stop; rm -rf "$W"' EXIT
pg_start

# timed LABEL CMD...: prints "wall cpu" of CMD to $W/t.LABEL
timed() {
	label=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$W/t" "$@" > /dev/null 2> "$W/err" ||
		{ cat "$W/err" >&2; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$W/t" >> "$W/t.$label"
}
median() { sort -n "$1" | sed -n 2p; }

echo "| measure | respondents | wall s | CPU s (kysely) | ratio to SQLite |"
echo "|---|---:|---:|---:|---:|"
for n in $(echo "$SIZES" | tr , ' '); do
	python3 "$SHARED/bench/workload.py" "$n" "$W/w.csv"
	"$K" import "$SHARED/bench/form" --db "$W/w.db" "$W/w.csv" 2> /dev/null
	pg_sql "DROP SCHEMA IF EXISTS kysely CASCADE" 2> /dev/null
	timed sync "$K" sync --db "$W/w.db" --to "$PGURI"
	for r in 1 2 3; do
		rm -rf "$W/o1" "$W/o2"
		timed sqlite "$K" analyze --db "$W/w.db" --by profession --out "$W/o1"
		timed pg "$K" analyze --db "$PGURI" --by profession --out "$W/o2"
	done
	set -- $(cat "$W/t.sync")
	echo "| kysely sync | $n | $1 | $2 | |"
	set -- $(median "$W/t.sqlite")
	s=$1
	echo "| kysely analyze, SQLite | $n | $1 | $2 | |"
	set -- $(median "$W/t.pg")
	echo "| kysely analyze, PostgreSQL | $n | $1 | $2 | $(awk -v a="$1" -v b="$s" 'BEGIN { printf "%.1f×", a / b }') |"
	rm -f "$W"/t.* "$W/w.db" "$W/w.db-wal" "$W/w.db-shm"
done
