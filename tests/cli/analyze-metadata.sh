#!/bin/sh
# analyze: the response columns lang and status group respondents (--by)
# and serve as strata like any attribute; other unknown names still fail.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/form"
cat > "$T/form/survey.csv" <<'CSV'
type,name,label
select_one yn,q1,Question one
integer,age,Age
CSV
cat > "$T/form/choices.csv" <<'CSV'
list_name,name,label
yn,yes,Yes
yn,no,No
CSV
printf 'form_id\nmeta_t\n' > "$T/form/settings.csv"
cat > "$T/resp.csv" <<'CSV'
respondent,status,started,completed,lang,q1,age
r1,complete,,,en,yes,20
r2,complete,,,en,yes,30
r3,complete,,,en,no,40
r4,complete,,,fi,no,50
r5,partial,,,fi,no,60
CSV
cd "$T"
"$KYSELY" import form --db db resp.csv >/dev/null 2>&1 || fail "import"

"$KYSELY" analyze --db db --out bylang --by lang 2>err || fail "--by lang: $(cat err)"
grep -qx 'meta_t,q1,Question one,lang,en,yes,Yes,proportion,2,3,0.666667,.*' bylang/estimates.csv ||
	fail "--by lang: no share of 'yes' among the 3 English respondents"
grep -qx 'meta_t,q1,Question one,lang,fi,no,No,proportion,2,2,1,.*' bylang/estimates.csv ||
	fail "--by lang: no share of 'no' among the 2 Finnish respondents"
grep -qx 'meta_t,age,Age,lang,fi,,,mean,2,2,55,.*' bylang/estimates.csv ||
	fail "--by lang: mean age of the Finnish respondents"

"$KYSELY" analyze --db db --out bystatus --by status 2>err || fail "--by status: $(cat err)"
grep -qx 'meta_t,q1,Question one,status,partial,no,No,proportion,1,1,1,.*' bystatus/estimates.csv ||
	fail "--by status: the partial response is not its own group"
grep -qx 'meta_t,q1,Question one,status,complete,yes,Yes,proportion,2,4,0.5,.*' bystatus/estimates.csv ||
	fail "--by status: complete group"

"$KYSELY" analyze --db db --out strata --strata lang 2>err || fail "--strata lang: $(cat err)"
grep -q '^meta_t,q1,Question one,,,yes,Yes,proportion,2,5,0.4,' strata/estimates.csv ||
	fail "--strata lang: overall share"

rc=0
"$KYSELY" analyze --db db --out bad --by language 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "--by language: exit $rc, expected 2"
grep -q "unknown variable 'language'" err || fail "--by language: message $(cat err)"
exit 0
