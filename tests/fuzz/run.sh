#!/bin/sh
# tests/fuzz/run.sh BUILD_DIR [SECONDS] - runs every libFuzzer target for a
# bounded time (default 60 s each) from the seed corpus, prints executions
# and findings, and copies any crashing input to tests/fuzz/regressions/.
# BUILD_DIR is a clang build configured with --enable-fuzzers --enable-sanitizers.
set -eu
build=$1
secs=${2:-60}
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for t in expr form csv import; do
	mkdir -p "$work/$t" "$work/$t-artifacts"
	cp "$src/seeds/$t"/* "$work/$t/" 2>/dev/null || true
	if "$build/tests/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=2 \
		-print_final_stats=1 -artifact_prefix="$work/$t-artifacts/" \
		"$work/$t" "$src/regressions/$t" >"$work/$t.log" 2>&1; then
		result=ok
	else
		result=CRASH
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
	echo "fuzz: $t: ${execs:-?} executions in ${secs}s, corpus $(ls "$work/$t" | wc -l) inputs: $result"
	for a in "$work/$t-artifacts"/*; do
		[ -f "$a" ] || continue
		cp "$a" "$src/regressions/$t/"
		echo "fuzz: $t: crashing input saved as tests/fuzz/regressions/$t/$(basename "$a")"
		grep -m5 -E "ERROR|SUMMARY" "$work/$t.log" || true
	done
done
exit $status
