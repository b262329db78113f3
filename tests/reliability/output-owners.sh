#!/bin/sh
# Outputs on a host shared with other users (security review H2, L8): a
# victim (uid 1001) and an attacker (uid 1234) share a world-writable
# folder. The attacker's results folder (with a link to the victim's
# database planted in it), charts folder, FIFO and pre-created database
# are all refused, with a reason, and nothing of the victim's reaches
# them; the victim's own loose folder and database are made private with
# a warning. Needs root to play both users (setpriv).
. "$SRCDIR/tests/reliability/lib.sh"
[ "$(id -u)" = 0 ] || { echo "skip: not root, cannot play two users"; exit 77; }
command -v setpriv >/dev/null || { echo "setpriv not installed"; exit 77; }
victim="setpriv --reuid=1001 --regid=1001 --clear-groups"
attacker="setpriv --reuid=1234 --regid=1234 --clear-groups"
chmod 755 "$T"
cp "$SRCDIR/surveys/example-onefile.csv" "$T/form.csv"
chmod 644 "$T/form.csv"
EX=$T/form.csv
if ! $victim "$KYSELY" help >/dev/null 2>&1; then
	cp "$KYSELY" "$T/kysely"
	chmod 755 "$T/kysely"
	KYSELY=$T/kysely
fi
$victim "$KYSELY" help >/dev/null 2>&1 || { echo "skip: uid 1001 cannot run kysely"; exit 77; }
mkdir -m 777 "$T/shared"
mkdir -m 700 "$T/victim"
mkdir -m 700 "$T/att"
chown 1001:1001 "$T/victim"
chown 1234:1234 "$T/att"
V=$T/victim
DB=$V/study.db
$victim "$KYSELY" simulate "$EX" -n 40 --seed 1 -o "$V/r.csv"
$victim "$KYSELY" import "$EX" --db "$DB" "$V/r.csv" 2>/dev/null
$victim "$KYSELY" export --db "$DB" -o "$DB.before"

# as_victim WANT WHAT CMD...: the victim runs CMD, which exits WANT with
# one `kysely:` line; the victim's answers are intact.
as_victim() {
	want=$1 what=$2
	shift 2
	run_status $victim "$@"
	one_error $rc "$want" "$T/err" "$what"
	intact "$DB"
}

# (a) the attacker's results folder, a link to the victim's database in it
$attacker sh -c "mkdir -m 777 '$T/shared/results' && ln -s '$DB' '$T/shared/results/tests.csv'"
as_victim 3 "analyze --out into another user's folder" \
	"$KYSELY" analyze --db "$DB" --out "$T/shared/results"
grep -q 'belongs to another user' "$T/err" || fail "no reason given: $(cat "$T/err")"
[ "$(ls "$T/shared/results")" = tests.csv ] || fail "analyze wrote into the attacker's folder"
as_victim 3 "report --charts into another user's folder" \
	"$KYSELY" report --db "$DB" -o "$V/report.html" --charts "$T/shared/results"
grep -q 'belongs to another user' "$T/err" || fail "no reason given: $(cat "$T/err")"
[ "$(ls "$T/shared/results")" = tests.csv ] || fail "report wrote into the attacker's folder"

# (b) the attacker's FIFO where the victim exports (a FIFO without a
# reader would block the open: the timeout makes that a failure)
$attacker mkfifo -m 666 "$T/shared/export.csv"
as_victim 3 "export -o another user's FIFO" \
	timeout 20 "$KYSELY" export --db "$DB" -o "$T/shared/export.csv"
grep -q 'FIFO' "$T/err" || fail "no reason given: $(cat "$T/err")"

# (c) a database the attacker created, readable and writable by all
cp "$V/r.csv" "$T/att/a.csv"
chown 1234 "$T/att/a.csv"
$attacker "$KYSELY" import "$EX" --db "$T/shared/study.db" "$T/att/a.csv" 2>/dev/null
$attacker chmod 666 "$T/shared/study.db"
before=$(sqlite3 "$T/shared/study.db" 'SELECT count(*) FROM response')
printf 'role=nurse\nyears=7\nsubmit\n' >"$T/script"
chmod 644 "$T/script"
as_victim 3 "collect into another user's database" \
	"$KYSELY" collect "$EX" --db "$T/shared/study.db" --script "$T/script"
grep -q 'belongs to another user' "$T/err" || fail "no reason given: $(cat "$T/err")"
as_victim 3 "import into another user's database" \
	"$KYSELY" import "$EX" --db "$T/shared/study.db" "$V/r.csv"
after=$(sqlite3 "$T/shared/study.db" 'SELECT count(*) FROM response')
[ "$before" = "$after" ] || fail "answers went into the attacker's database"
$attacker sh -c ": >'$T/shared/empty.db'; chmod 666 '$T/shared/empty.db'"
as_victim 3 "import into another user's empty file" \
	"$KYSELY" import "$EX" --db "$T/shared/empty.db" "$V/r.csv"
[ ! -s "$T/shared/empty.db" ] || fail "the victim wrote into the attacker's empty file"
# reading another user's database (a site's file to merge) stays possible
run_status $victim "$KYSELY" export --db "$T/shared/study.db" -o "$V/theirs.csv"
[ $rc = 0 ] || fail "export of another user's database: $(cat "$T/err")"
[ "$(stat -c %a "$T/shared/study.db")" = 666 ] || fail "export changed another user's file"

# (d) the victim's own loose folders and database are made private
$victim mkdir -m 777 "$V/results"
run_status $victim "$KYSELY" analyze --db "$DB" --out "$V/results"
[ $rc = 0 ] || fail "analyze into the victim's own folder: $(cat "$T/err")"
grep -q "warning: .*results: the folder was open to other users (mode 0777); made it 0700" "$T/err" ||
	fail "no warning about the folder: $(cat "$T/err")"
[ "$(stat -c %a "$V/results")" = 700 ] || fail "results folder mode $(stat -c %a "$V/results")"
echo "ok - the victim's own 0777 results folder made 0700"
$victim mkdir -m 775 "$V/charts"
run_status $victim "$KYSELY" report --db "$DB" -o "$V/report.html" --charts "$V/charts"
[ $rc = 0 ] || fail "report: $(cat "$T/err")"
[ "$(stat -c %a "$V/charts")" = 700 ] || fail "charts folder mode $(stat -c %a "$V/charts")"
[ "$(stat -c %a "$V/report.html")" = 600 ] || fail "report mode $(stat -c %a "$V/report.html")"
for svg in "$V"/charts/*.svg; do
	[ "$(stat -c %a:%u "$svg")" = 600:1001 ] || fail "$svg: $(stat -c %a:%u "$svg")"
done
echo "ok - report 0600, charts folder 0700, charts 0600"
# a folder others may only read (a home folder) is left as it is
$victim mkdir -m 755 "$V/readable"
run_status $victim "$KYSELY" analyze --db "$DB" --out "$V/readable"
[ $rc = 0 ] || fail "analyze into a 0755 folder: $(cat "$T/err")"
! grep -q warning "$T/err" || fail "a warning about a 0755 folder: $(cat "$T/err")"
[ "$(stat -c %a "$V/readable")" = 755 ] || fail "a 0755 folder was changed"
[ "$(stat -c %a "$V/readable/estimates.csv")" = 600 ] || fail "estimates.csv not 0600"
echo "ok - a 0755 folder of the victim's is left alone, its files 0600"
chmod 644 "$DB"
run_status $victim "$KYSELY" export --db "$DB" -o "$V/again.csv"
[ $rc = 0 ] || fail "export of the victim's 0644 database: $(cat "$T/err")"
grep -q "warning: .*study.db: the database was open to other users (mode 0644); made it 0600" "$T/err" ||
	fail "no warning about the database: $(cat "$T/err")"
[ "$(stat -c %a "$DB")" = 600 ] || fail "database mode $(stat -c %a "$DB")"
echo "ok - the victim's own 0644 database made 0600"
intact "$DB"
