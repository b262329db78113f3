#!/bin/sh
# The long layout holds one row per non-empty answer; the codebook one row
# per variable and choice, with labels per language or in one language.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
dir=$SHARED/reference/small

"$KYSELY" import "$dir/form" --db "$T/db" "$dir/responses.csv" 2> "$T/err" ||
	fail "import: $(cat "$T/err")"
"$KYSELY" export --db "$T/db" --format long -o "$T/long.csv" --codebook "$T/cb.csv"

[ "$(head -1 "$T/long.csv")" = "respondent,question,value" ] || fail "long header"
answers=$(tail -n +2 "$dir/responses.csv" |
	awk -F, '{ for (i = 6; i <= 23; i++) if ($i != "") n++ } END { print n }')
rows=$(($(wc -l < "$T/long.csv") - 1))
[ "$rows" = "$answers" ] || fail "long rows $rows, answers $answers"
grep -qx "6a241968-2f5b-479b-9c16-03bef7bd7750,experience_years,13" "$T/long.csv" ||
	fail "long row for experience_years"
grep -qx "6a241968-2f5b-479b-9c16-03bef7bd7750,training_topics,indicators raising referral trauma" \
	"$T/long.csv" || fail "long row for a select_multiple"

head -1 "$T/cb.csv" | grep -q '^variable,type,list,label::[^,]*,label::[^,]*,choice,choice_label::' ||
	fail "codebook header: $(head -1 "$T/cb.csv")"
[ "$(grep -c '^k_debt,select_one,ynd,' "$T/cb.csv")" = 3 ] || fail "one row per choice"
[ "$(grep -c '^experience_years,integer,,' "$T/cb.csv")" = 1 ] || fail "one row for a number"
grep -q '^l_role,select_one,agree5,.*,5,Strongly agree,Täysin samaa mieltä,5,' "$T/cb.csv" ||
	grep -q '^l_role,select_one,agree5,.*,5,Täysin samaa mieltä,Strongly agree,5,' "$T/cb.csv" ||
	fail "choice labels and value: $(grep '^l_role' "$T/cb.csv" | tail -1)"
grep -q '^experience_years,integer,,.*,\. >= 0 and \. <= 60,' "$T/cb.csv" || fail "constraint column"
for a in cluster stratum weight; do
	grep -q "^$a,attribute," "$T/cb.csv" || fail "attribute $a in codebook"
done
grep -q '^respondent,meta,' "$T/cb.csv" || fail "meta rows"

"$KYSELY" export --db "$T/db" -o /dev/null --codebook "$T/cb-fi.csv" --lang fi
head -1 "$T/cb-fi.csv" | grep -q '^variable,type,list,label,choice,choice_label,value,score,' ||
	fail "one-language header: $(head -1 "$T/cb-fi.csv")"
grep -q '^profession,select_one,profession,Mikä on ammattisi?,nurse,Sairaanhoitaja,' "$T/cb-fi.csv" ||
	fail "Finnish labels: $(grep '^profession' "$T/cb-fi.csv" | head -1)"

set +e
"$KYSELY" export --db "$T/db" --lang xx -o /dev/null 2> "$T/err"
[ $? = 2 ] || fail "unknown language should be a usage error"
"$KYSELY" export --db "$T/db" --format tall 2> "$T/err"
[ $? = 2 ] || fail "unknown format should be a usage error"
"$KYSELY" export --db "$T/none.db" 2> "$T/err"
[ $? = 3 ] || fail "missing database should exit 3"
[ ! -e "$T/none.db" ] || fail "export must not create a database"
exit 0
