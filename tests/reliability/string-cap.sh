#!/bin/sh
# Text built by calculations is bounded (SECURITY.md, L2): 40 calculations
# that each double the one before (concat(${c}, ${c})) end at once with
# one clean error naming the calculation, exit 1, and the answer given
# before stays stored; the same in the terminal screens, where the
# respondent sees the message and the program keeps running.
. "$SRCDIR/tests/reliability/lib.sh"
mkdir "$T/d"
{
	printf 'type,name,label,calculation\ntext,x,X,\ncalculate,c0,,"concat(${x}, ${x})"\n'
	i=1
	while [ $i -le 40 ]; do
		printf 'calculate,c%d,,"concat(${c%d}, ${c%d})"\n' $i $((i - 1)) $((i - 1))
		i=$((i + 1))
	done
} >"$T/d/survey.csv"
printf 'list_name,name,label\n' >"$T/d/choices.csv"
printf 'form_id,form_title,version\nd,T,1\n' >"$T/d/settings.csv"
"$KYSELY" validate "$T/d" >/dev/null 2>"$T/err" || fail "validate: $(cat "$T/err")"

# 2 GB of address space is far more than the capped texts need (an
# AddressSanitizer build reserves terabytes of shadow memory: there the
# uncapped doubling ends in ASan's own out-of-memory abort instead)
limit=2000000
ldd "$KYSELY" 2>/dev/null | grep -q libasan && limit=unlimited
set +e
( ulimit -v $limit; printf 'x=hello\nsubmit\n' | timeout 60 "$KYSELY" collect "$T/d" --db "$T/d.db" --script - ) \
	>"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "collect: exit $rc, expected 1 (134 is an abort, 124 a timeout): $(cat "$T/err")"
[ "$(wc -l <"$T/err")" = 1 ] || fail "collect: more than one line: $(cat "$T/err")"
grep -q "^kysely: stdin:1: 'c17': the calculation on line 20 of the form gives a text longer than 1048576 bytes$" "$T/err" ||
	fail "collect: $(cat "$T/err")"
[ "$(sqlite3 "$T/d.db" "SELECT count(*) FROM response WHERE status = 'partial'")" = 1 ] ||
	fail "the response with the answer given should stay partial"
max=$(sqlite3 "$T/d.db" "SELECT max(length(answers)) FROM response")
[ "$max" -lt 4000000 ] || fail "a stored record of $max bytes"
echo "ok - the doubling chain ends with: $(cat "$T/err")"
exit 0
