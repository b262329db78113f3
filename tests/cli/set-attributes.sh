#!/bin/sh
# import --set and collect --set (interfaces.md section 5, "Attributes at
# entry"): every response the command stores carries the attribute, next
# to the file's own attribute columns; re-importing with the same --set
# adds nothing; analyze --by groups on it and export writes its column.
# Refused (exit 2, the database unchanged, the value never echoed): no
# '=', an empty name or value, a control character, a name given twice,
# a question, a fixed response column, a column of the file, --resume.
set -eu
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 CLI"; exit 77; }
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SRCDIR/tests/data/text-form
CSV=$SRCDIR/tests/data/text-responses.csv
q() { sqlite3 "$T/db" "$1"; }

"$KYSELY" import "$FORM" --db "$T/db" "$CSV" --set wave=2015 --set phase=pre 2> "$T/err" ||
	fail "import --set: $(cat "$T/err")"
grep -q "imported 4 rows" "$T/err" || fail "import: $(cat "$T/err")"
[ "$(q "SELECT count(*) FROM response WHERE json_extract(attrs, '\$.wave') = '2015'
	AND json_extract(attrs, '\$.phase') = 'pre'")" = 4 ] || fail "imported attributes: $(q 'SELECT attrs FROM response')"
# the file's own attribute column is kept beside them
[ "$(q "SELECT json_extract(attrs, '\$.site') FROM response WHERE uuid = 'r2'")" = "@home" ] ||
	fail "site lost: $(q "SELECT attrs FROM response WHERE uuid = 'r2'")"
"$KYSELY" import "$FORM" --db "$T/db" "$CSV" --set phase=pre --set wave=2015 2> "$T/err" ||
	fail "re-import: $(cat "$T/err")"
grep -q "imported 0 rows, 0 rejected, 4 already present" "$T/err" || fail "re-import: $(cat "$T/err")"
echo "ok - import --set tags every row, beside the file's columns; re-import adds nothing"

printf 'age=30\nsubmit\nage=50\nsubmit\n' > "$T/script"
"$KYSELY" collect "$FORM" --db "$T/db" --script "$T/script" --set wave=2026 --set site=oys \
	> "$T/out" 2> "$T/err" || fail "collect --set: $(cat "$T/err")"
[ "$(grep -c ' complete$' "$T/out")" = 2 ] || fail "collect printed: $(cat "$T/out")"
for id in $(cut -d' ' -f1 "$T/out"); do
	[ "$(q "SELECT attrs FROM response WHERE uuid = '$id'")" = '{"site":"oys","wave":"2026"}' ] ||
		fail "collected $id: $(q "SELECT attrs FROM response WHERE uuid = '$id'")"
done
echo "ok - collect --set tags every new response"

"$KYSELY" analyze --db "$T/db" --by wave --out "$T/a" 2> "$T/err" || fail "analyze --by wave: $(cat "$T/err")"
python3 - "$T/a/estimates.csv" <<'PY' || exit 1
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))
        if r["variable"] == "age" and r["statistic"] == "mean" and r["by"] == "wave"]
got = {r["group"]: (int(r["n"]), float(r["estimate"])) for r in rows}
# 2015: the file's complete ages 30, 41, 19 (r3 has none); 2026: 30 and 50
want = {"2015": (3, 30.0), "2026": (2, 40.0)}
if got != want:
    print("FAIL: mean age by wave %s, want %s" % (got, want)); sys.exit(1)
PY
echo "ok - analyze --by wave groups the imported and the collected responses"

"$KYSELY" export --db "$T/db" -o "$T/export.csv"
python3 - "$T/export.csv" <<'PY' || exit 1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
waves = sorted(r["wave"] for r in rows)
phases = sorted(r["phase"] for r in rows)
if waves != ["2015"] * 4 + ["2026"] * 2 or phases != [""] * 2 + ["pre"] * 4:
    print("FAIL: exported wave %s phase %s" % (waves, phases)); sys.exit(1)
PY
echo "ok - export writes the attributes as columns"

before=$(q "SELECT count(*) || ' ' || group_concat(attrs) FROM response")
refuse() {   # refuse WHAT PATTERN COMMAND...
	what=$1 pattern=$2
	shift 2
	set +e
	"$@" > /dev/null 2> "$T/err"
	rc=$?
	set -e
	[ $rc = 2 ] || fail "$what: exit $rc: $(cat "$T/err")"
	grep -q -- "$pattern" "$T/err" || fail "$what: message '$(cat "$T/err")'"
	! grep -q "secret" "$T/err" || fail "$what: the message shows the value"
	[ "$(q "SELECT count(*) || ' ' || group_concat(attrs) FROM response")" = "$before" ] ||
		fail "$what: the database changed"
}
imp() { "$KYSELY" import "$FORM" --db "$T/db" "$CSV" "$@"; }
refuse "a column of the file" "column 'site' is given with '--set'" imp --set site=secret
refuse "a question" "'--set age'.*question" imp --set age=secret
refuse "a fixed column" "'--set status'.*fixed response column" imp --set status=secret
refuse "no '='" "expected NAME=VALUE" imp --set wave
refuse "an empty name" "the name is empty" imp --set =secret
refuse "an empty value" "'--set wave': the value is empty" imp --set wave=
refuse "a control character" "'--set wave': a control" imp --set "wave=$(printf 'secret\033[2J')"
refuse "a name twice" "'--set wave' is given twice" imp --set wave=secret --set wave=secret2
refuse "collect: a question" "'--set age'.*question" \
	"$KYSELY" collect "$FORM" --db "$T/db" --script "$T/script" --set age=secret
refuse "collect: --resume" "'--set' is for new responses" \
	"$KYSELY" collect "$FORM" --db "$T/db" --script "$T/script" --resume r3 --set wave=secret
echo "ok - bad --set refused with exit 2, nothing stored, the value never shown"
