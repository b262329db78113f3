#!/bin/sh
# A KoboToolbox-shaped export: BOM, CRLF, label-first column order,
# $kuid/$autoname and media columns (warned once each, still valid),
# metadata types; the same form saved as Windows-1252 fails without
# --encoding (located errors) and passes with it.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
cd "$SRCDIR/tests/forms"
fail=0

rc=0; "$KYSELY" validate kobo >"$tmp/out" 2>"$tmp/err" || rc=$?
cat >"$tmp/want" <<'END'
kobo/choices.csv:1: warning: unknown column '$kuid' ignored
kobo/choices.csv:1: warning: unknown column '$autovalue' ignored
kobo/survey.csv:1: warning: unknown column '$kuid' ignored
kobo/survey.csv:1: warning: unknown column '$autoname' ignored
kobo/survey.csv:1: warning: unknown column 'media::image::English (en)' ignored
END
[ $rc -eq 0 ] || { echo "FAIL: kobo exit $rc"; fail=1; }
diff -u "$tmp/want" "$tmp/err" || { echo "FAIL: kobo warnings"; fail=1; }
grep -qx 'kobo: valid (form_id kobo_test, 8 questions, 2 languages, 5 warnings)' "$tmp/out" ||
	{ echo "FAIL: kobo summary: $(cat "$tmp/out")"; fail=1; }

rc=0; "$KYSELY" validate kobo-cp1252 >"$tmp/out" 2>"$tmp/err" || rc=$?
cat >"$tmp/want" <<'END'
kobo-cp1252/choices.csv:2: error: invalid UTF-8 (use --encoding to name the source encoding)
kobo-cp1252/survey.csv:6: error: invalid UTF-8 (use --encoding to name the source encoding)
kysely: validate: kobo-cp1252 is not valid (2 errors, 0 warnings)
END
[ $rc -eq 1 ] || { echo "FAIL: cp1252 without --encoding exit $rc"; fail=1; }
diff -u "$tmp/want" "$tmp/err" || { echo "FAIL: cp1252 errors"; fail=1; }

rc=0; "$KYSELY" validate --encoding cp1252 kobo-cp1252 >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -eq 0 ] || { echo "FAIL: cp1252 with --encoding exit $rc"; cat "$tmp/err"; fail=1; }
grep -q '^kobo-cp1252: valid (form_id kobo_test, 8 questions, 2 languages' "$tmp/out" ||
	{ echo "FAIL: cp1252 summary: $(cat "$tmp/out")"; fail=1; }
exit $fail
