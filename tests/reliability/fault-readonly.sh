#!/bin/sh
# A read-only database (file mode 0400 and a folder without write
# permission, as another user sees it): import and collect stop with one
# `kysely: ...` line and exit 3; export still reads it; the answers are
# intact. Root ignores file modes, so as root the commands run as nobody.
. "$SRCDIR/tests/reliability/lib.sh"
as_user=""
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || { echo "setpriv not installed"; exit 77; }
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 711 "$T"
	# nobody may not reach the build or the shared folder: private copies
	cp -R "$FORM" "$T/form"
	chmod -R a+rX "$T/form"
	FORM=$T/form
	if ! $as_user "$KYSELY" help >/dev/null 2>&1; then
		cp "$KYSELY" "$T/kysely"
		chmod 755 "$T/kysely"
		KYSELY=$T/kysely
	fi
	$as_user "$KYSELY" help >/dev/null 2>&1 || { echo "skip: nobody cannot run kysely"; exit 77; }
fi
mkdir "$T/ro"
DB=$T/ro/db
committed_db "$DB"
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
first_rows 20 "$T/first20.csv"
printf 'profession=nurse\nregion=west\nsubmit\n' >"$T/script"
chmod 644 "$T/first20.csv" "$T/script"
[ -z "$as_user" ] || chown -R 65534:65534 "$T/ro"
chmod 400 "$DB"

run_status $as_user "$KYSELY" import "$FORM" --db "$DB" "$T/first20.csv"
one_error $rc 3 "$T/err" "import into a read-only database"
run_status $as_user "$KYSELY" collect "$FORM" --db "$DB" --script "$T/script"
one_error $rc 3 "$T/err" "collect into a read-only database"

# The folder read-only too: SQLite cannot even create its -shm file.
chmod 500 "$T/ro"
run_status $as_user "$KYSELY" import "$FORM" --db "$DB" "$T/first20.csv"
one_error $rc 3 "$T/err" "import in a read-only folder"
run_status $as_user "$KYSELY" export --db "$DB" -o /dev/null
[ $rc = 0 ] || fail "export of a read-only database: exit $rc: $(cat "$T/err")"
chmod 700 "$T/ro"
intact "$DB"
