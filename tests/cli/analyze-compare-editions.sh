#!/bin/sh
# analyze-compare-editions.sh - two versions of one form in one database,
# analysed together: wave 2015 answered version 1 (k3 worded otherwise,
# yn with one more choice), wave 2026 version 2. The questions that are
# the same in both are compared as R compares them
# (tests/reference-own/compare/expected-editions.csv, make-expected.R
# leaving k3, yn and the scores holding k3 out); those four are listed
# with method not_comparable and counted in one line on stderr. Then the
# bundled survey with its previous edition (tests/forms): the listing
# against the rule worked out from the sheets by not-comparable.py.
set -eu
here=$(cd "$(dirname "$0")/../reference-own/compare" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "analyze-compare-editions: $*"; exit 1; }
awk -F, 'NR == 1 || $14 == "2015"' "$here/responses.csv" >"$tmp/old.csv"
awk -F, 'NR == 1 || $14 == "2026"' "$here/responses.csv" >"$tmp/new.csv"
"$KYSELY" import "$here/form-v1" --db "$tmp/c.db" "$tmp/old.csv" 2>/dev/null
"$KYSELY" import "$here/form" --db "$tmp/c.db" "$tmp/new.csv" 2>/dev/null
"$KYSELY" analyze --db "$tmp/c.db" --compare wave --digits 15 --out "$tmp/srs" 2>"$tmp/err"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$tmp/err")"
grep -q "form 'cmp_ref': 1 older version read with version '2'; 2 questions differing in label or scoring" \
	"$tmp/err" || fail "no summary line: $(cat "$tmp/err")"
"$KYSELY" analyze --db "$tmp/c.db" --compare wave --strata st --weight wt --digits 15 \
	--out "$tmp/svy" 2>/dev/null
# the estimates use both versions' answers of the comparable questions
awk -F, '$2 == "k1" && $4 == "" && $8 == "proportion" { n += $9 } END { exit n != 149 }' \
	"$tmp/srs/estimates.csv" || fail "estimates.csv does not count both versions' k1 answers"
for run in srs svy; do
	got=$(awk -F, '$22 == "not_comparable" { print $2 }' "$tmp/$run/comparisons.csv" | sort | tr '\n' ' ')
	[ "$got" = "k3 knowledge knowledge:b yn " ] || fail "$run: not comparable: '$got'"
	awk -F, '$22 == "not_comparable" && ($10 $11 $14 $19 != "" || $23 != 0) { exit 1 }' \
		"$tmp/$run/comparisons.csv" || fail "$run: a not_comparable row has numbers"
done
python3 "$here/check.py" "$here/expected-editions.csv" "$tmp" srs svy

# The bundled survey and its previous edition: what is listed as not
# comparable is what the rule gives when worked out from the sheets.
src=$(cd "$here/../../.." && pwd)
"$KYSELY" simulate "$src/tests/forms/ht-needs-2026112902" -n 60 --seed 3 -o "$tmp/v1.csv"
"$KYSELY" simulate "$src/surveys/ht-needs" -n 60 --seed 4 -o "$tmp/v2.csv"
"$KYSELY" import "$src/tests/forms/ht-needs-2026112902" --db "$tmp/ht.db" "$tmp/v1.csv" \
	--set wave=2025 >/dev/null 2>&1
"$KYSELY" import "$src/surveys/ht-needs" --db "$tmp/ht.db" "$tmp/v2.csv" --set wave=2026 >/dev/null 2>&1
"$KYSELY" analyze --db "$tmp/ht.db" --compare wave --out "$tmp/ht" 2>"$tmp/err"
grep -q "form 'ht_needs': 1 older version read with version '2026120301'" "$tmp/err" ||
	fail "bundled survey: no summary line: $(cat "$tmp/err")"
python3 "$here/not-comparable.py" "$src/surveys/ht-needs" "$src/tests/forms/ht-needs-2026112902" \
	"$tmp/ht/comparisons.csv"
