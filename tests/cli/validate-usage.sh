#!/bin/sh
# validate's command line: --help, unknown options and missing FORM are
# usage errors (2), an unreadable form is an I/O error (3).
set -eu
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
fail=0

"$KYSELY" validate --help >"$tmp/out" || { echo "FAIL: --help exit"; fail=1; }
grep -q '^usage: kysely validate FORM' "$tmp/out" || { echo "FAIL: --help usage"; fail=1; }
grep -q 'Example' "$tmp/out" || { echo "FAIL: --help example"; fail=1; }

rc=0; "$KYSELY" validate --frob x 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] && grep -qx "kysely: validate: unknown option '--frob'" "$tmp/err" ||
	{ echo "FAIL: unknown option: $rc $(cat "$tmp/err")"; fail=1; }
rc=0; "$KYSELY" validate 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] || { echo "FAIL: no FORM exit $rc"; fail=1; }
rc=0; "$KYSELY" validate "$SRCDIR/tests/forms/basic" --encoding 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] || { echo "FAIL: --encoding without value exit $rc"; fail=1; }
rc=0; "$KYSELY" validate --encoding no-such-enc "$SRCDIR/tests/forms/basic" 2>"$tmp/err" || rc=$?
[ $rc -eq 2 ] || { echo "FAIL: unknown encoding exit $rc: $(cat "$tmp/err")"; fail=1; }
rc=0; "$KYSELY" validate "$tmp/nothing-here" 2>"$tmp/err" || rc=$?
[ $rc -eq 3 ] || { echo "FAIL: missing form exit $rc"; fail=1; }
mkdir "$tmp/empty"
rc=0; "$KYSELY" validate "$tmp/empty" 2>"$tmp/err" || rc=$?
[ $rc -eq 1 ] && grep -q "error: no survey.csv in this folder" "$tmp/err" ||
	{ echo "FAIL: folder without survey.csv: $rc $(cat "$tmp/err")"; fail=1; }
exit $fail
