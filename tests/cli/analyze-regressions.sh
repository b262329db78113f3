#!/bin/sh
# Regressions of analyze found by the code review (issue 13): a population
# file naming an attribute used nowhere else, an unknown variable or more
# than 8 variables crashed analyze (exit 139); a select_multiple with
# more than 64 options lost every option after the 64th.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SRCDIR/tests/data/many-options

# 40 respondents; o66 is chosen by every fourth, who are all north and f.
{
	echo 'respondent,status,started,completed,lang,region,many,sex'
	i=0
	while [ $i -lt 40 ]; do
		region=north; [ $((i % 2)) = 1 ] && region=south
		sex=f; [ $((i / 2 % 2)) = 1 ] && sex=m
		many="o$((i % 60 + 1)) o70"; [ $((i % 4)) = 0 ] && many="$many o66"
		echo "r$i,complete,2026-01-01T10:00:00Z,2026-01-01T10:10:00Z,,$region,$many,$sex"
		i=$((i + 1))
	done
} > "$T/resp.csv"
"$KYSELY" import "$FORM" --db "$T/s.db" "$T/resp.csv" 2> "$T/err" || fail "import: $(cat "$T/err")"

run() { # run NAME ARGS...: analyze into $T/NAME, exit status in $rc
	name=$1; shift
	set +e
	"$KYSELY" analyze --db "$T/s.db" --out "$T/$name" "$@" > "$T/$name.out" 2> "$T/$name.err"
	rc=$?
	set -e
}
estimate() { # estimate DIR LEVEL: the estimate of option LEVEL of 'many'
	awk -F, -v l="$2" '$2 == "many" && $6 == l && $8 == "proportion" { print $11 }' "$1/estimates.csv"
}

# Every one of the 70 options, on both read paths, and as option tests.
for path in sums columns; do
	plan=auto
	[ $path = sums ] || plan=columns
	run $path --plan $plan --by region
	[ $rc = 0 ] || fail "$path: analyze exited $rc: $(cat "$T/$path.err")"
	grep -q 'not choices' "$T/$path.err" && fail "$path: options were dropped: $(cat "$T/$path.err")"
	[ "$(estimate "$T/$path" o66 | head -n 1)" = 0.25 ] || fail "$path: o66 is $(estimate "$T/$path" o66)"
	[ "$(estimate "$T/$path" o70 | head -n 1)" = 1 ] || fail "$path: o70 is $(estimate "$T/$path" o70)"
	n=$(awk -F, '$2 == "many" && $8 == "proportion" && $4 == ""' "$T/$path/estimates.csv" | wc -l)
	[ "$n" = 70 ] || fail "$path: $n options of 70 estimated"
	grep -q ',many,.*,o66,' "$T/$path/tests.csv" || fail "$path: no test of option o66"
done

# Post-stratified on region x sex, sex an attribute named nowhere else:
# o66 is the north-f cell's whole population, 100 of 420.
printf 'region,sex,population\nnorth,f,100\nnorth,m,120\nsouth,f,90\nsouth,m,110\n' > "$T/pop.csv"
run post --poststratify "$T/pop.csv"
[ $rc = 0 ] || fail "poststratify on an attribute exited $rc: $(cat "$T/post.err")"
awk -v e="$(estimate "$T/post" o66)" 'BEGIN { d = e - 100 / 420; exit !(d < 1e-6 && d > -1e-6) }' ||
	fail "post-stratified o66 is $(estimate "$T/post" o66), not 100/420"

# An unknown variable and nine variables: one line naming the file, no crash.
printf 'region,nosuch,population\nnorth,x,5\n' > "$T/unknown.csv"
run unknown --poststratify "$T/unknown.csv"
[ $rc = 1 ] || [ $rc = 2 ] || fail "an unknown population variable exited $rc"
grep -q "unknown.csv:1: unknown variable 'nosuch'" "$T/unknown.err" || fail "message: $(cat "$T/unknown.err")"
printf 'region,a,b,c,d,e,f,g,h,population\nnorth,1,1,1,1,1,1,1,1,5\n' > "$T/nine.csv"
run nine --rake "$T/nine.csv"
[ $rc = 1 ] || fail "nine population variables exited $rc"
grep -q 'nine.csv:1: 9 stratifying variables, at most 8' "$T/nine.err" || fail "message: $(cat "$T/nine.err")"

# tests.csv says the smallest expected count of every table, and a Fisher
# test that is not exact says so: fisher-mc with its B (issue 15). On the
# sample study by profession (n = 242) every 2 x 13 table is exact and all
# but one of the tables with three or more rows and columns are Monte Carlo.
head -n 1 "$T/sums/tests.csv" | grep -q ',n,min_expected,B,repeat$' || fail "tests.csv header: $(head -n 1 "$T/sums/tests.csv")"
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/study.db" \
	"$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" > /dev/null 2> "$T/err" || fail "import: $(cat "$T/err")"
"$KYSELY" analyze --db "$T/study.db" --by profession --out "$T/study" 2> "$T/err" || fail "analyze: $(cat "$T/err")"
awk -F, 'NR > 1 && $5 ~ /^fisher/ {
	if ($5 == "fisher-mc" && $14 != 10000) bad = bad " " $2 "(B " $14 ")"
	if ($5 == "fisher" && $14 != "") bad = bad " " $2 "(exact with B)"
	if (!($13 < 5)) bad = bad " " $2 "(min_expected " $13 ")"
	if ($5 == "fisher-mc") mc++
} END { if (bad != "" || mc == 0) { print bad " mc=" mc; exit 1 } }' "$T/study/tests.csv" > "$T/bad" ||
	fail "Fisher rows of the sample study: $(cat "$T/bad")"

# Weights and --fpc take the answers' number grammar: hex is not a number.
run hexfpc --fpc 0x1p3
[ $rc != 0 ] || fail "--fpc 0x1p3 was accepted"
exit 0
