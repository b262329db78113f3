#!/bin/sh
# The benchmark's 10k smoke run: import and analyze the bench workload and
# check every overall share against a plain count of the CSV.
set -eu
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
BENCH_WORK="$tmp" BENCH_RESULTS="$tmp" python3 "$SRCDIR/bench/bench.py" --smoke --kysely "$KYSELY"
