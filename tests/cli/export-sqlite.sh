#!/bin/sh
# export --format sqlite: a plain database that sqlite3 reads: one typed
# table per form, select_multiple as 0/1 columns, choices and labels per
# language; a hostile form id stays a quoted table name.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed"; exit 77; }

"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/db" \
	"$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" --set wave=2015 2> "$T/err" ||
	fail "import: $(cat "$T/err")"
"$KYSELY" export --db "$T/db" -o "$T/wide.csv"
"$KYSELY" export --db "$T/db" --format sqlite --derived -o "$T/plain.db" 2> "$T/err" ||
	fail "export sqlite: $(cat "$T/err")"
q() { sqlite3 -batch "$T/plain.db" "$1"; }
col() { awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$T/wide.csv"; }

[ "$(q 'SELECT count(*) FROM ht_needs')" = "$(($(wc -l < "$T/wide.csv") - 1))" ] || fail "row count"
[ "$(q "SELECT count(*) FROM ht_needs WHERE profession = 'nurse'")" = "$(col profession | grep -cx nurse)" ] ||
	fail "select_one as its choice name"
[ "$(q 'SELECT sum(met_setting_ems) FROM ht_needs')" = "$(col met_setting | grep -cw ems)" ] ||
	fail "select_multiple option as 0/1"
[ "$(q 'SELECT count(*) FROM ht_needs WHERE met_setting_ems IS NULL')" = "$(col met_setting | grep -cx '')" ] ||
	fail "unanswered select_multiple as NULL"
[ "$(q 'SELECT typeof(met_count), typeof(wave), typeof(profession), typeof(score_pct) FROM ht_needs WHERE met_count IS NOT NULL LIMIT 1')" = \
	"integer|real|text|real" ] || fail "column types: $(q 'SELECT typeof(met_count), typeof(wave) FROM ht_needs LIMIT 1')"
"$KYSELY" export --db "$T/db" --format sqlite --coarsen-times day -o "$T/day.db"
[ "$(sqlite3 "$T/day.db" 'SELECT count(*) FROM ht_needs WHERE length(started) != 10 OR length(completed) != 10')" = 0 ] &&
	[ "$(q 'SELECT count(*) FROM ht_needs WHERE length(started) > 10')" != 0 ] || fail "--coarsen-times day"
echo "ok 1 - one typed table; select_one by name, select_multiple as 0/1 columns; times coarsened"

[ "$(q "SELECT label FROM choice_labels WHERE list = 'profession' AND choice = 'nurse' AND lang = 'sv'")" = "Sjukskötare" ] ||
	fail "choice label in Swedish"
[ "$(q "SELECT label FROM variable_labels WHERE name = 'profession' AND lang = 'fi'")" = "Mikä on ammattisi?" ] ||
	fail "variable label in Finnish"
[ "$(q "SELECT source || ' ' || choice FROM variables WHERE name = 'met_setting_ems'")" = "met_setting ems" ] ||
	fail "option column's question and choice"
[ "$(q "SELECT count(*) FROM ht_needs h JOIN choice_labels c ON c.list = 'profession' AND c.choice = h.profession AND c.lang = 'en'")" = \
	"$(q 'SELECT count(profession) FROM ht_needs')" ] || fail "every answer joins its label"
echo "ok 2 - variables, variable labels, choices and choice labels per language"

mkdir "$T/form"
printf 'type,name,label\ninteger,n,N\n' > "$T/form/survey.csv"
printf 'list_name,name,label\n' > "$T/form/choices.csv"
printf 'form_id,version\n"x""; DROP TABLE variables; --",1\n' > "$T/form/settings.csv"
printf 'respondent,status,started,completed,lang,n\nr1,complete,,,,3\n' > "$T/r.csv"
"$KYSELY" import "$T/form" --db "$T/h.db" "$T/r.csv" 2> "$T/err" || fail "import hostile id: $(cat "$T/err")"
"$KYSELY" export --db "$T/h.db" --format sqlite -o "$T/h.out.db" 2> "$T/err" || fail "export hostile: $(cat "$T/err")"
[ "$(sqlite3 "$T/h.out.db" 'SELECT n FROM "x""; DROP TABLE variables; --"')" = 3 ] || fail "hostile table"
[ "$(sqlite3 "$T/h.out.db" 'SELECT count(*) FROM variables')" = 6 ] || fail "variables dropped"
echo "ok 3 - a form id with quotes and SQL is a quoted table name"

set +e
"$KYSELY" export --db "$T/db" --format sqlite 2> "$T/err"
rc=$?
set -e
[ $rc = 2 ] && grep -q -- "-o FILE" "$T/err" || fail "sqlite to stdout: rc $rc $(cat "$T/err")"
echo "ok 4 - sqlite to standard output is a usage error"
echo "1..4"
