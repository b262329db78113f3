#!/bin/sh
# `kysely collect --script`: answers read from lines pass the same checks
# as on screen and are stored at once; parallel scripted sessions into
# one database lose nothing.
set -eu
T=$(mktemp -d "${TMPDIR:-/tmp}/kysely-script.XXXXXX")
trap 'rm -rf "$T"' EXIT
MINI="${SRCDIR:-$(dirname "$0")/../..}/tests/tui/mini.csv"
db="$T/s.db"
fail() { echo "FAIL: $*"; cat "$T/err" 2>/dev/null || true; exit 1; }

printf '%s\n' '# two respondents' profession=nurse age=44 met_victim=no \
	'training=indicators referral' submit profession=doctor age=12 >"$T/in"
rc=0
"$KYSELY" collect "$MINI" --db "$db" --script "$T/in" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 1 ] || fail "a refused answer should exit 1, not $rc"
grep -qF "in:8: 'age': Iän on oltava 18–80 vuotta" "$T/err" || fail "message: $(cat "$T/err")"
[ "$(grep -c ' complete$' "$T/out")" = 1 ] || fail "one complete response expected"
[ "$(grep -c ' partial$' "$T/out")" = 1 ] || fail "one partial response expected"
[ "$(sqlite3 "$db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 1 ] ||
	fail "the complete response is not in the database"

partial=$(sed -n 's/ partial$//p' "$T/out")
printf 'age=30\nmet_victim=no\ntimes=3\n' | "$KYSELY" collect "$MINI" --db "$db" --resume "$partial" \
	--script - >"$T/out" 2>"$T/err" && fail "an irrelevant question was accepted"
grep -qF "stdin:3: 'times' is not relevant" "$T/err" || fail "message: $(cat "$T/err")"
printf 'submit\n' | "$KYSELY" collect "$MINI" --db "$db" --resume "$partial" --script - \
	>"$T/out" 2>"$T/err" || fail "submitting the resumed response failed"
[ "$(cat "$T/out")" = "$partial complete" ] || fail "resume output: $(cat "$T/out")"

printf 'nosuch=1\n' | "$KYSELY" collect "$MINI" --db "$db" --script - >/dev/null 2>"$T/err" &&
	fail "an unknown question was accepted"
grep -qF "stdin:1: the text before '=' names no question" "$T/err" || fail "message: $(cat "$T/err")"

# four sessions at once, five respondents each
for s in 1 2 3 4; do
	for r in 1 2 3 4 5; do
		printf 'profession=midwife\nage=%s\nmet_victim=yes\ntimes=%s\nsubmit\n' "$((20 + s))" "$r"
	done >"$T/load$s"
	"$KYSELY" collect "$MINI" --db "$T/load.db" --script "$T/load$s" >"$T/load$s.out" 2>"$T/load$s.err" &
done
wait
cat "$T"/load?.err
[ "$(cat "$T"/load?.out | grep -c ' complete$')" = 20 ] || fail "20 submissions expected"
[ "$(sqlite3 "$T/load.db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 20 ] ||
	fail "20 complete responses expected in the database"
exit 0
