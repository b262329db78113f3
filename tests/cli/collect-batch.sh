#!/bin/sh
# collect --script --batch N: N submitted responses per transaction; what
# was accepted before a refused line or the end of input is committed, and
# 'ID complete' is printed only once its batch is on disk.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SHARED/bench/form
[ -d "$FORM" ] || { echo "no $FORM"; exit 77; }

i=0
: > "$T/script"
while [ $i -lt 25 ]; do
	printf 'profession=nurse\nregion=south\nq01=a\nm1=email web\nsubmit\n' >> "$T/script"
	i=$((i + 1))
done
"$KYSELY" collect "$FORM" --db "$T/db" --script "$T/script" --batch 10 > "$T/out" 2> "$T/err" ||
	fail "exit $?: $(cat "$T/err")"
[ "$(grep -c ' complete$' "$T/out")" = 25 ] || fail "printed: $(cat "$T/out")"
[ "$(sqlite3 "$T/db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 25 ] || fail "stored"
[ "$(sqlite3 "$T/db" "SELECT count(*) FROM answer_log")" = 100 ] || fail "answer log"
echo "ok - 25 responses in batches of 10: all stored, every answer logged"

# a refusal in the 13th response: the 12 before and the 13th's accepted
# answers are kept, the refused one is not, the message names the line
i=0
: > "$T/bad"
while [ $i -lt 12 ]; do
	printf 'profession=nurse\nregion=west\nsubmit\n' >> "$T/bad"
	i=$((i + 1))
done
printf 'profession=teacher\nregion=east\nq02=maybe\nsubmit\n' >> "$T/bad"
set +e
"$KYSELY" collect "$FORM" --db "$T/db2" --script "$T/bad" --batch 5 > "$T/out" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "exit $rc: $(cat "$T/err")"
grep -q "bad:39" "$T/err" || fail "message: $(cat "$T/err")"
[ "$(grep -c ' complete$' "$T/out")" = 12 ] && [ "$(grep -c ' partial$' "$T/out")" = 1 ] ||
	fail "printed: $(cat "$T/out")"
[ "$(sqlite3 "$T/db2" "SELECT count(*) FROM response WHERE status = 'complete'")" = 12 ] || fail "complete stored"
[ "$(sqlite3 "$T/db2" "SELECT count(*) FROM answer_log")" = 26 ] || fail "log: $(sqlite3 "$T/db2" "SELECT count(*) FROM answer_log")"
[ "$(sqlite3 "$T/db2" "SELECT count(*) FROM answer_log WHERE value = 'maybe'")" = 0 ] || fail "refused answer stored"
echo "ok - a refused line: what came before is committed, the refusal is not"

set +e
"$KYSELY" collect "$FORM" --db "$T/db3" --batch 5 > /dev/null 2> "$T/err"
rc=$?
set -e
[ $rc = 2 ] && grep -q -- "--batch" "$T/err" || fail "--batch without --script: exit $rc $(cat "$T/err")"
echo "ok - --batch without --script is a usage error"
