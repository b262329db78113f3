#!/bin/sh
# The real XLSForms of ../shared/xlsform-corpus (120 forms with pyxform's
# verdicts; issue 18) through the corpus's own check.sh: validate, then
# simulate -> import -> analyze -> export -> import for every accepted form.
# The suite fails when a verdict regresses: every valid form accepted
# (those with repeats too: none is refused by design any more), every
# invalid form rejected with a located error, no crash or hang, and
# import taking every simulated row (check.sh exits 0 only then). The
# corpus is read where it is, never copied; without it the test skips.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

corpus=$SHARED/xlsform-corpus
[ -x "$corpus/check.sh" ] && [ -f "$corpus/expect.tsv" ] ||
	skip "no XLSForm corpus at $corpus (the forms of issue 18 live in ../shared)"
run_status "$corpus/check.sh" "$KYSELY" "$T/work"
summary=$(tail -1 "$T/out")
echo "$summary"
case $summary in
corpus:*) ;;
*) fail "check.sh gave no summary (exit $rc): $(tail -5 "$T/out" "$T/err")" ;;
esac
[ "$rc" = 0 ] || fail "the corpus regressed (check.sh exit $rc): $(cat "$T/out")"
echo "$summary" | grep -q ' refused by design 0, crashes 0, simulate→import rejects 0, hangs 0, false verdicts 0,' ||
	fail "check.sh passed, yet: $summary"
exit 0
