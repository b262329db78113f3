#!/bin/sh
# analyze reads select questions in one pass into sums (src/analyze/stream.c)
# and everything else into columns; --plan columns forces columns
# for every question. Both paths must give the same estimates.csv and
# tests.csv (numbers at rtol 1e-9, all text equal) for the bundled study
# and the benchmark workload under every kind of design and grouping.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }

# A stratum must be known for every respondent: the study leaves out the
# partial respondents who stopped before the region question.
python3 - "$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" "$T/study.csv" <<'PY' || fail "no study"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
region = rows[0].index("region")
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(r for r in rows if r[region])
PY
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/study.db" "$T/study.csv" >/dev/null 2>&1 ||
	fail "import of the study"
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

PLAN=auto   # the plan compared with --plan columns
check() {
	db=$1
	shift
	rm -rf "$T/cols" "$T/sums"
	"$KYSELY" analyze --db "$db" --plan columns --digits 15 --out "$T/cols" "$@" \
		2>"$T/err" || fail "columns: $*: $(cat "$T/err")"
	"$KYSELY" analyze --db "$db" --plan "$PLAN" --digits 15 --out "$T/sums" "$@" 2>"$T/err" ||
		fail "$PLAN: $*: $(cat "$T/err")"
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
# without derived statistics every question is summed and the design is
# built over cells (analyze.h, cells_as_rows); the middle path sums the
# questions but keeps respondent rows for grouping and design
PLAN=sums
check "$T/bench.db" --weight weight --strata region --cluster profession --by profession
check "$T/bench.db" --by region --by lang
PLAN=auto

# a plan that does not exist is a usage error
set +e
"$KYSELY" analyze --db "$T/study.db" --plan fast --out "$T/o" 2>"$T/err"
rc=$?
set -e
[ $rc = 2 ] && grep -q "'--plan fast': expected auto, columns or sums" "$T/err" ||
	fail "--plan fast: exit $rc: $(cat "$T/err")"
grep -q '^plan,sums$' "$T/sums/run.csv" || fail "run.csv does not record --plan sums"

# bad design values: the same message on every path, naming the first
# respondent at fault even when another opened its cell
python3 - "$T/bench.csv" "$T/bad.csv" "$T/bad2.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
rows[40][head.index("weight")] = "0"
rows[70][head.index("weight")] = ""
rows[90][head.index("region")] = ""
rows[95][head.index("weight")] = "-1"
csv.writer(open(sys.argv[2], "w", newline="")).writerows(rows)
rows[70][head.index("weight")] = "1.5"
csv.writer(open(sys.argv[3], "w", newline="")).writerows(rows)
PY
for f in bad bad2; do
	"$KYSELY" import "$SHARED/bench/form" --db "$T/$f.db" "$T/$f.csv" >/dev/null 2>&1 || fail "import of $f.csv"
done
bad() {
	db=$1
	expected=$2
	shift 2
	set +e
	"$KYSELY" analyze --db "$db" --plan columns --out "$T/o" "$@" 2>"$T/cols.err"
	rc_cols=$?
	"$KYSELY" analyze --db "$db" --out "$T/o" "$@" 2>"$T/sums.err"
	rc_sums=$?
	set -e
	[ $rc_cols = 1 ] && [ $rc_sums = 1 ] || fail "$*: exit $rc_cols by columns, $rc_sums by sums"
	cmp -s "$T/cols.err" "$T/sums.err" || fail "$*: '$(cat "$T/cols.err")' by columns, '$(cat "$T/sums.err")' by sums"
	grep -q "$expected" "$T/sums.err" || fail "$*: $(cat "$T/sums.err")"
	echo "ok - $* fails alike: $(cat "$T/sums.err")"
}
id40=$(sed -n 41p "$T/bad.csv" | cut -d, -f1)
id70=$(sed -n 71p "$T/bad.csv" | cut -d, -f1)
id90=$(sed -n 91p "$T/bad.csv" | cut -d, -f1)
bad "$T/bad.db" "respondent '$id70': weight 'weight' is empty" --weight weight --by profession
bad "$T/bad2.db" "respondent '$id40': weight 0 is not positive" --weight weight --by profession
bad "$T/bad.db" "respondent '$id90': no strata" --strata region --by profession
bad "$T/bad.db" "respondent '$id90': no strata" --strata region --cluster profession --by lang

# a number with more distinct values than the sums take: read again as a column
PLAN=auto,values=2000
check "$T/bench.db" --weight weight --strata region --by profession
PLAN=auto,values=100
check "$T/study.db" --by profession
# more cells than the sums' memory budget (a cluster nearly as fine as the
# respondents): every question read again as columns
PLAN=auto,cells=4
check "$T/bench.db" --weight weight --strata region --cluster profession --by profession
check "$T/study.db" --by region
PLAN=auto
check "$T/bench.db" --weight weight --cluster weight --by profession

# a select_multiple option tested on its own: tests.csv level = the option,
# chosen or not among those who answered, by the groups (Pearson's X^2
# recomputed here from the responses file)
rm -rf "$T/o"
"$KYSELY" analyze --db "$T/bench.db" --by profession --digits 15 --out "$T/o" 2>"$T/err" || fail "$(cat "$T/err")"
python3 - "$T/bench.csv" "$T/o/tests.csv" <<'PY' || fail "per-option test"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["m2"].strip()]
profs = sorted({r["profession"] for r in rows})
table = {(c, p): 0 for c in (True, False) for p in profs}
for r in rows:
    table[("web" in r["m2"].split(), r["profession"])] += 1
n = len(rows)
x2 = 0.0
for c in (True, False):
    for p in profs:
        e = sum(table[(c, q)] for q in profs) * sum(table[(d, p)] for d in (True, False)) / n
        x2 += (table[(c, p)] - e) ** 2 / e
got = [r for r in csv.DictReader(open(sys.argv[2], newline=""))
       if r["variable"] == "m2" and r["level"] == "web" and r["test"] == "chisq"]
if len(got) != 1 or abs(float(got[0]["statistic"]) - x2) > 1e-9 * x2 or int(got[0]["n"]) != n:
    sys.exit("m2/web: %s, expected X2 %.12g on %d" % (got, x2, n))
levels = {r["level"] for r in csv.DictReader(open(sys.argv[2], newline="")) if r["variable"] == "m1"}
if levels != {"email", "phone", "web", "print", "radio", "tv", "social", "events"}:
    sys.exit("m1 options tested: %s" % sorted(levels))
PY
echo "ok - select_multiple options tested on their own (level), X^2 as computed from the file"
