#!/bin/sh
# Suppression of small cells (statistics.md, disclosure control): with
# --min-cell, every proportion from a count below the threshold (or with
# fewer than it outside) is blank and flagged, and no group or level holds
# a single suppressed cell that totals would give away; unweighted and
# weighted, one and two grouping variables.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
CHECK="python3 $SRCDIR/tests/reliability/small-cells.py"
"$KYSELY" import "$FORM" --db "$T/db" "$CASE/responses.csv" 2>/dev/null
run() {
	t=$1; shift
	"$KYSELY" analyze --db "$T/db" --min-cell "$t" --out "$T/o" "$@" >/dev/null 2>"$T/err" ||
		fail "analyze $*: $(cat "$T/err")"
	$CHECK "$T/o/estimates.csv" "$t" >"$T/check" || fail "--min-cell $t $*: $(cat "$T/check")"
	echo "ok - --min-cell $t $*: $(tail -1 "$T/check")"
}
run 5 --by profession
run 3 --by region --weight weight
run 5 --by profession --by region
# the checker itself catches a cell left standing
"$KYSELY" analyze --db "$T/db" --by profession --out "$T/plain" >/dev/null
if $CHECK "$T/plain/estimates.csv" 5 >/dev/null; then
	fail "the checker passed an unsuppressed table"
fi
echo "ok - the checker refuses an unsuppressed table"
