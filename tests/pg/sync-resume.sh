#!/bin/sh
# A sync killed (SIGKILL) while the server holds a half-done batch leaves
# only whole batches there; run again it ends with exactly the terminal's
# data. The kill waits on the server's state (a transaction of the sync
# that has written rows), not on a delay.
set -eu
. "$SRCDIR/tests/pg/lib.sh"
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
FORM=$SHARED/bench/form
[ -d "$FORM" ] || { echo "SKIP: no $FORM"; exit 77; }
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 not installed"; exit 77; }
N=40000
B=10000

pg_start || fail "cannot start PostgreSQL"
"$KYSELY" simulate "$FORM" -n $N --seed 5 -o "$T/s.csv"
"$KYSELY" import "$FORM" --db "$T/s.db" "$T/s.csv" 2> /dev/null
sqlite3 "$T/s.db" "SELECT uuid || '|' || status || '|' || hex(answers) FROM response" |
	sort > "$T/local"
URI="$PGURI&application_name=kysely-victim"
"$KYSELY" sync --to "$PGURI" --init 2> /dev/null

killed=no
for attempt in 1 2 3; do
	"$KYSELY" sync --db "$T/s.db" --to "$URI" --batch $B 2> "$T/err" &
	pid=$!
	while kill -0 $pid 2> /dev/null; do
		# a batch committed and the next one half written
		busy=$(pg_sql "SELECT (SELECT count(*) FROM kysely.response) >= $B AND EXISTS
			(SELECT 1 FROM pg_stat_activity WHERE application_name = 'kysely-victim'
			AND backend_xid IS NOT NULL)")
		if [ "$busy" = t ]; then
			kill -9 $pid && killed=yes
			break
		fi
	done
	wait $pid 2> /dev/null || true
	[ $killed = yes ] && break
	# it finished first: start again from an empty central store
	pg_sql "TRUNCATE kysely.answer_log, kysely.response, kysely.form_attr, kysely.form CASCADE"
	sqlite3 "$T/s.db" "DELETE FROM sync_state"
done
[ $killed = yes ] || fail "every sync finished before it could be killed"
# the server rolls the killed batch back once it sees the connection gone
while [ "$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name =
	'kysely-victim'")" != 0 ]; do :; done
n=$(pg_sql "SELECT count(*) FROM kysely.response")
[ $((n % B)) = 0 ] && [ "$n" -ge $B ] && [ "$n" -lt $N ] || fail "after the kill central holds $n respondents"
echo "ok - killed mid-batch: central holds $n respondents, whole batches only"

"$KYSELY" sync --db "$T/s.db" --to "$URI" --batch $B 2> "$T/err" || fail "rerun: $(cat "$T/err")"
grep -q "$((N - n)) added" "$T/err" || fail "the rerun did not resume: $(cat "$T/err")"
pg_sql "SELECT uuid || '|' || status || '|' || upper(encode(answers, 'hex')) FROM kysely.response" |
	sort > "$T/central"
cmp -s "$T/local" "$T/central" || fail "central differs from the terminal after the rerun"
echo "ok - the rerun ends with the terminal's data"
