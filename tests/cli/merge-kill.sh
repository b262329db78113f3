#!/bin/sh
# A merge killed with SIGKILL in the middle leaves CENTRAL as it was:
# PRAGMA integrity_check is ok and the counts are unchanged.
set -eu
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 not installed"; exit 77; }
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SHARED/bench/form

"$KYSELY" simulate "$FORM" -n 50 --seed 1 -o "$T/small.csv"
"$KYSELY" import "$FORM" --db "$T/central.db" "$T/small.csv" 2> /dev/null
"$KYSELY" simulate "$FORM" -n 100000 --seed 2 -o "$T/big.csv"
"$KYSELY" import "$FORM" --db "$T/site.db" "$T/big.csv" 2> /dev/null
count() { sqlite3 "$T/central.db" "SELECT count(*) FROM response"; }
before=$(count)
[ "$before" = 50 ] || fail "central holds $before responses before the merge"

killed=no
for delay in 0.4 0.15 0.05; do
	"$KYSELY" merge --db "$T/central.db" "$T/site.db" 2> /dev/null &
	pid=$!
	sleep $delay
	if kill -9 $pid 2> /dev/null; then
		killed=yes
	fi
	wait $pid 2> /dev/null || true
	[ $killed = yes ] && break
	# It finished first: start again from the same central database.
	rm -f "$T/central.db" "$T/central.db-wal" "$T/central.db-shm"
	"$KYSELY" import "$FORM" --db "$T/central.db" "$T/small.csv" 2> /dev/null
done
[ $killed = yes ] || fail "every merge finished before it could be killed"

[ "$(sqlite3 "$T/central.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
after=$(count)
[ "$after" = "$before" ] || fail "central holds $after responses after the killed merge, $before before"

# And the merge completes when left alone.
"$KYSELY" merge --db "$T/central.db" "$T/site.db" 2> "$T/err" || fail "merge: $(cat "$T/err")"
[ "$(count)" = 100050 ] || fail "after the merge: $(count)"
exit 0
