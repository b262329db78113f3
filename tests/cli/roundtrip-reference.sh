#!/bin/sh
# export -> import into a new database -> export gives the same bytes, for
# the reference cases and for text that a spreadsheet would run.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

roundtrip() {  # FORM RESPONSES NAME
	"$KYSELY" import "$1" --db "$T/$3-1.db" "$2" 2> "$T/err" || fail "$3: import: $(cat "$T/err")"
	"$KYSELY" export --db "$T/$3-1.db" -o "$T/$3-a.csv"
	"$KYSELY" import "$1" --db "$T/$3-2.db" "$T/$3-a.csv" 2> "$T/err" ||
		fail "$3: re-import: $(cat "$T/err")"
	"$KYSELY" export --db "$T/$3-2.db" -o "$T/$3-b.csv"
	cmp "$T/$3-a.csv" "$T/$3-b.csv" || fail "$3: second export differs"
	"$KYSELY" export --db "$T/$3-1.db" --format long -o "$T/$3-la.csv"
	"$KYSELY" export --db "$T/$3-2.db" --format long -o "$T/$3-lb.csv"
	cmp "$T/$3-la.csv" "$T/$3-lb.csv" || fail "$3: long exports differ"
	# Re-importing an export into the database it came from adds nothing.
	"$KYSELY" import "$1" --db "$T/$3-1.db" "$T/$3-a.csv" 2> "$T/err" ||
		fail "$3: import of own export: $(cat "$T/err")"
	grep -q "^imported 0 rows, 0 rejected" "$T/err" || fail "$3: $(cat "$T/err")"
}

for case in small medium; do
	dir=$SHARED/reference/$case
	roundtrip "$dir/form" "$dir/responses.csv" "$case"
	# The export is the input with the attribute columns sorted by name.
	cut -d, -f1-23 "$dir/responses.csv" > "$T/in-left"
	cut -d, -f24- "$dir/responses.csv" | awk -F, '{ print $3 "," $2 "," $1 }' > "$T/in-right"
	paste -d, "$T/in-left" "$T/in-right" > "$T/in-sorted"
	cmp "$T/in-sorted" "$T/$case-a.csv" || fail "$case: export differs from the input"
done

roundtrip "$SRCDIR/tests/data/text-form" "$SRCDIR/tests/data/text-responses.csv" text
cmp "$SRCDIR/tests/data/text-expected.csv" "$T/text-a.csv" || {
	diff "$SRCDIR/tests/data/text-expected.csv" "$T/text-a.csv"
	fail "text: formulas not neutralised as expected"
}
mode=$(stat -c %a "$T/text-a.csv")
[ "$mode" = 600 ] || fail "export file mode $mode"
exit 0
