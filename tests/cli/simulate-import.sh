#!/bin/sh
# Simulated responses of the bundled survey and of every reference form
# import with zero rejects: types, choices, filters, constraints and skip
# logic are all honoured, partial respondents included.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

n=0
for form in "$SRCDIR/surveys/ht-needs" "$SHARED/reference/small/form" \
	    "$SHARED/reference/medium/form" "$SHARED/bench/form"; do
	n=$((n + 1))
	"$KYSELY" simulate "$form" -n 400 --seed $n --partial 0.1 -o "$T/sim$n.csv" 2> "$T/err" ||
		fail "simulate $form: $(cat "$T/err")"
	lines=$(wc -l < "$T/sim$n.csv")
	[ "$lines" = 401 ] || fail "$form: $lines lines, expected a header and 400 rows"
	grep -q ',partial,' "$T/sim$n.csv" || fail "$form: no partial respondent"
	set +e
	"$KYSELY" import "$form" --db "$T/db$n" "$T/sim$n.csv" --rejects "$T/rej$n.csv" 2> "$T/err"
	rc=$?
	set -e
	[ $rc = 0 ] || fail "import of simulated $form: exit $rc: $(head -5 "$T/err"; head -5 "$T/rej$n.csv" 2>/dev/null)"
	grep -q "^imported 400 rows, 0 rejected" "$T/err" || fail "$form summary: $(cat "$T/err")"
done

# Every type kysely accepts: metadata, filters, ranks, ranges with steps,
# dates and times, a regex constraint, group relevance, read-only
# defaults, a type a terminal cannot collect.
mkdir "$T/alltypes"
cat > "$T/alltypes/survey.csv" <<'FORM'
type,name,label,required,relevant,constraint,choice_filter,calculation,parameters,default,read_only
start,start,,,,,,,,,
end,end,,,,,,,,,
today,today,,,,,,,,,
deviceid,deviceid,,,,,,,,,
note,hello,Welcome,,,,,,,,
select_one region,region,Region,yes,,,,,,,
select_one district,district,District,,,,region = ${region},,,,
select_multiple topics,topics,Topics,,,count-selected(.) <= 2,,,,,
rank topics,order,Rank the topics,,,,,,,,
integer,age,Age,yes,,. >= 18 and . <= 70,,,,,
integer,birth_year,Year of birth,,,. >= 1950 and . <= 2000,,,,,
decimal,weight_kg,Weight,,,. > 40 and . < 150,,,,,
range,rating,Rating,,,,,,start=0 end=10 step=2,,
range,stars,Stars,,,. >= 3,,,,,
text,name_code,Code,,,"regex(., '^[A-Z][a-z]+')",,,,,
date,visit,Visit,,,. <= today(),,,,,
time,visit_time,Time,,,,,,,,
datetime,visit_at,Moment,,,,,,,,
acknowledge,consent,I agree,,,,,,,,
calculate,age_next,,,,,,${age} + 1,,,
hidden,source,,,,,,,,sim,
begin_group,older,Older people,,${age} >= 50,,,,,,
select_one yn,retired,Retired?,,,,,,,,
text,retired_note,Note,,${retired} = 'yes',,,,,,
end_group,,,,,,,,,,
geopoint,where,Where,,,,,,,,
integer,fixed,Fixed,,,,,,,5,yes
FORM
cat > "$T/alltypes/choices.csv" <<'FORM'
list_name,name,label,region
region,north,North,
region,south,South,
district,oulu,Oulu,north
district,lapland,Lapland,north
district,helsinki,Helsinki,south
topics,a,A,
topics,b,B,
topics,c,C,
topics,d,D,
yn,yes,Yes,
yn,no,No,
FORM
printf 'form_id,version\nalltypes,1\n' > "$T/alltypes/settings.csv"
"$KYSELY" simulate "$T/alltypes" -n 2000 --seed 11 -o "$T/all.csv" 2> /dev/null
"$KYSELY" import "$T/alltypes" --db "$T/all.db" "$T/all.csv" --rejects "$T/all-rej.csv" 2> "$T/err" ||
	fail "import of every type: $(grep -v warning "$T/err"; head -3 "$T/all-rej.csv")"
grep -q "^imported 2000 rows, 0 rejected" "$T/err" || fail "every type: $(cat "$T/err")"
# Columns: 14 age, 10 region, 11 district, 26 retired (asked from 50 years).
awk -F, 'NR > 1 && (($14 != "" && ($14 < 18 || $14 > 70)) ||
	($11 == "helsinki" && $10 != "south") || ($11 == "oulu" && $10 != "north") ||
	($26 != "" && $14 < 50)) { bad++ } END { exit bad > 0 }' "$T/all.csv" ||
	fail "a constraint, filter or group condition was broken"

# Structure off and no missing answers import as well.
"$KYSELY" simulate "$SRCDIR/surveys/ht-needs" -n 200 --seed 9 --structure off \
	--missing 0 --partial 0 --lang-mix fi=1 -o "$T/plain.csv"
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/plain.db" "$T/plain.csv" 2> "$T/err" ||
	fail "import of unstructured data: $(cat "$T/err")"
cut -d, -f2 "$T/plain.csv" | tail -n +2 | sort -u | tr '\n' ' ' | grep -qx 'complete ' ||
	fail "--partial 0 still wrote partial respondents"
cut -d, -f5 "$T/plain.csv" | tail -n +2 | sort -u | tr '\n' ' ' | grep -qx 'fi ' ||
	fail "--lang-mix fi=1 wrote other languages"
exit 0
