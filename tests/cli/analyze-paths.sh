#!/bin/sh
# analyze reads select questions in one pass into sums (src/analyze/stream.c)
# and everything else into columns; KYSELY_ANALYZE_COLUMNS=1 forces columns
# for every question. Both paths must give the same estimates.csv and
# tests.csv (numbers at rtol 1e-9, all text equal) for the bundled study
# and the benchmark workload under every kind of design and grouping.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }

"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/study.db" \
	"$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" >/dev/null 2>&1 || fail "import of the study"
python3 "$SHARED/bench/workload.py" 3000 "$T/bench.csv" >/dev/null 2>&1 || fail "workload.py"
"$KYSELY" import "$SHARED/bench/form" --db "$T/bench.db" "$T/bench.csv" >/dev/null 2>&1 || fail "import of the workload"

cat > "$T/compare.py" <<'PY'
import csv, math, sys
a_dir, b_dir = sys.argv[1], sys.argv[2]
for name in ("estimates.csv", "tests.csv"):
    a = list(csv.reader(open(a_dir + "/" + name, newline="")))
    b = list(csv.reader(open(b_dir + "/" + name, newline="")))
    if len(a) != len(b):
        sys.exit("%s: %d rows by columns, %d by sums" % (name, len(a), len(b)))
    for line, (x, y) in enumerate(zip(a, b), 1):
        for col, (u, v) in enumerate(zip(x, y)):
            if u == v:
                continue
            try:
                fu, fv = float(u), float(v)
            except ValueError:
                sys.exit("%s:%d: column %d: '%s' by columns, '%s' by sums" % (name, line, col + 1, u, v))
            if not math.isclose(fu, fv, rel_tol=1e-9, abs_tol=1e-12):
                sys.exit("%s:%d: %s: %s by columns, %s by sums" % (name, line, a[0][col], u, v))
PY

check() {
	db=$1
	shift
	rm -rf "$T/cols" "$T/sums"
	KYSELY_ANALYZE_COLUMNS=1 "$KYSELY" analyze --db "$db" --digits 15 --out "$T/cols" "$@" \
		2>"$T/err" || fail "columns: $*: $(cat "$T/err")"
	"$KYSELY" analyze --db "$db" --digits 15 --out "$T/sums" "$@" 2>"$T/err" || fail "sums: $*: $(cat "$T/err")"
	python3 "$T/compare.py" "$T/cols" "$T/sums" || fail "$db $*"
	rows=$(wc -l < "$T/sums/estimates.csv")
	echo "ok - $(basename "$db") $* ($rows rows)"
}

for db in "$T/study.db" "$T/bench.db"; do
	check "$db"
	check "$db" --by profession
	check "$db" --by region --by profession
	check "$db" --by lang
	check "$db" --strata region --by profession
	check "$db" --cluster profession --strata region --by lang
	check "$db" --min-cell 5 --by profession
	check "$db" --complete-only --by region --method jeffreys
done
check "$T/bench.db" --weight weight --by profession
check "$T/bench.db" --weight weight --strata region --cluster profession --by profession
check "$T/bench.db" --weight weight --strata region --fpc 100000 --by region
check "$T/bench.db" --weight weight --cluster region --method korn-graubard
check "$T/study.db" --strata profession --by region --method wald
# a calibrated design always reads columns: the same numbers either way
check "$T/study.db" --poststratify "$SRCDIR/data-samples/population-by-profession-synthetic.csv" --by region
# a number with more distinct values than the sums take: read again as a column
KYSELY_STREAM_MAX_ENTRIES=2000 check "$T/bench.db" --weight weight --strata region --by profession
KYSELY_STREAM_MAX_ENTRIES=100 check "$T/study.db" --by profession
