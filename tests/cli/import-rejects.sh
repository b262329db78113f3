#!/bin/sh
# Seeded bad rows are rejected with located reasons while good rows land;
# the rejects file can be fixed and imported as it is.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SHARED/reference/small/form
BAD=$SRCDIR/tests/data/import-bad.csv

set +e
"$KYSELY" import "$FORM" --db "$T/db" "$BAD" --rejects "$T/rejects.csv" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "exit status $rc, expected 1: $(cat "$T/err")"
grep -qx "imported 6 rows, 7 rejected (see $T/rejects.csv), 0 already present" "$T/err" ||
	fail "summary: $(cat "$T/err")"

head -1 "$T/rejects.csv" | grep -q '^line,reason,respondent,status,' || fail "rejects header"
lines=$(tail -n +2 "$T/rejects.csv" | cut -d, -f1 | tr '\n' ' ')
[ "$lines" = "5 6 8 9 10 11 14 " ] || fail "rejected lines: $lines"
expect() {
	grep -q "^$1,\"\\{0,1\\}line $1: $2" "$T/rejects.csv" ||
		fail "line $1: expected reason '$2' in: $(grep "^$1," "$T/rejects.csv" | cut -c1-200)"
}
expect 5 "'profession': .*astronaut"
expect 6 "'experience_years': fails the constraint (Enter a whole number from 0 to 60.)"
expect 8 "'started': not an ISO 8601 instant"
expect 9 "'region': a required answer is missing"
expect 10 "'respondent': '6a241968-2f5b-479b-9c16-03bef7bd7750' already appears on line 2"
expect 11 "20 fields where the header has 26"
expect 14 "'training_hours': "
mode=$(stat -c %a "$T/rejects.csv")
[ "$mode" = 600 ] || fail "rejects file mode $mode"

"$KYSELY" export --db "$T/db" -o "$T/out.csv"
got=$(tail -n +2 "$T/out.csv" | cut -d, -f1 | tr '\n' ' ')
[ "$got" = "6a241968-2f5b-479b-9c16-03bef7bd7750 6e0f436a-f238-4230-9b14-c5fe9d40408b 84577985-0ba9-4563-bc8a-3e300d399ead 3a35fdd4-af14-4182-b4c4-4c143f277e42 b003aeee-351c-478f-b012-4058786ce430 partial-ok-0005 " ] ||
	fail "stored respondents: $got"

# Importing the same file again adds nothing and rejects the same rows.
set +e
"$KYSELY" import "$FORM" --db "$T/db" "$BAD" --rejects "$T/rejects2.csv" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "second import exit $rc"
grep -qx "imported 0 rows, 7 rejected (see $T/rejects2.csv), 6 already present" "$T/err" ||
	fail "second summary: $(cat "$T/err")"

# Fix one row in the rejects file and import the file itself.
sed 's/,astronaut,/,nurse,/' "$T/rejects.csv" > "$T/fixed.csv"
set +e
"$KYSELY" import "$FORM" --db "$T/db" "$T/fixed.csv" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "fixed import exit $rc"
grep -q "^imported 1 row, 6 rejected, 0 already present" "$T/err" ||
	fail "fixed summary: $(cat "$T/err")"
grep -q "fixed.csv: line 3: 'experience_years': fails" "$T/err" &&
	grep -q "fixed.csv: line 7: 20 fields where the header has 26" "$T/err" || fail "reasons on stderr: $(cat "$T/err")"

# An invalid form imports nothing and exits 1.
mkdir "$T/badform"
printf 'type,name,label\nselect_one nolist,q,Q\n' > "$T/badform/survey.csv"
set +e
"$KYSELY" import "$T/badform" --db "$T/db2" "$BAD" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "invalid form exit $rc: $(cat "$T/err")"
grep -q "survey.csv:2" "$T/err" || fail "form diagnostics: $(cat "$T/err")"
exit 0
