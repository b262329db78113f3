#!/bin/sh
# A question named like a fixed column of the responses CSV (respondent,
# status, started, completed, lang) would give the wide export that column
# twice, which import refuses: validate, import, collect and simulate
# report it at the row's line (exit 1). The metadata types under their
# ODK names (start, end, today, deviceid) round-trip: export, import into
# a fresh database, export again gives the same bytes. A database that
# keeps such a form from before the check still exports in the long
# layout, and the wide export refuses with a clear error instead of
# writing a header with a name twice.
set -eu
T=$(mktemp -d "${TMPDIR:-/tmp}/kysely-reserved.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
LIST="respondent, status, started, completed, lang"

# folder layout: survey.csv with the clashing row on line 3
form_with() {  # DIR TYPE NAME
	mkdir -p "$1"
	{
		echo 'type,name,label,calculation'
		echo 'integer,age,Age,'
		case "$2" in
		calculate) echo "calculate,$3,,\${age} * 2" ;;
		*) echo "$2,$3,Something,"
		esac
		echo 'text,note_me,Comment,'
	} >"$1/survey.csv"
	printf 'form_id,version\nreserved_t,1\n' >"$1/settings.csv"
}

# every fixed column, with different question types (calculate included)
for pair in respondent:text status:integer started:start completed:calculate lang:hidden; do
	name=${pair%%:*} type=${pair#*:}
	form_with "$T/f-$name" "$type" "$name"
	rc=0
	"$KYSELY" validate "$T/f-$name" >"$T/out" 2>"$T/err" || rc=$?
	[ $rc = 1 ] || fail "validate of a $type named '$name' exits $rc, not 1: $(cat "$T/err")"
	want="$T/f-$name/survey.csv:3: error: 'name': '$name' is a column of the responses file ($LIST); choose another name"
	grep -qxF "$want" "$T/err" || fail "validate message for '$name': $(cat "$T/err")"
	[ "$(grep -c 'error:' "$T/err")" = 1 ] || fail "one error expected for '$name': $(cat "$T/err")"
done

# one-file layout: the physical line of the row
cat >"$T/onefile.csv" <<'CSV'
survey,type,name,label,calculation
,integer,age,Age,
,text,remark,Remark,

,calculate,lang,,concat('x', ${remark})
settings,form_id
,reserved_one
CSV
rc=0
"$KYSELY" validate "$T/onefile.csv" >/dev/null 2>"$T/err" || rc=$?
[ $rc = 1 ] || fail "one-file validate exits $rc"
grep -qxF "$T/onefile.csv:5: error: 'name': 'lang' is a column of the responses file ($LIST); choose another name" \
	"$T/err" || fail "one-file message: $(cat "$T/err")"

# every command that reads a form refuses it
bad="$T/f-started"
want="$bad/survey.csv:3: error: 'name': 'started' is a column of the responses file ($LIST); choose another name"
printf 'respondent,status,started,completed,lang,age\nr1,complete,,,,30\n' >"$T/resp.csv"
rc=0
"$KYSELY" import "$bad" --db "$T/imp.db" "$T/resp.csv" >/dev/null 2>"$T/err" || rc=$?
[ $rc = 1 ] && grep -qxF "$want" "$T/err" || fail "import: exit $rc: $(cat "$T/err")"
rc=0
printf 'age=30\nsubmit\n' | "$KYSELY" collect "$bad" --db "$T/col.db" --script - >/dev/null 2>"$T/err" || rc=$?
[ $rc = 1 ] && grep -qxF "$want" "$T/err" || fail "collect: exit $rc: $(cat "$T/err")"
rc=0
"$KYSELY" simulate "$bad" -n 2 --seed 1 -o "$T/sim.csv" >/dev/null 2>"$T/err" || rc=$?
[ $rc = 1 ] && grep -qxF "$want" "$T/err" || fail "simulate: exit $rc: $(cat "$T/err")"

# a name two groups share is exported as its group path: no clash
mkdir "$T/groups"
cat >"$T/groups/survey.csv" <<'CSV'
type,name,label
begin_group,g1,First
integer,status,Status one
end_group,,
begin_group,g2,Second
integer,status,Status two
end_group,,
CSV
printf 'form_id\ngroups_t\n' >"$T/groups/settings.csv"
"$KYSELY" validate "$T/groups" >/dev/null 2>"$T/err" || fail "group paths: $(cat "$T/err")"
"$KYSELY" simulate "$T/groups" -n 5 --seed 3 -o "$T/gsim.csv" 2>"$T/err" || fail "simulate groups: $(cat "$T/err")"
"$KYSELY" import "$T/groups" --db "$T/g.db" "$T/gsim.csv" >/dev/null 2>"$T/err" ||
	fail "import of the group paths: $(cat "$T/err")"
"$KYSELY" export --db "$T/g.db" -o "$T/g.csv" 2>"$T/err" || fail "export groups: $(cat "$T/err")"
[ "$(head -n 1 "$T/g.csv")" = "respondent,status,started,completed,lang,g1/status,g2/status" ] ||
	fail "group header: $(head -n 1 "$T/g.csv")"

# the metadata types under their ODK names: collect, export, import, export
mkdir "$T/meta"
cat >"$T/meta/survey.csv" <<'CSV'
type,name,label,required
start,start,,
end,end,,
today,today,,
deviceid,deviceid,,
integer,age,Age,yes
select_one yn,smoker,Do you smoke?,
CSV
printf 'list_name,name,label\nyn,yes,Yes\nyn,no,No\n' >"$T/meta/choices.csv"
printf 'form_id,version\nmeta_rt,1\n' >"$T/meta/settings.csv"
"$KYSELY" validate "$T/meta" >"$T/out" 2>"$T/err" || fail "metadata form: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "metadata form warns: $(cat "$T/err")"
printf 'age=41\nsmoker=no\nsubmit\nage=29\nsmoker=yes\nsubmit\nage=55\n' |
	"$KYSELY" collect "$T/meta" --db "$T/a.db" --script - >"$T/out" 2>"$T/err" ||
	fail "collect: $(cat "$T/err")"
"$KYSELY" export --db "$T/a.db" -o "$T/a.csv" 2>"$T/err" || fail "export: $(cat "$T/err")"
[ "$(head -n 1 "$T/a.csv")" = "respondent,status,started,completed,lang,start,end,today,deviceid,age,smoker" ] ||
	fail "metadata header: $(head -n 1 "$T/a.csv")"
[ "$(wc -l <"$T/a.csv")" = 4 ] || fail "3 responses expected: $(cat "$T/a.csv")"
# the start stamp is an ISO 8601 UTC time in every row, end in the complete ones
! tail -n +2 "$T/a.csv" | cut -d, -f6 | grep -Evxq '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z' ||
	fail "start stamps: $(cat "$T/a.csv")"
[ -z "$(awk -F, 'NR > 1 && $2 == "complete" && $7 == ""' "$T/a.csv")" ] || fail "end stamps: $(cat "$T/a.csv")"
rc=0
"$KYSELY" import "$T/meta" --db "$T/b.db" "$T/a.csv" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 0 ] || fail "the export does not import back (exit $rc): $(cat "$T/err")"
"$KYSELY" export --db "$T/b.db" -o "$T/b.csv" 2>"$T/err" || fail "export of the re-import: $(cat "$T/err")"
cmp -s "$T/a.csv" "$T/b.csv" || fail "round trip differs: $(diff "$T/a.csv" "$T/b.csv")"

# a database that keeps a clashing form from before the check (made here
# by editing the stored definition): the wide export refuses and leaves no
# file, the long one still gets the answers out
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$T/b.db" "UPDATE form SET definition = replace(definition, ',today,today,', ',today,started,')"
	rc=0
	"$KYSELY" export --db "$T/b.db" -o "$T/old.csv" 2>"$T/err" || rc=$?
	[ $rc = 1 ] || fail "wide export of a clashing stored form exits $rc: $(cat "$T/err")"
	grep -qxF "kysely: export: form 'meta_rt': the wide layout would have two 'started' columns (the responses file's own column and question 'started'), which import refuses; rename the question in the form, or export with --format long" \
		"$T/err" || fail "export message: $(cat "$T/err")"
	[ ! -e "$T/old.csv" ] || fail "the refused export left a file"
	"$KYSELY" export --db "$T/b.db" --format long -o "$T/old-long.csv" 2>"$T/err" ||
		fail "long export of a clashing stored form: $(cat "$T/err")"
	[ "$(grep -c ',started,' "$T/old-long.csv")" = 3 ] || fail "long export: $(cat "$T/old-long.csv")"

	# an attribute named like a question column
	printf 'respondent,status,started,completed,lang,age,weight\nw1,complete,,,,30,1.5\n' >"$T/w.csv"
	"$KYSELY" import "$T/meta" --db "$T/w.db" "$T/w.csv" >/dev/null 2>"$T/err" || fail "import w: $(cat "$T/err")"
	sqlite3 "$T/w.db" "UPDATE form SET definition = replace(definition, ',integer,age,', ',integer,weight,')"
	rc=0
	"$KYSELY" export --db "$T/w.db" -o "$T/w-out.csv" 2>"$T/err" || rc=$?
	[ $rc = 1 ] && grep -qF "two 'weight' columns (question 'weight' and a respondent attribute)" "$T/err" ||
		fail "attribute clash: exit $rc: $(cat "$T/err")"
else
	echo "sqlite3 is not installed: the stored-form checks are skipped"
fi
exit 0
