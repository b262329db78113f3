#!/bin/sh
# Outputs never overwrite what a command reads (security review M1, L3,
# H2): an output that is the database, the form or the command's other
# output is refused with exit 2 before anything is written; a symbolic
# link, a FIFO or a device (but /dev/null) as output is refused with exit
# 3; a symbolic link planted in an analysis folder is not followed; an
# output that cannot be written whole leaves the older file as it was;
# two exports to one file at once leave one whole export; no temporary
# file is left behind. The database's answers are intact after each.
. "$SRCDIR/tests/reliability/lib.sh"
DB=$T/db
committed_db "$DB"
cd "$T"

# refused WANT WHAT CMD...: CMD exits WANT with one `kysely:` line
# containing "refusing", and the database is intact.
refused() {
	want=$1 what=$2
	shift 2
	run_status "$@"
	one_error $rc "$want" "$T/err" "$what"
	grep -q 'refusing' "$T/err" || fail "$what: no reason given: $(cat "$T/err")"
	intact "$DB"
}

refused 2 "export -o DB" "$KYSELY" export --db "$DB" -o "$DB"
refused 2 "export --codebook DB" "$KYSELY" export --db "$DB" -o x.csv --codebook "$DB"
[ ! -e x.csv ] || fail "export wrote -o although --codebook was refused"
refused 2 "export --codebook DB by another name" \
	"$KYSELY" export --db "$DB" -o x.csv --codebook "$T/./db"
refused 2 "import --rejects DB" "$KYSELY" import "$FORM" --db "$DB" \
	"$T/first10.csv" --rejects "$DB"
cp -R "$FORM" formdir
refused 2 "import --rejects a file of the form's folder" "$KYSELY" import formdir --db "$DB" \
	"$T/first10.csv" --rejects formdir/survey.csv
cmp -s formdir/survey.csv "$FORM/survey.csv" || fail "import changed its form"
ln "$DB" hardlink.db
refused 2 "export -o a hard link to DB" "$KYSELY" export --db "$DB" -o hardlink.db
refused 2 "export -o F --codebook F" "$KYSELY" export --db "$DB" -o same.csv --codebook ./same.csv
[ ! -e same.csv ] || fail "-o F --codebook F wrote F"
: >old.csv
refused 2 "export -o F --codebook F over an existing F" \
	"$KYSELY" export --db "$DB" -o old.csv --codebook old.csv
[ ! -s old.csv ] || fail "-o F --codebook F changed F"
refused 2 "report -o DB" "$KYSELY" report --db "$DB" -o "$DB"
cp "$SRCDIR/surveys/example-onefile.csv" form.csv
refused 2 "simulate -o FORM" "$KYSELY" simulate form.csv -n 3 -o form.csv
cmp -s form.csv "$SRCDIR/surveys/example-onefile.csv" || fail "simulate changed its form"

# links, FIFOs, devices
echo keep >target.csv
ln -s target.csv link.csv
refused 3 "export -o SYMLINK" "$KYSELY" export --db "$DB" -o link.csv
[ "$(cat target.csv)" = keep ] || fail "export wrote through a symbolic link"
mkfifo fifo.csv
refused 3 "export -o FIFO" timeout 20 "$KYSELY" export --db "$DB" -o fifo.csv
refused 3 "export -o /dev/zero" "$KYSELY" export --db "$DB" -o /dev/zero
"$KYSELY" export --db "$DB" -o /dev/null || fail "export -o /dev/null"
"$KYSELY" export --db "$DB" -o - >stdout.csv || fail "export -o -"
cmp -s stdout.csv "$DB.before" || fail "export -o - wrote something else"
mkdir -m 700 results
ln -s "$DB" results/tests.csv
refused 3 "analyze into a folder with a planted link" \
	"$KYSELY" analyze --db "$DB" --out results
[ -L results/tests.csv ] || fail "the planted link was replaced"

# a write that fails keeps the older file (a file size limit, SIGXFSZ
# ignored: writes fail with EFBIG as on a full disk)
"$KYSELY" simulate "$FORM" -n 3000 --seed 3 -o many.csv
"$KYSELY" import "$FORM" --db big.db many.csv 2>/dev/null
echo "older,export" >older.csv
set +e
(trap '' XFSZ; ulimit -f 200 && exec "$KYSELY" export --db big.db -o older.csv) 2>"$T/err"
rc=$?
set -e
one_error $rc 3 "$T/err" "export on a full disk"
[ "$(cat older.csv)" = "older,export" ] || fail "a failed export changed the older file"

# Two exports of different databases to one file at once: either whole.
"$KYSELY" export --db big.db -o big.csv
for i in 1 2 3; do
	"$KYSELY" export --db big.db -o race.csv 2>race1.err &
	"$KYSELY" export --db "$DB" -o race.csv 2>race2.err
	wait $! || fail "concurrent export: $(cat race1.err)"
	if ! cmp -s race.csv big.csv && ! cmp -s race.csv "$DB.before"; then
		fail "two exports at once left a mixed file ($(wc -c <race.csv) bytes)"
	fi
done
echo "ok - two exports to one file at once leave one whole export"

leftover=$(ls -A | grep '^\.' || true)
[ -z "$leftover" ] || fail "temporary files left: $leftover"
echo "ok - no temporary file left"
