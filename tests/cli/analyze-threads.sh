#!/bin/sh
# analyze-threads.sh - --threads N gives the same files to the last byte
# for every N: the blocks of ids are the same whatever the threads and
# their sums are added in block order (src/analyze/read-blocks.c). Small
# blocks (--plan auto,block=N) make many of them at a small size. Cases:
# weighted and unweighted sums by group, a design with strata and
# clusters, an older version read first, the numbers read again as
# columns (values=N) and every question so (cells=N), the quality table's
# speeders and straight-liners (plain and for Excel), the weight checks naming the respondent
# the checks over respondents name, kysely report; a row per respondent
# (--plan sums and columns, an fpc that keeps the ids, a
# population file), whose blocks' rows are appended in block order; then
# items.csv of a scored form and kysely model (its linear fit's QR in
# blocks of rows on the threads too), alike for any N. run.csv
# differs only in its threads row.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
src=$(cd "$SRCDIR" && pwd)

# a form without scored items, so that the sums have a row per cell
mkdir "$T/v1" "$T/v2"
cat > "$T/v2/survey.csv" <<'EOF'
type,name,label
select_one agree,q1,Q1
select_one agree,q2,Q2
select_one agree,q3,Q3
select_one agree,q4,Q4
select_multiple media,m,Media
integer,years,Years
decimal,hours,Hours
EOF
cat > "$T/v2/choices.csv" <<'EOF'
list_name,name,label
agree,sd,Strongly disagree
agree,d,Disagree
agree,n,Neither
agree,a,Agree
agree,sa,Strongly agree
media,web,Web
media,tv,TV
media,print,Print
media,radio,Radio
EOF
printf 'form_id,version\nthr,2\n' > "$T/v2/settings.csv"
grep -v '^select_one agree,q4' "$T/v2/survey.csv" > "$T/v1/survey.csv"
cp "$T/v2/choices.csv" "$T/v1/choices.csv"
printf 'form_id,version\nthr,1\n' > "$T/v1/settings.csv"

python3 - "$T" <<'PY'
import random, sys
T = sys.argv[1]
rng = random.Random(22)
levels = ["sd", "d", "n", "a", "sa"]
media = ["web", "tv", "print", "radio"]
profs = ["nurse", "doctor", "midwife", "engineer"]
def rows(n, qs, first, bad_weights):
    out = []
    for i in range(n):
        p = rng.choice(profs)
        if rng.random() < 0.1:     # a straight-liner
            ans = [rng.choice(levels)] * qs
        else:
            ans = [rng.choice(levels + [""]) for _ in range(qs)]
        m = " ".join(x for x in media if rng.random() < 0.4)
        mins = rng.choice([3, 4, 20, 25, 30, 31, 40]) if rng.random() < 0.95 else ""
        start = "2024-05-%02dT10:%02d:00" % (1 + i % 28, i % 60)
        end = "" if mins == "" else "2024-05-%02dT11:%02d:%02d" % (1 + i % 28, (i + mins) % 60, i % 7)
        w = "%.4f" % (0.5 + rng.random() * 2)
        w = bad_weights.get(i, w)
        status = "partial" if rng.random() < 0.05 else "complete"
        years = str(rng.randint(0, 40)) if rng.random() < 0.9 else ""
        hours = "%.1f" % rng.uniform(10, 60)
        out.append(["r%d" % (first + i), status, start, end, "", p, rng.choice("ns"),
                    "psu%d" % rng.randint(1, 12)] + ans + [m, years, hours, w])
    return out
def write(path, qs, data):
    head = ["respondent", "status", "started", "completed", "lang", "profession", "region",
            "psu"] + ["q%d" % (k + 1) for k in range(qs)] + ["m", "years", "hours", "weight"]
    with open(path, "w") as f:
        for r in [head] + data:
            f.write(",".join(r) + "\n")
write(T + "/v1.csv", 3, rows(300, 3, 0, {}))
write(T + "/v2.csv", 4, rows(2000, 4, 1000, {}))
# a weight of zero, then one that is no number: the second names the cell
write(T + "/bad.csv", 4, rows(900, 4, 5000, {300: "0", 700: "x"}))
# two not positive: the first names its cell
write(T + "/zero.csv", 4, rows(900, 4, 7000, {300: "0", 301: "-1", 650: "0"}))
PY
"$KYSELY" import "$T/v1" --db "$T/s.db" "$T/v1.csv" > /dev/null 2>&1
"$KYSELY" import "$T/v2" --db "$T/s.db" "$T/v2.csv" > /dev/null 2>&1
"$KYSELY" import "$T/v2" --db "$T/bad.db" "$T/bad.csv" > /dev/null 2>&1
"$KYSELY" import "$T/v2" --db "$T/zero.db" "$T/zero.csv" > /dev/null 2>&1

# same DIR1 DIR2: every file alike, run.csv but for its threads row
same() {
	[ "$(ls "$1")" = "$(ls "$2")" ] || fail "$1 and $2 hold other files: $(ls "$1") / $(ls "$2")"
	for f in "$1"/*; do
		b=$(basename "$f")
		if [ "$b" = run.csv ]; then
			grep -v '^\(threads\|out\|started\)[,;]' "$f" > "$T/a"
			grep -v '^\(threads\|out\|started\)[,;]' "$2/$b" > "$T/b"
			cmp -s "$T/a" "$T/b" || fail "$1/$b and $2/$b differ: $(diff "$T/a" "$T/b")"
		else
			cmp -s "$f" "$2/$b" || fail "$f and $2/$b differ: $(diff "$f" "$2/$b" | head -4)"
		fi
	done
}

# near A B RTOL: two CSV files alike but for numbers within RTOL
near() {
	python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1])))
b = list(csv.reader(open(sys.argv[2])))
rtol = float(sys.argv[3])
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    for u, v in zip(x, y):
        if u == v:
            continue
        fu, fv = float(u), float(v)
        assert abs(fu - fv) <= rtol * max(1, abs(fu)), (x, y)
PY
}

# run NAME ARGS...: analyze with 1, 2 and 3 threads and 2 with the
# default blocks, the files compared
run() {
	name=$1
	shift
	for n in 1 2 3; do
		"$KYSELY" analyze --db "$T/s.db" --digits 15 --threads "$n" --out "$T/$name-$n" "$@" \
			2> "$T/$name-$n.err" || fail "$name, $n threads: $(cat "$T/$name-$n.err")"
	done
	same "$T/$name-1" "$T/$name-2"
	same "$T/$name-1" "$T/$name-3"
	cmp -s "$T/$name-1.err" "$T/$name-3.err" || fail "$name: stderr differs: $(cat "$T/$name-1.err") / $(cat "$T/$name-3.err")"
	grep -qx "threads[,;]3" "$T/$name-3/run.csv" || fail "$name: run.csv: $(grep threads "$T/$name-3/run.csv")"
}
run plain --plan auto,block=37
run weighted --by profession --weight weight --plan auto,block=37
run design --by profession --strata region --cluster psu --weight weight --plan auto,block=53
run crossed --by profession --by region --weight weight --plan auto,block=1
run values --by profession --weight weight --plan auto,block=37,values=200
run cells --by profession --cluster psu --weight weight --plan auto,block=37,cells=20
run default-blocks --by profession --weight weight
run excel --by profession --weight weight --excel --plan auto,block=29
run rows --by profession --weight weight --plan sums,block=37
run rows-cells --by profession --cluster psu --weight weight --plan sums,block=37,cells=20
run columns --by profession --by region --weight weight --plan columns,block=31
printf 'region,population\nn,60000\ns,40000\n' > "$T/pop.csv"
run fpc --by profession --strata region --fpc 50000 --plan columns,block=37
run poststratified --by profession --poststratify "$T/pop.csv" --plan auto,block=43
grep -q "1 older version read" "$T/plain-1.err" || fail "no older version read: $(cat "$T/plain-1.err")"
[ "$(grep -c '' "$T/weighted-1/quality.csv")" -gt 50 ] || fail "too few rows in quality.csv"
# the sums and the threads agree with the rows read one by one (--plan
# sums: a row per respondent) to rounding
"$KYSELY" analyze --db "$T/s.db" --digits 15 --by profession --weight weight --plan sums \
	--out "$T/rows" 2>/dev/null
near "$T/weighted-2/estimates.csv" "$T/rows/estimates.csv" 1e-9 || fail "sums on threads and rows differ"

# the weight checks: the respondent named is the one rows read one by
# one would name, whatever the threads and blocks
for db in bad:r5700 zero:r7300; do
	for args in "--threads 1 --plan auto,block=64" "--threads 2 --plan auto,block=64" \
		"--threads 3 --plan auto,block=7" "--threads 2" "--plan sums"; do
		# shellcheck disable=SC2086
		expect_exit 1 "$KYSELY" analyze --db "$T/${db%:*}.db" --by profession --weight weight \
			--out "$T/bad" $args
		cp "$T/err" "$T/bad-$(echo "$args" | tr -c 'a-z0-9' _).err"
	done
	grep -q "'${db#*:}'" "$T/err" || fail "${db%:*}: ${db#*:} is not named: $(cat "$T/err")"
	for f in "$T"/bad-*.err; do
		cmp -s "$f" "$T/err" || fail "weight check with ${f#"$T"/bad-}: $(cat "$f") / $(cat "$T/err")"
	done
done

# kysely report reads through the same scan (the day it was made aside)
for n in 1 2; do
	"$KYSELY" report --db "$T/s.db" -o "$T/report-$n.html" --by profession --weight weight \
		--threads $n --plan auto,block=41 2>/dev/null
	sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]/DAY/g' "$T/report-$n.html" > "$T/report-$n.txt"
done
cmp -s "$T/report-1.txt" "$T/report-2.txt" || fail "report: $(diff "$T/report-1.txt" "$T/report-2.txt" | head -4)"

# --threads takes a whole number from 1
expect_exit 2 "$KYSELY" analyze --db "$T/s.db" --out "$T/x" --threads 0
grep -q "'--threads'" "$T/err" || fail "--threads 0: $(cat "$T/err")"

# a scored form (items.csv) and kysely model: alike
here=$src/tests/reference-own
"$KYSELY" import "$here/knowledge/form" --db "$T/k.db" "$here/knowledge/responses.csv" 2>/dev/null
"$KYSELY" import "$here/model/form" --db "$T/m.db" "$here/model/responses.csv" > /dev/null 2>&1
for n in 1 2 3; do
	"$KYSELY" analyze --db "$T/k.db" --by grp --weight wt --digits 15 --threads $n \
		--plan auto,block=5 --out "$T/items-$n"
	"$KYSELY" model --db "$T/m.db" --digits 15 --weight wt --threads $n --out "$T/model-$n" \
		--plan auto,block=7 'sat ~ prof + region + years' 'aware=yes ~ prof + years' > /dev/null
done
[ -s "$T/items-1/items.csv" ] || fail "no items.csv"
same "$T/items-1" "$T/items-2"
same "$T/items-1" "$T/items-3"
same "$T/model-1" "$T/model-2"
same "$T/model-1" "$T/model-3"
# and equal to the default blocks' to rounding (the linear fit's QR
# goes by the blocks too: analysis/tsqr.c)
"$KYSELY" model --db "$T/m.db" --digits 15 --weight wt --out "$T/model-d" \
	'sat ~ prof + region + years' 'aware=yes ~ prof + years' > /dev/null
for f in models.csv models-fit.csv; do
	near "$T/model-1/$f" "$T/model-d/$f" 1e-11 || fail "model: $f with blocks of 7 and the default differ"
done
exit 0
