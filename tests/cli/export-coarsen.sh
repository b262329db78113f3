#!/bin/sh
# export --coarsen-times: every timestamp (started, completed, the start and
# end metadata, datetime answers) cut to the day or hour in the wide and
# long layouts; dates, times of day and other answers untouched.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

cat > "$T/form.csv" <<'CSV'
survey
,type,name,label
,start,start,
,end,end,
,datetime,seen,When did you see it
,date,day,Which day
,time,clock,What time
,text,note_text,Anything else
settings
,form_id,version
,stamps,1
CSV
cat > "$T/in.csv" <<'CSV'
respondent,status,started,completed,lang,start,end,seen,day,clock,note_text
11111111-1111-4111-8111-111111111111,complete,2026-05-04T09:17:23Z,2026-05-04T09:41:05Z,,2026-05-04T12:17:23.000+03:00,2026-05-04T12:41:05.000+03:00,2026-04-30T22:05:00Z,2026-04-29,13:45:00,2026-01-01T10:10:10Z
CSV
"$KYSELY" import "$T/form.csv" --db "$T/db" "$T/in.csv" 2>"$T/err" || fail "import: $(cat "$T/err")"

"$KYSELY" export --db "$T/db" --coarsen-times day -o "$T/day.csv"
want_day="11111111-1111-4111-8111-111111111111,complete,2026-05-04,2026-05-04,,2026-05-04,2026-05-04,2026-04-30,2026-04-29,13:45:00,2026-01-01T10:10:10Z"
[ "$(tail -1 "$T/day.csv")" = "$want_day" ] || fail "day: $(tail -1 "$T/day.csv")"

"$KYSELY" export --db "$T/db" --coarsen-times hour -o "$T/hour.csv"
want_hour="11111111-1111-4111-8111-111111111111,complete,2026-05-04T09:00:00Z,2026-05-04T09:00:00Z,,2026-05-04T12:00:00+03:00,2026-05-04T12:00:00+03:00,2026-04-30T22:00:00Z,2026-04-29,13:45:00,2026-01-01T10:10:10Z"
[ "$(tail -1 "$T/hour.csv")" = "$want_hour" ] || fail "hour: $(tail -1 "$T/hour.csv")"

"$KYSELY" export --db "$T/db" --coarsen-times none -o "$T/none.csv"
cmp -s "$T/none.csv" "$T/in.csv" || fail "none changed the export: $(diff "$T/in.csv" "$T/none.csv")"

"$KYSELY" export --db "$T/db" --format long --coarsen-times day -o "$T/long.csv"
grep -qx '11111111-1111-4111-8111-111111111111,start,2026-05-04' "$T/long.csv" || fail "long start"
grep -qx '11111111-1111-4111-8111-111111111111,seen,2026-04-30' "$T/long.csv" || fail "long datetime"
grep -qx '11111111-1111-4111-8111-111111111111,note_text,2026-01-01T10:10:10Z' "$T/long.csv" ||
	fail "long text answer changed"
if grep -q 'T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].*+03' "$T/long.csv"; then fail "long kept a stamp"; fi

set +e
"$KYSELY" export --db "$T/db" --coarsen-times minute -o "$T/x.csv" 2>"$T/usage"
rc=$?
set -e
[ "$rc" = 2 ] || fail "--coarsen-times minute: exit $rc, expected 2"
grep -q "'--coarsen-times' takes day, hour or none, not 'minute'" "$T/usage" || fail "usage message: $(cat "$T/usage")"
echo "export-coarsen: day, hour and none in wide and long"
