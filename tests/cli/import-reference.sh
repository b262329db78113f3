#!/bin/sh
# The reference responses import with no rejects, into a 0600 database,
# and importing them again adds nothing.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

for case in small medium; do
	dir=$SHARED/reference/$case
	n=$(($(wc -l < "$dir/responses.csv") - 1))
	umask 022
	"$KYSELY" import "$dir/form" --db "$T/$case.db" "$dir/responses.csv" 2> "$T/err" ||
		fail "$case: import failed: $(cat "$T/err")"
	grep -qx "imported $n rows, 0 rejected, 0 already present" "$T/err" ||
		fail "$case: summary: $(cat "$T/err")"
	mode=$(stat -c %a "$T/$case.db")
	[ "$mode" = 600 ] || fail "$case: database mode $mode, not 600"

	"$KYSELY" import "$dir/form" --db "$T/$case.db" "$dir/responses.csv" 2> "$T/err" ||
		fail "$case: second import failed: $(cat "$T/err")"
	grep -qx "imported 0 rows, 0 rejected, $n already present" "$T/err" ||
		fail "$case: second summary: $(cat "$T/err")"
	"$KYSELY" export --db "$T/$case.db" -o "$T/$case.csv"
	rows=$(($(wc -l < "$T/$case.csv") - 1))
	[ "$rows" = "$n" ] || fail "$case: $rows rows exported, $n expected"
done

# A cp1252 file is refused with its line unless --encoding names it.
CP=$SRCDIR/tests/data/cp1252-responses.csv
TF=$SRCDIR/tests/data/text-form
set +e
"$KYSELY" import "$TF" --db "$T/cp.db" "$CP" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q "cp1252-responses.csv:2" "$T/err" || fail "cp1252 without --encoding ($rc): $(cat "$T/err")"
"$KYSELY" import "$TF" --db "$T/cp.db" "$CP" --encoding cp1252 2> "$T/err" ||
	fail "cp1252 import: $(cat "$T/err")"
"$KYSELY" export --db "$T/cp.db" -o "$T/cp.csv"
grep -qx "r1,complete,,,,Hyvä kysely,30,,,,Etelä" "$T/cp.csv" || fail "cp1252 text: $(cat "$T/cp.csv")"

# Usage errors exit 2 and name the problem.
set +e
"$KYSELY" import "$SHARED/reference/small/form" "$SHARED/reference/small/responses.csv" 2> "$T/err"
[ $? = 2 ] && grep -q -- "--db" "$T/err" || fail "missing --db: $(cat "$T/err")"
"$KYSELY" import --frob 2> "$T/err"
[ $? = 2 ] && grep -q -- "'--frob'" "$T/err" || fail "unknown option: $(cat "$T/err")"
"$KYSELY" import "$SHARED/reference/small/form" --db "$T/x.db" "$T/missing.csv" 2> "$T/err"
[ $? = 3 ] || fail "missing responses file should exit 3: $(cat "$T/err")"
exit 0
