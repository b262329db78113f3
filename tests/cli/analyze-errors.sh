#!/bin/sh
# analyze: located, one-line errors with the contract's exit codes, and the
# basic outputs (crossed --by, suppression, empty cells for undefined values).
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/form"
cat > "$T/form/survey.csv" <<'CSV'
type,name,label
select_one yn,q1,Question one
select_one grp,g,Group
integer,age,Age
CSV
cat > "$T/form/choices.csv" <<'CSV'
list_name,name,label
yn,yes,Yes
yn,no,No
grp,a,A
grp,b,B
CSV
printf 'form_id\nanalyze_t\n' > "$T/form/settings.csv"
{
	echo "respondent,status,started,completed,lang,q1,g,age,w,st,cl"
	i=1
	while [ $i -le 24 ]; do
		if [ $((i % 3)) -eq 0 ]; then a=no; else a=yes; fi
		if [ $((i % 2)) -eq 0 ]; then g=a; else g=b; fi
		w=1.5; [ $i -eq 7 ] && w=heavy
		st=s$((i % 2)); cl=c$((i % 4))
		echo "r$i,complete,,,,$a,$g,$((20 + i)),$w,$st,$cl"
		i=$((i + 1))
	done
} > "$T/resp.csv"
cd "$T"
if ! "$KYSELY" import form --db db responses.csv >/dev/null 2>&1 &&
   ! "$KYSELY" import form --db db resp.csv > import.log 2>&1; then
	if grep -q "not available" import.log; then
		echo "skip: import not available in this build"
		exit 77
	fi
	cat import.log
	fail "import"
fi

expect() {  # expect CODE PATTERN -- ARGS...
	code=$1; pattern=$2; shift 3
	set +e
	"$KYSELY" analyze --db db "$@" > out.log 2> err.log
	got=$?
	set -e
	[ $got -eq "$code" ] || { cat err.log; fail "analyze $*: exit $got, expected $code"; }
	[ "$(wc -l < err.log)" -ge 1 ] || fail "analyze $*: no message"
	grep -q -- "$pattern" err.log || { cat err.log; fail "analyze $*: message lacks '$pattern'"; }
}

expect 2 "'nosuch'" -- --by nosuch --out o
expect 2 "'--frobnicate'" -- --frobnicate --out o
expect 2 "clopper-pearson" -- --weight age --method clopper-pearson --out o
expect 1 "respondent 'r7'" -- --weight w --out o
printf 'g,population\na,100\nc,50\n' > pop.csv
expect 1 "pop.csv:3" -- --poststratify pop.csv --out o
printf 'g,population\na,100\nb,lots\n' > pop.csv
expect 1 "pop.csv:3" -- --poststratify pop.csv --out o
printf 'g,population\na,100\n' > pop.csv
expect 1 "pop.csv" -- --poststratify pop.csv --out o
expect 1 "only one PSU" -- --strata g --cluster g --out o
"$KYSELY" analyze --db db --strata g --cluster g --lonely-psu remove --out o 2> err.log ||
	{ cat err.log; fail "--lonely-psu remove"; }
expect 2 "--lonely-psu" -- --strata g --cluster g --lonely-psu sometimes --out o
expect 1 "fpc" -- --fpc 0 --out o
printf 'q1,population\nyes,100\nmaybe,5\n' > m1.csv
expect 1 "m1.csv:3" -- --rake m1.csv --out o
# raking: the last margin is met exactly (its shares are the population's)
printf 'g,population\na,100\nb,100\n' > m1.csv
printf 'q1,population\nyes,50\nno,150\n' > m2.csv
"$KYSELY" analyze --db db --rake m1.csv --rake m2.csv --digits 15 --out o 2> err.log || { cat err.log; fail "rake"; }
grep -q '^analyze_t,q1,Question one,,,yes,Yes,proportion,16,24,0.25,0,0.25,0.25,' o/estimates.csv ||
	{ grep '^analyze_t,q1,' o/estimates.csv; fail "raked share of the last margin"; }

# the outputs: crossed groups, proportions add up, undefined cells empty
"$KYSELY" analyze --db db --by g --by q1 --digits 15 --out o
grep -q '^analyze_t,age,Age,g:q1,a:yes,,,mean,' o/estimates.csv || fail "crossed by/group labels"
"$KYSELY" analyze --db db --by g --digits 15 --out o
awk -F, '$2 == "q1" && $5 == "a" { s += $11 } END { if (s < 0.999999 || s > 1.000001) exit 1 }' o/estimates.csv ||
	fail "shares of a group do not add up to 1"
grep -q '^analyze_t,q1,g,,chisq,' o/tests.csv || fail "chisq row"
! grep -qi 'nan\|inf' o/estimates.csv || fail "NaN or inf written"
"$KYSELY" analyze --db db --by g --min-cell 5 --out o
awk -F, '$2 == "q1" && $17 == "1" && $11 != "" { exit 1 }' o/estimates.csv || fail "suppressed cell keeps its number"
"$KYSELY" analyze --db db --strata st --cluster cl --weight age --out o
grep -q ',proportion,.*,logit,' o/estimates.csv || fail "design default method logit"
exit 0
