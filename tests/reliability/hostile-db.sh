#!/bin/sh
# A database whose schema holds SQL kysely did not put there (security
# review L1, M5): a trigger that copies and wipes every answer put, a view
# standing for a table, an extra view. Every command that opens it
# (import, export, analyze, collect, merge as central and as site)
# refuses it with one line naming the database and the object, exit 1,
# and nothing in it changes. A database that only had ANALYZE run on it
# (sqlite_stat1) is still kysely's.
. "$SRCDIR/tests/reliability/lib.sh"
cd "$T"
committed_db "$T/good.db"
sed -n '1p;12,13p' "$CASE/responses.csv" >"$T/more.csv"

# hostile NAME SQL: a copy of good.db with SQL run on it.
hostile() {
	cp "$T/good.db" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" || fail "setup of $1"
	sqlite3 "$T/$1.db" .dump >"$T/$1.dump"
}
hostile trigger "CREATE TABLE stolen(uuid, answers);
CREATE TRIGGER t AFTER INSERT ON response BEGIN
  INSERT INTO stolen VALUES (new.uuid, new.answers);
  UPDATE response SET answers = x'' WHERE id = new.id; END;"
hostile view "CREATE VIEW v AS SELECT uuid FROM response;"
hostile asview "PRAGMA foreign_keys=OFF; ALTER TABLE form_attr RENAME TO fa;
CREATE VIEW form_attr AS SELECT * FROM fa;"
hostile escname "CREATE VIEW \"x$(printf '\033')]0;PWNED$(printf '\007')\" AS SELECT 1;"

# refused WHAT DB OBJECT: the last command failed with exit 1 and one
# line in $T/err naming DB and OBJECT; DB is as it was.
refused() {
	[ "$st" -eq 1 ] || fail "$1 on $2: exit $st, expected 1: $(cat "$T/err")"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1 on $2: not one line: $(cat "$T/err")"
	grep -q "$T/$2.db: not a kysely database: .*'$3'" "$T/err" ||
		fail "$1 on $2: message does not name the object $3: $(cat "$T/err")"
	if grep -q "$(printf '\033')" "$T/err"; then fail "$1 on $2: raw ESC on stderr"; fi
	sqlite3 "$T/$2.db" .dump | cmp -s - "$T/$2.dump" || fail "$1 changed $2.db"
}
for case in trigger:t view:v asview:form_attr 'escname:x\\x1B]0;PWNED\\x07'; do
	db=${case%%:*}
	object=${case#*:}
	st=0; "$KYSELY" import "$FORM" --db "$T/$db.db" "$T/more.csv" 2>"$T/err" || st=$?
	refused import $db "$object"
	st=0; "$KYSELY" export --db "$T/$db.db" -o "$T/out.csv" 2>"$T/err" || st=$?
	refused export $db "$object"
	st=0; "$KYSELY" analyze --db "$T/$db.db" --out "$T/analysis" 2>"$T/err" || st=$?
	refused analyze $db "$object"
	st=0; printf 'submit\n' | "$KYSELY" collect "$FORM" --db "$T/$db.db" --script - \
		>/dev/null 2>"$T/err" || st=$?
	refused collect $db "$object"
	st=0; "$KYSELY" merge --db "$T/$db.db" "$T/good.db" 2>"$T/err" || st=$?
	refused "merge into" $db "$object"
	cp "$T/good.db" "$T/central.db"
	st=0; "$KYSELY" merge --db "$T/central.db" "$T/$db.db" 2>"$T/err" || st=$?
	refused "merge from" $db "$object"
	cp "$T/good.db.before" "$T/central.db.before"
	intact "$T/central.db"
done
[ "$(sqlite3 "$T/trigger.db" 'select count(*) from stolen')" = 0 ] ||
	fail "the trigger ran"

# ANALYZE adds sqlite_stat1: data, not code; still a kysely database.
cp "$T/good.db" "$T/analyzed.db"
sqlite3 "$T/analyzed.db" 'ANALYZE' || fail "setup: ANALYZE"
"$KYSELY" import "$FORM" --db "$T/analyzed.db" "$T/more.csv" 2>"$T/err" ||
	fail "import into an ANALYZEd database: $(cat "$T/err")"
"$KYSELY" export --db "$T/analyzed.db" -o "$T/out.csv" 2>"$T/err" ||
	fail "export of an ANALYZEd database: $(cat "$T/err")"
echo "ok - databases with triggers or views are refused by every command, untouched"
