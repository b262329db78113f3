#!/bin/sh
# Every reference form (the R comparisons, the benchmark workload) and the
# bundled instrument validate cleanly, with the one-line summary on stdout.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
fail=0

check() {  # FORM FORM_ID
	if ! "$KYSELY" validate "$1" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL: kysely validate $1 exited $?"; cat "$tmp/err"; fail=1; return
	fi
	if ! grep -q "^$1: valid (form_id $2, " "$tmp/out"; then
		echo "FAIL: summary of $1: $(cat "$tmp/out")"; fail=1
	fi
	if [ -s "$tmp/err" ]; then
		echo "FAIL: diagnostics for $1:"; cat "$tmp/err"; fail=1
	fi
}

check "$SHARED/reference/small/form" ht_needs_ref_a
check "$SHARED/reference/medium/form" ht_needs_ref_a
check "$SHARED/bench/form" bench_workload
check "$SRCDIR/tests/forms/basic" basic_test
check "$SRCDIR/tests/forms/basic.csv" basic_test
# the bundled survey (surveys/check-surveys.sh checks it in more depth)
check "$SRCDIR/surveys/ht-needs" ht_needs
check "$SRCDIR/surveys/example-onefile.csv" example_onefile
exit $fail
