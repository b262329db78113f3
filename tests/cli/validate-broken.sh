#!/bin/sh
# Forms with deliberate errors of every kind: each problem is listed once,
# as PATH:LINE: error: ..., in file and line order, and the exit is 1.
# broken/ (folder layout) and broken-onefile.csv (one file, where a quoted
# label spans two lines: LINE is where the row starts).
set -eu
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
cd "$SRCDIR/tests/forms"
fail=0

for form in broken broken-onefile.csv; do
	rc=0; "$KYSELY" validate "$form" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ $rc -eq 1 ] || { echo "FAIL: $form exit $rc"; fail=1; }
	[ -s "$tmp/out" ] && { echo "FAIL: $form printed on stdout"; fail=1; }
	diff -u "${form%.csv}.expected" "$tmp/err" || { echo "FAIL: $form diagnostics"; fail=1; }
done

# one kind of error each, checked by its own line, so that a change in
# one message does not hide the others
for want in \
	"broken/survey.csv:5: error: 'type': unknown type 'selectone yn'" \
	"broken/survey.csv:4: error: 'type': list 'nosuchlist' is not defined in the choices sheet" \
	"broken/survey.csv:3: error: 'name': duplicate name 'age' (first at line 2)" \
	"broken/survey.csv:6: error: 'relevant': unknown question 'age2'" \
	"broken/survey.csv:7: error: 'constraint': unexpected ')' at column 8" \
	"broken/survey.csv:10: error: 'type': end_group closes repeat 'rep' (line 8): write end_repeat"
do
	"$KYSELY" validate broken 2>&1 | grep -qxF "$want" || { echo "FAIL: missing: $want"; fail=1; }
done
exit $fail
