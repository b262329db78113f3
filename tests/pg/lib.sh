# tests/pg/lib.sh - a private PostgreSQL cluster for one test.
#
# pg_start makes a cluster in a temporary folder, listening only on a Unix
# socket in that folder (no TCP), with trust authentication for its own
# socket and fsync off (a test's data may be lost at a crash). The test's
# EXIT trap must call pg_stop, which stops and removes it. PostgreSQL
# refuses to run as root: under root (CI) the cluster runs as the user
# nobody, which owns the folder.
# The superuser is kysely_owner; $PGURI connects as it.
# Skips the test (77) when the PostgreSQL server binaries are absent.

PG_BIN=${PG_BIN:-}
if [ -z "$PG_BIN" ]; then
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		PG_BIN=$d
		break
	done
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ] ||
   ! command -v psql >/dev/null 2>&1; then
	echo "SKIP: PostgreSQL server binaries not found (apt-get install postgresql)"
	exit 77
fi

PG_DIR=
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

pg_stop() {
	if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
	fi
	[ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
	PG_DIR=
}

pg_start() {
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kysely-pg.XXXXXX") || return 1
	# the caller's EXIT trap calls pg_stop; a signal goes through it too
	trap 'exit 1' HUP INT TERM
	if [ "$(id -u)" = 0 ]; then
		chown nobody:nogroup "$PG_DIR" || return 1
	fi
	as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U kysely_owner --auth=trust \
		-E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_DIR/initdb.log"; return 1; }
	as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
		-o "-k $PG_DIR -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_connections=120" \
		start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
	PGHOST=$PG_DIR
	PGPORT=5432
	export PGHOST PGPORT
	unset PGPASSWORD PGSERVICE PGDATABASE PGUSER
	PGURI="postgresql:///postgres?host=$PG_DIR&user=kysely_owner"
}

# pg_sql SQL: runs SQL as the owner, prints rows unaligned, '|' between columns.
pg_sql() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 "$PGURI" -c "$1"
}

# pg_uri USER: a URI of the cluster for another role.
pg_uri() {
	echo "postgresql:///postgres?host=$PG_DIR&user=$1"
}
