#!/bin/sh
# 50 terminals sync to one central store at once, 2,000 respondents each:
# every respondent arrives exactly once with its answers as stored at its
# terminal, and a second round (all at once again) adds nothing. The store
# is empty at first: the 50 race to create the schema, and one does.
set -eu
. "$SRCDIR/tests/pg/lib.sh"
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
FORM=$SHARED/bench/form
[ -d "$FORM" ] || { echo "SKIP: no $FORM"; exit 77; }
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 not installed"; exit 77; }
SITES=50
N=2000

pg_start || fail "cannot start PostgreSQL"
i=1
while [ $i -le $SITES ]; do
	"$KYSELY" simulate "$FORM" -n $N --seed $i -o "$T/s$i.csv"
	"$KYSELY" import "$FORM" --db "$T/s$i.db" "$T/s$i.csv" 2> /dev/null
	sqlite3 "$T/s$i.db" "SELECT uuid || '|' || status || '|' || hex(answers) FROM response" >> "$T/local"
	i=$((i + 1))
done
sort "$T/local" > "$T/local.sorted"
[ "$(cut -d'|' -f1 "$T/local.sorted" | sort -u | wc -l)" = $((SITES * N)) ] ||
	fail "the simulated sites share respondent ids"

round() {
	i=1
	while [ $i -le $SITES ]; do
		"$KYSELY" sync --db "$T/s$i.db" --to "$PGURI" --batch 500 2> "$T/err$i" &
		echo $! > "$T/pid$i"
		i=$((i + 1))
	done
	i=1
	while [ $i -le $SITES ]; do
		wait "$(cat "$T/pid$i")" || fail "site $i: $(cat "$T/err$i")"
		i=$((i + 1))
	done
}

round
echo "ok - $SITES concurrent syncs finished"
[ "$(pg_sql "SELECT count(*) || ':' || max(version) FROM kysely.schema_migration")" = 2:2 ] ||
	fail "the schema was not migrated exactly once to each version"
central() {
	pg_sql "SELECT uuid || '|' || status || '|' || upper(encode(answers, 'hex')) FROM kysely.response" | sort
}
central > "$T/central.sorted"
cmp -s "$T/local.sorted" "$T/central.sorted" ||
	fail "central differs from the sites: $(diff "$T/local.sorted" "$T/central.sorted" | head -3)"
[ "$(pg_sql 'SELECT count(*) FROM kysely.response')" = $((SITES * N)) ] || fail "count"
echo "ok - nothing lost, nothing duplicated, answers as at the terminals"

# every site pushes everything again (its mark forgotten): all present
i=1
while [ $i -le $SITES ]; do
	sqlite3 "$T/s$i.db" "DELETE FROM sync_state"
	i=$((i + 1))
done
round
grep -h "added" "$T"/err* | grep -v " 0 added" && fail "the second round added respondents"
grep -q "2000 already present" "$T/err7" || fail "site 7: $(cat "$T/err7")"
central > "$T/central2.sorted"
cmp -s "$T/central.sorted" "$T/central2.sorted" || fail "the second round changed central"
[ "$(pg_sql 'SELECT count(*) FROM kysely.conflict')" = 0 ] || fail "conflicts recorded"
echo "ok - a second concurrent round changes nothing"
