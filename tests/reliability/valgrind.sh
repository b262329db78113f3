#!/bin/sh
# Memcheck finds no error and no definite or indirect leak in validate,
# import, analyze (--by, --weight), export (wide, long, codebook), report,
# simulate, merge and a scripted collect of the reference case `small`.
# Plain build only: an AddressSanitizer binary cannot run under valgrind.
set -eu
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
if nm "$KYSELY" 2>/dev/null | grep -q __asan_init; then
	echo "skip: $KYSELY is built with AddressSanitizer"
	exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
CASE=$SHARED/reference/small
n=0

# vg EXPECTED_STATUS ARGS...: runs kysely under memcheck; 99 means an error.
vg() {
	want=$1; shift
	n=$((n + 1))
	set +e
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		--log-file="$T/vg.$n" "$KYSELY" "$@" >"$T/out.$n" 2>"$T/err.$n"
	rc=$?
	set -e
	if [ $rc = 99 ] || [ -s "$T/vg.$n" ]; then
		cat "$T/vg.$n"
		fail "valgrind errors in: kysely $*"
	fi
	[ $rc = "$want" ] || fail "kysely $*: exit $rc, expected $want: $(cat "$T/err.$n")"
	echo "ok $n - kysely $1 clean under valgrind"
}

vg 0 validate "$CASE/form"
vg 0 import "$CASE/form" --db "$T/db" "$CASE/responses.csv"
vg 1 import "$CASE/form" --db "$T/bad.db" "$SRCDIR/tests/data/import-bad.csv" --rejects "$T/rejects.csv"
vg 0 analyze --db "$T/db" --by profession --weight weight --out "$T/analysis"
vg 0 analyze --db "$T/db" --poststratify "$CASE/poststrata.csv" --min-cell 3 --out "$T/post"
vg 0 export --db "$T/db" -o "$T/wide.csv" --codebook "$T/codebook.csv"
vg 0 export --db "$T/db" --format long -o "$T/long.csv"
vg 0 report --db "$T/db" --by region -o "$T/report.html"
vg 0 simulate "$CASE/form" -n 20 --seed 7 -o "$T/sim.csv"
"$KYSELY" import "$CASE/form" --db "$T/site.db" "$T/sim.csv" 2>/dev/null
vg 0 merge --db "$T/db" "$T/site.db"
printf 'profession=nurse\nregion=west\nsubmit\n' >"$T/script"
vg 0 collect "$CASE/form" --db "$T/db" --script "$T/script"
[ -s "$T/analysis/estimates.csv" ] && [ -s "$T/report.html" ] || fail "missing outputs"
echo "1..$n"
