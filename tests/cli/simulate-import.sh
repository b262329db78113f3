#!/bin/sh
# Simulated responses of the bundled survey and of every reference form
# import with zero rejects: types, choices, filters, constraints and skip
# logic are all honoured, partial respondents included.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

n=0
for form in "$SRCDIR/surveys/ht-needs" "$SHARED/reference/small/form" \
	    "$SHARED/reference/medium/form" "$SHARED/bench/form"; do
	n=$((n + 1))
	"$KYSELY" simulate "$form" -n 400 --seed $n --partial 0.1 -o "$T/sim$n.csv" 2> "$T/err" ||
		fail "simulate $form: $(cat "$T/err")"
	lines=$(wc -l < "$T/sim$n.csv")
	[ "$lines" = 401 ] || fail "$form: $lines lines, expected a header and 400 rows"
	grep -q ',partial,' "$T/sim$n.csv" || fail "$form: no partial respondent"
	set +e
	"$KYSELY" import "$form" --db "$T/db$n" "$T/sim$n.csv" --rejects "$T/rej$n.csv" 2> "$T/err"
	rc=$?
	set -e
	[ $rc = 0 ] || fail "import of simulated $form: exit $rc: $(head -5 "$T/err"; head -5 "$T/rej$n.csv" 2>/dev/null)"
	grep -q "^imported 400 rows, 0 rejected" "$T/err" || fail "$form summary: $(cat "$T/err")"
done

# Structure off and no missing answers import as well.
"$KYSELY" simulate "$SRCDIR/surveys/ht-needs" -n 200 --seed 9 --structure off \
	--missing 0 --partial 0 --lang-mix fi=1 -o "$T/plain.csv"
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/plain.db" "$T/plain.csv" 2> "$T/err" ||
	fail "import of unstructured data: $(cat "$T/err")"
cut -d, -f2 "$T/plain.csv" | tail -n +2 | sort -u | tr '\n' ' ' | grep -qx 'complete ' ||
	fail "--partial 0 still wrote partial respondents"
cut -d, -f5 "$T/plain.csv" | tail -n +2 | sort -u | tr '\n' ' ' | grep -qx 'fi ' ||
	fail "--lang-mix fi=1 wrote other languages"
exit 0
