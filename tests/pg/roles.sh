#!/bin/sh
# Roles and secrets: a terminal's role (member of kysely_sync) pushes but
# cannot read answers, an analyst's (kysely_read) reads but cannot push;
# a URI holding a password is refused and the password never printed;
# passwords come from PGPASSFILE; collect --sync-to pushes in the
# background and logs a failure without failing the collection.
set -eu
. "$SRCDIR/tests/pg/lib.sh"
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
FORM=$SHARED/bench/form
[ -d "$FORM" ] || { echo "SKIP: no $FORM"; exit 77; }
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 not installed"; exit 77; }
# waits on state; the deadline only keeps a broken build from hanging the suite
deadline() { [ "$(date +%s)" -lt "$DEADLINE" ] || fail "$1"; }

pg_start || fail "cannot start PostgreSQL"
"$KYSELY" sync --to "$PGURI" --init 2> "$T/err" || fail "init: $(cat "$T/err")"
pg_sql "CREATE ROLE site1 LOGIN; GRANT kysely_sync TO site1;
	CREATE ROLE analyst LOGIN; GRANT kysely_read TO analyst"
SITE=$(pg_uri site1)
ANALYST=$(pg_uri analyst)
"$KYSELY" simulate "$FORM" -n 300 --seed 4 -o "$T/a.csv"
"$KYSELY" import "$FORM" --db "$T/a.db" "$T/a.csv" 2> /dev/null

"$KYSELY" sync --db "$T/a.db" --to "$SITE" 2> "$T/err" || fail "sync as site1: $(cat "$T/err")"
grep -q "300 added" "$T/err" || fail "$(cat "$T/err")"
psql -X -q "$SITE" -c "SELECT count(*) FROM kysely.response" > /dev/null 2> "$T/err" &&
	fail "the sync role reads the responses"
grep -q "permission denied" "$T/err" || fail "$(cat "$T/err")"
rc=0
"$KYSELY" analyze --db "$SITE" --out "$T/no" 2> "$T/err" || rc=$?
[ $rc = 3 ] && grep -q "permission denied" "$T/err" || fail "analyze as site1: $rc $(cat "$T/err")"
echo "ok - the sync role pushes and cannot read answers"

"$KYSELY" analyze --db "$ANALYST" --out "$T/c" 2> "$T/err" || fail "analyze as analyst: $(cat "$T/err")"
"$KYSELY" analyze --db "$T/a.db" --out "$T/a" 2> /dev/null
cmp -s "$T/a/estimates.csv" "$T/c/estimates.csv" || fail "the analyst's estimates differ"
rc=0
"$KYSELY" sync --db "$T/a.db" --to "$ANALYST" 2> "$T/err" || rc=$?
[ $rc = 3 ] && grep -q "permission denied" "$T/err" || fail "sync as analyst: $rc $(cat "$T/err")"
echo "ok - the read role reads and cannot push"

for uri in "postgresql://site1:Sekr3tPw@localhost/postgres" "$SITE&password=Sekr3tPw"; do
	for cmd in "sync --db $T/a.db --to" "analyze --out $T/x --db" "export --db"; do
		rc=0
		# shellcheck disable=SC2086
		"$KYSELY" $cmd "$uri" > "$T/out" 2> "$T/err" || rc=$?
		[ $rc = 2 ] || fail "$cmd with a password in the URI exits $rc"
		[ "$(wc -l < "$T/err")" = 1 ] && grep -q "holds a password" "$T/err" || fail "$(cat "$T/err")"
		grep -q Sekr3tPw "$T/err" "$T/out" && fail "the password was printed: $(cat "$T/err")"
	done
done
rc=0
"$KYSELY" collect "$FORM" --db "$T/p.db" --sync-to "postgresql://site1:Sekr3tPw@localhost/postgres" \
	--script - < /dev/null > "$T/out" 2> "$T/err" || rc=$?
[ $rc = 2 ] && grep -q "holds a password" "$T/err" || fail "collect --sync-to: $rc $(cat "$T/err")"
grep -q Sekr3tPw "$T/err" "$T/out" && fail "collect printed the password"
[ ! -e "$T/p.db" ] || fail "collect started with a refused --sync-to"
echo "ok - a URI with a password is refused in one line that does not show it"

# passwords from PGPASSFILE: site1 must now give one
pg_sql "ALTER ROLE site1 PASSWORD 'Sekr3tPw'"
{ echo "local all site1 scram-sha-256"; cat "$PG_DIR/data/pg_hba.conf"; } > "$T/hba"
cat "$T/hba" > "$PG_DIR/data/pg_hba.conf"
pg_sql "SELECT pg_reload_conf()" > /dev/null
until [ "$(pg_sql "SELECT count(*) FROM pg_hba_file_rules WHERE user_name = '{site1}'")" = 1 ]; do :; done
rc=0
PGPASSFILE=/nonexistent "$KYSELY" sync --db "$T/a.db" --to "$SITE" 2> "$T/err" || rc=$?
[ $rc = 3 ] || fail "sync without a password exits $rc: $(cat "$T/err")"
echo "*:*:*:site1:Sekr3tPw" > "$T/pgpass"
chmod 600 "$T/pgpass"
PGPASSFILE=$T/pgpass "$KYSELY" sync --db "$T/a.db" --to "$SITE" 2> "$T/err" ||
	fail "sync with PGPASSFILE: $(cat "$T/err")"
grep -q Sekr3tPw "$T/err" && fail "the password was printed"
echo "ok - the password comes from PGPASSFILE"

# collect --sync-to: the submission returns, the sync follows in the background
printf 'profession=nurse\nregion=south\nq01=a\nsubmit\n' > "$T/script"
PGPASSFILE=$T/pgpass "$KYSELY" collect "$FORM" --db "$T/a.db" --sync-to "$SITE" \
	--script "$T/script" > "$T/out" 2> "$T/err" || fail "collect: $(cat "$T/err")"
uuid=$(cut -d' ' -f1 "$T/out")
[ -n "$uuid" ] || fail "collect printed no id"
DEADLINE=$(($(date +%s) + 120))
until [ "$(pg_sql "SELECT count(*) FROM kysely.response WHERE uuid = '$uuid'")" = 1 ]; do
	deadline "the background sync did not push the respondent: $(cat "$T/a.db-sync.log")"
done
echo "ok - collect --sync-to pushes the submission in the background"

"$KYSELY" collect "$FORM" --db "$T/b.db" --sync-to "postgresql:///postgres?host=$T/nowhere" \
	--script "$T/script" > /dev/null 2> "$T/err" || fail "collect with a dead server: $(cat "$T/err")"
DEADLINE=$(($(date +%s) + 120))
until grep -q "cannot connect" "$T/b.db-sync.log" 2> /dev/null; do
	deadline "the failure was not logged: $(cat "$T/b.db-sync.log" 2> /dev/null)"
done
[ "$(sqlite3 "$T/b.db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 1 ] ||
	fail "the submission was not kept"
echo "ok - an unreachable server is logged in DB-sync.log; the answers stay"
