#!/bin/sh
# analyze's data-quality table: speeders (total time below a third of the
# median of the complete respondents: from the screens collect recorded,
# else completed - started) and straight-liners (one choice throughout a
# scale of 3 or more answered items); --exclude-flagged leaves exactly
# those out of the estimates and says so in run.csv.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat > "$T/form.csv" <<'CSV'
survey
,type,name,label,scale
,select_one yn,smoker,Do you smoke?,
,select_one agree,a1,Item 1,att
,select_one agree,a2,Item 2,att
,select_one agree,a3,Item 3,att
,select_one agree,a4,Item 4,att
choices
,list_name,name,label
,yn,yes,Yes
,yn,no,No
,agree,1,Disagree
,agree,2,Neutral
,agree,3,Agree
settings
,form_id
,qual
CSV
u() { printf '00000000-0000-4000-8000-%012d' "$1"; }
{
	echo "respondent,status,started,completed,lang,smoker,a1,a2,a3,a4"
	# 6 respondents of about 10 minutes who vary their answers
	for i in 1 2 3 4 5 6; do
		echo "$(u $i),complete,2026-01-01T10:00:00Z,2026-01-01T10:1${i}:00Z,,no,1,2,3,$((i % 3 + 1))"
	done
	echo "$(u 7),complete,2026-01-01T10:00:00Z,2026-01-01T10:02:00Z,,yes,1,3,2,1"   # 2 min: speeder
	echo "$(u 8),complete,2026-01-01T10:00:00Z,2026-01-01T10:12:00Z,,yes,3,3,3,"    # straight-liner
	echo "$(u 9),partial,2026-01-01T10:00:00Z,,,yes,2,2,,"                          # 2 answers: no battery
	echo "$(u 10),complete,2026-01-01T10:00:00Z,2026-01-01T10:13:00Z,,no,1,2,1,2"
} > "$T/in.csv"
"$KYSELY" import "$T/form.csv" --db "$T/db" "$T/in.csv" 2>"$T/err" || fail "import: $(cat "$T/err")"

"$KYSELY" analyze --db "$T/db" --out "$T/all" 2>"$T/err" || fail "analyze: $(cat "$T/err")"
[ "$(head -1 "$T/all/quality.csv")" = \
  "form,respondent,status,seconds,time_source,median_seconds,speeder,batteries,straightlined,straightliner,flagged" ] ||
	fail "header: $(head -1 "$T/all/quality.csv")"
# median of the 9 complete times (120, 660 ... 960 s) is 780; a third is 260
grep -qx "qual,$(u 7),complete,120,timestamps,780,1,1,0,0,1" "$T/all/quality.csv" ||
	fail "speeder row: $(grep "$(u 7)" "$T/all/quality.csv")"
grep -qx "qual,$(u 8),complete,720,timestamps,780,0,1,1,1,1" "$T/all/quality.csv" ||
	fail "straight-liner row: $(grep "$(u 8)" "$T/all/quality.csv")"
# only the flagged are listed
! grep -q "$(u 9)\|$(u 1)" "$T/all/quality.csv" || fail "unflagged rows listed: $(cat "$T/all/quality.csv")"
[ "$(grep -c ',1$' "$T/all/quality.csv")" = 2 ] || fail "flagged: $(cat "$T/all/quality.csv")"
[ "$(wc -l < "$T/all/quality.csv")" = 3 ] || fail "rows: $(cat "$T/all/quality.csv")"

# screen times, when collect recorded them, come before the timestamps
if command -v sqlite3 >/dev/null 2>&1; then
	cp "$T/db" "$T/db2"
	sqlite3 "$T/db2" "INSERT INTO screen_visit(response, question, entered_at, seconds, back)
		SELECT id, 1, '2026-01-01T10:00:00.000Z', 30.25, 0 FROM response WHERE uuid = '$(u 10)';
		INSERT INTO screen_visit(response, question, entered_at, seconds, back)
		SELECT id, 2, '2026-01-01T10:00:31.000Z', 12.5, 1 FROM response WHERE uuid = '$(u 10)';"
	"$KYSELY" analyze --db "$T/db2" --out "$T/screens" 2>"$T/err" || fail "analyze: $(cat "$T/err")"
	grep -q "^qual,$(u 10),complete,42.75,screens,720,1," "$T/screens/quality.csv" ||
		fail "screen time: $(grep "$(u 10)" "$T/screens/quality.csv")"
fi

"$KYSELY" analyze --db "$T/db" --out "$T/clean" --exclude-flagged 2>"$T/err" ||
	fail "--exclude-flagged: $(cat "$T/err")"
grep -qx "exclude_flagged,yes" "$T/clean/run.csv" || fail "run.csv does not record the option"
grep -qx "respondents_used,8" "$T/clean/run.csv" || fail "used: $(grep used "$T/clean/run.csv")"
grep -qx "respondents_used,10" "$T/all/run.csv" || fail "all used: $(grep used "$T/all/run.csv")"
# smoker: 3 yes of 10, 1 (the partial) of 8 once both flagged yes are out
base_of() { awk -F, -v lvl="$2" '$2 == "smoker" && $4 == "" && $6 == lvl && $8 == "proportion" { print $9 "/" $10 }' "$1"; }
[ "$(base_of "$T/all/estimates.csv" yes)" = 3/10 ] || fail "all: $(base_of "$T/all/estimates.csv" yes)"
[ "$(base_of "$T/clean/estimates.csv" yes)" = 1/8 ] || fail "clean: $(base_of "$T/clean/estimates.csv" yes)"
# the quality table itself still lists the flagged
[ "$(($(wc -l < "$T/clean/quality.csv") - 1))" = 2 ] || fail "quality.csv lost rows"
exit 0
