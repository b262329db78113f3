#!/bin/sh
# A full disk (a small file size limit, SIGXFSZ ignored so writes fail with
# EFBIG as on a full file system): import, collect, export and simulate each
# stop with one `kysely: ...` line and exit 3, leave no half-written output
# file, and the committed answers are intact afterwards.
. "$SRCDIR/tests/reliability/lib.sh"
DB=$T/db
committed_db "$DB"
"$KYSELY" simulate "$FORM" -n 3000 --seed 11 -o "$T/many.csv" 2>/dev/null
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

# limited BLOCKS CMD...: CMD with files limited to BLOCKS of 512 bytes
# (the shell's unit may be 1024: either way far below what CMD writes).
limited() {
	blocks=$1; shift
	set +e
	(trap '' XFSZ; ulimit -f "$blocks" && exec "$@") 2>"$T/err" >"$T/out"
	rc=$?
	set -e
}

# The import grows the write-ahead log past the limit before it commits.
limited 400 "$KYSELY" import "$FORM" --db "$DB" "$T/many.csv"
one_error $rc 3 "$T/err" "import on a full disk"
intact "$DB"

# Not even the shared-memory index fits: collect cannot start.
printf 'profession=nurse\nregion=west\nsubmit\n' >"$T/script"
limited 1 "$KYSELY" collect "$FORM" --db "$DB" --script "$T/script"
one_error $rc 3 "$T/err" "collect on a full disk"
intact "$DB"

# Exports bigger than the limit.
"$KYSELY" import "$FORM" --db "$T/big.db" "$T/many.csv" 2>/dev/null
limited 200 "$KYSELY" export --db "$T/big.db" -o "$T/wide.csv"
one_error $rc 3 "$T/err" "export on a full disk"
[ ! -e "$T/wide.csv" ] || fail "a half-written export was left behind"
limited 200 "$KYSELY" export --db "$T/big.db" --format long -o "$T/long.csv"
one_error $rc 3 "$T/err" "long export on a full disk"
[ ! -e "$T/long.csv" ] || fail "a half-written long export was left behind"
limited 200 "$KYSELY" simulate "$FORM" -n 3000 --seed 11 -o "$T/sim.csv"
one_error $rc 3 "$T/err" "simulate on a full disk"
[ ! -e "$T/sim.csv" ] || fail "a half-written simulation was left behind"
intact "$DB"
