#!/bin/sh
# Replays the seed corpus and every regression input through each fuzz
# target (built without libFuzzer), so a crash once found stays fixed.
set -eu
for t in expr form csv import; do
	"$BUILDDIR/tests/fuzz/fuzz-$t-replay" "$SRCDIR/tests/fuzz/seeds/$t" "$SRCDIR/tests/fuzz/regressions/$t"
done
