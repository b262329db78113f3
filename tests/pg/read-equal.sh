#!/bin/sh
# Reading commands give on the central store exactly what they give on
# the terminal's SQLite store holding the same respondents: analyze,
# report, export (wide, long, paradata) and model, compared byte for
# byte (run.csv apart from the database, folder and start time).
set -eu
. "$SRCDIR/tests/pg/lib.sh"
T=$(mktemp -d)
trap 'pg_stop; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
FORM=$SRCDIR/surveys/ht-needs

pg_start || fail "cannot start PostgreSQL"
"$KYSELY" simulate "$FORM" -n 1500 --seed 21 -o "$T/r.csv"
"$KYSELY" import "$FORM" --db "$T/a.db" "$T/r.csv" 2> /dev/null
# a few respondents from collect, so that the answer log has rows
printf 'profession=nurse\nworkplace=primary_care\nsubmit\n' > "$T/script"
"$KYSELY" collect "$FORM" --db "$T/a.db" --script "$T/script" > /dev/null 2>&1 || true
"$KYSELY" sync --db "$T/a.db" --to "$PGURI" --batch 400 2> "$T/err" || fail "sync: $(cat "$T/err")"
C=$PGURI

both() {   # both NAME ARGS... : runs kysely ARGS with --db each way, output under T/{a,c}/NAME
	name=$1
	shift
	for side in a c; do
		mkdir -p "$T/$side"
		if [ $side = a ]; then db=$T/a.db; else db=$C; fi
		"$@" --db "$db" --out "$T/$side/$name" 2> "$T/$side/$name.err" ||
			fail "$name on $side: $(cat "$T/$side/$name.err")"
	done
	sed -i '/^database,/d; /^out,/d; /^started,/d' "$T"/a/"$name"/run.csv "$T"/c/"$name"/run.csv \
		2> /dev/null || true
	diff -r "$T/a/$name" "$T/c/$name" > "$T/diff" || fail "$name differs: $(head -5 "$T/diff")"
	cmp -s "$T/a/$name.err" "$T/c/$name.err" || sed -n 1,3p "$T/a/$name.err" "$T/c/$name.err"
	echo "ok - $name: the central store gives the same files"
}
both analyze "$KYSELY" analyze
both analyze-by "$KYSELY" analyze --by profession
both model "$KYSELY" model 'met_count ~ profession'

for fmt in wide long; do
	"$KYSELY" export --db "$T/a.db" --format $fmt -o "$T/a-$fmt.csv" 2> /dev/null
	"$KYSELY" export --db "$C" --format $fmt -o "$T/c-$fmt.csv" 2> "$T/err" ||
		fail "export $fmt: $(cat "$T/err")"
	cmp -s "$T/a-$fmt.csv" "$T/c-$fmt.csv" || fail "export --format $fmt differs"
done
# the answer log (export --paradata's source) comes along row for row
if command -v sqlite3 > /dev/null; then
	sqlite3 "$T/a.db" "SELECT r.uuid, l.slot, coalesce(l.value, ''), l.answered_at FROM answer_log
		AS l JOIN response AS r ON r.id = l.response ORDER BY l.id" > "$T/a-log"
	pg_sql "SELECT r.uuid, l.slot, coalesce(l.value, ''), l.answered_at FROM kysely.answer_log
		AS l JOIN kysely.response AS r ON r.id = l.response ORDER BY l.id" > "$T/c-log"
	[ -s "$T/a-log" ] && cmp -s "$T/a-log" "$T/c-log" || fail "the answer log differs"
fi
echo "ok - export wide and long, and the answer log: the same bytes"

"$KYSELY" report --db "$T/a.db" -o "$T/a.html" 2> /dev/null
"$KYSELY" report --db "$C" -o "$T/c.html" 2> "$T/err" || fail "report: $(cat "$T/err")"
sed "s|$T/a.db|DB|g" "$T/a.html" > "$T/a2.html"
sed "s|$C|DB|g; s|$(echo "$C" | sed 's/&/\&amp;/g')|DB|g" "$T/c.html" > "$T/c2.html"
diff "$T/a2.html" "$T/c2.html" > "$T/diff" || fail "report differs: $(head -5 "$T/diff")"
echo "ok - report: the same page"

# a writing command refuses the central store; a reader leaves no copy behind
rc=0
"$KYSELY" import "$FORM" --db "$C" "$T/r.csv" 2> "$T/err" || rc=$?
[ $rc = 2 ] && grep -q "kysely sync" "$T/err" || fail "import into the central store: $rc $(cat "$T/err")"
mkdir "$T/tmp"
TMPDIR=$T/tmp "$KYSELY" analyze --db "$C" --out "$T/again" 2> /dev/null
[ -z "$(ls -A "$T/tmp")" ] || fail "the temporary copy was left behind: $(ls "$T/tmp")"
echo "ok - writing refused; the temporary copy is removed"
