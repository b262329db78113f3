#!/bin/sh
# The same seed gives the same bytes, another seed other bytes; the
# output file is private; usage errors exit 2, an invalid form 1.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SHARED/reference/medium/form

"$KYSELY" simulate "$FORM" -n 500 --seed 2015 -o "$T/a.csv"
"$KYSELY" simulate "$FORM" -n 500 --seed 2015 > "$T/b.csv"
"$KYSELY" simulate "$FORM" -n 500 --seed 2016 -o "$T/c.csv"
cmp -s "$T/a.csv" "$T/b.csv" || fail "the same seed gave different bytes"
cmp -s "$T/a.csv" "$T/c.csv" && fail "another seed gave the same bytes"
mode=$(stat -c %a "$T/a.csv")
[ "$mode" = 600 ] || fail "output mode $mode"
head -1 "$T/a.csv" | grep -q '^respondent,status,started,completed,lang,profession,region,experience_years,' ||
	fail "header: $(head -1 "$T/a.csv")"
# Respondent ids are version 4 UUIDs, all different.
tail -n +2 "$T/a.csv" | cut -d, -f1 | grep -vc '^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$' |
	grep -qx 0 || fail "a respondent id is not a UUID v4"
dups=$(tail -n +2 "$T/a.csv" | cut -d, -f1 | sort | uniq -d | wc -l)
[ "$dups" = 0 ] || fail "$dups repeated respondent ids"
# Skip logic: encounter_action only when encountered is yes.
awk -F, 'NR > 1 && $13 != "yes" && $14 != "" { bad++ } END { exit bad > 0 }' "$T/a.csv" ||
	fail "encounter_action answered although encountered is not yes"
# A form computing uuid() simulates the same with the same seed: uuid()
# draws from the simulation's generator, not from the kernel.
mkdir "$T/uuidform"
printf 'type,name,label,calculation\ninteger,age,Age,\ncalculate,token,,uuid()\n' > "$T/uuidform/survey.csv"
"$KYSELY" simulate "$T/uuidform" -n 20 --seed 7 -o "$T/u1.csv"
"$KYSELY" simulate "$T/uuidform" -n 20 --seed 7 -o "$T/u2.csv"
cmp -s "$T/u1.csv" "$T/u2.csv" || fail "a form with uuid() simulated differently with the same seed"
tokens=$(tail -n +2 "$T/u1.csv" | cut -d, -f7 | grep -c '^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$' || true)
[ "$tokens" = 20 ] || fail "$tokens of 20 computed uuid() values are UUID v4"
[ "$(tail -n +2 "$T/u1.csv" | cut -d, -f7 | sort -u | wc -l)" = 20 ] || fail "repeated uuid() values"

status() {
	set +e
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
	set -e
	echo $rc
}
[ "$(status "$KYSELY" simulate "$FORM" -n 5 --frob)" = 2 ] || fail "unknown option"
grep -q "simulate: unknown option '--frob'" "$T/err" || fail "message: $(cat "$T/err")"
[ "$(status "$KYSELY" simulate "$FORM")" = 2 ] || fail "missing -n"
[ "$(status "$KYSELY" simulate "$FORM" -n 5 --structure maybe)" = 2 ] || fail "bad --structure"
[ "$(status "$KYSELY" simulate "$FORM" -n 5 --missing 2)" = 2 ] || fail "bad --missing"
[ "$(status "$KYSELY" simulate "$FORM" -n 5 --lang-mix fi)" = 2 ] || fail "bad --lang-mix"
[ "$(status "$KYSELY" simulate -n 5)" = 2 ] || fail "no form"
[ "$(status "$KYSELY" simulate --help)" = 0 ] || fail "--help"
grep -q '^usage: kysely simulate' "$T/out" || fail "--help text"
mkdir "$T/bad"
printf 'type,name,label\nselect_one nolist,q,Q\n' > "$T/bad/survey.csv"
[ "$(status "$KYSELY" simulate "$T/bad" -n 5)" = 1 ] || fail "invalid form"
grep -q "survey.csv:2" "$T/err" || fail "form diagnostics: $(cat "$T/err")"
exit 0
