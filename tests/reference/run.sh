#!/bin/sh
# run.sh - kysely analyze against the R reference cases (../shared/reference):
# every expected file of `small` and `medium` must match at rtol 1e-6.
set -eu
ref=$SHARED/reference
if [ ! -x "$ref/run-case.sh" ] && [ ! -f "$ref/run-case.sh" ]; then
	echo "reference cases not found under $ref"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/kysely-ref.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for case in small medium; do
	if ! COMPARE_ARGS="--rtol 1e-6 --quiet" sh "$ref/run-case.sh" "$KYSELY" "$ref/$case" "$work/$case"; then
		status=1
	fi
done
exit $status
