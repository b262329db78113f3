#!/bin/sh
# The house's size rules: no command file (src/cmd-*.c) over 300 lines, no
# function over 80 lines (from its opening brace to its closing one; tables
# are not functions and are not counted). Functions are found as the house
# writes them: the signature at the start of a line, '{' alone on the next,
# '}' alone at the start of a line to close.
#	tests/size-limits.sh [SRCDIR]   prints each breach; exit 1 if any
set -eu
top=${1:-${SRCDIR:-.}}
cd "$top"
status=0
for f in src/cmd-*.c; do
	n=$(wc -l < "$f")
	if [ "$n" -gt 300 ]; then
		echo "FAIL: $f: $n lines (a command file holds at most 300)"
		status=1
	fi
done
breaches=$(find src analysis -name '*.c' | sort | xargs awk '
	FNR == 1 { start = 0 }
	/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { sig = FNR; name = $0 }
	/^\{/ && sig && FNR <= sig + 3 { start = FNR; fname = name }
	/^\}/ && start {
		len = FNR - start + 1
		if (len > 80) {
			sub(/\(.*/, "", fname); n = split(fname, w, /[ \t*]+/)
			printf "FAIL: %s:%d: %s is %d lines (at most 80)\n", FILENAME, start, w[n], len
		}
		start = 0; sig = 0
	}')
if [ -n "$breaches" ]; then
	echo "$breaches"
	status=1
fi
[ $status = 0 ] && echo "ok - command files <= 300 lines, functions <= 80 lines"
exit $status
