#!/bin/sh
# Nothing from a hostile file reaches a terminal raw (SECURITY.md): ESC
# sequences (OSC 0 sets the title, OSC 52 writes the clipboard, CSI 2J
# clears the screen), C1 controls, bidi overrides, zero-width characters
# and a BOM in a form's list name, constraint message and form_id, in
# respondent ids, attribute names and values, lang, command-line
# arguments, and ids listed by `collect --list-partial` on a terminal,
# come out as visible \xNN or \u{...} text. Import refuses ids, attributes
# and lang that carry them; bytes are checked with grep -P.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v script >/dev/null || { echo "script (util-linux) not installed"; exit 77; }
EX=$SRCDIR/surveys/example-onefile.csv
HT=$SRCDIR/surveys/ht-needs
E=$(printf '\033]0;PWNED\007\033]52;c;ZWNobyBwd25lZA==\007\033[2J\302\233x\342\200\256y\342\200\213z\357\273\277')

# raw FILE WHAT: FILE holds no control byte (but LF), C1, format character
# or BOM, and does hold the visible escape of ESC (proof the text got there).
raw() {
	if LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa0-\xaf]|\xef\xbb\xbf' "$1"; then
		fail "$2: raw bytes: $(od -c "$1" | head -8)"
	fi
	grep -qF '\x1B]52;c;' "$1" || fail "$2: the escaped payload is missing: $(cat "$1")"
	echo "ok - $2: $(head -c 160 "$1" | tr '\n' ' ')"
}

mkdir "$T/f"
printf 'type,name,label\nselect_one zz%s,q1,Q\n' "$E" >"$T/f/survey.csv"
printf 'list_name,name,label\nc,a,A\n' >"$T/f/choices.csv"
printf 'form_id,form_title,version\nf,T,1\n' >"$T/f/settings.csv"
run_status "$KYSELY" validate "$T/f"
[ $rc = 1 ] || fail "validate: exit $rc"
raw "$T/err" "validate: list name"

printf 'type,name,label,constraint,constraint_message\ninteger,n,N,. < 10,too big %s\n' "$E" >"$T/f/survey.csv"
printf 'respondent,n\nr1,50\n' >"$T/r.csv"
run_status "$KYSELY" import "$T/f" --db "$T/f.db" "$T/r.csv"
[ $rc = 1 ] || fail "import: exit $rc"
raw "$T/err" "import: constraint message"

printf 'form_id,form_title,version\nf%s,T,1\n' "$E" >"$T/f/settings.csv"
script -qec "'$KYSELY' validate '$T/f'" /dev/null >"$T/tty" 2>&1 || fail "validate on a tty: $(cat "$T/tty")"
tr -d '\r' <"$T/tty" >"$T/tty.lf"
raw "$T/tty.lf" "validate: form_id on a terminal"
grep -q 'language)$' "$T/tty.lf" || fail "validate: the summary line should end the line"


# import refuses what would carry the payload into the database
python3 - "$T/ids.csv" "$E" <<'PY'
import sys
e = sys.argv[2]
rows = [
    "respondent,status,lang,role,site",
    f"id{e},partial,,nurse,a",          # 2: controls in the id
    "\ufeffr3,partial,,nurse,a",        # 3: a BOM inside the file
    " r4,partial,,nurse,a",             # 4: leading blank
    "r5 ,partial,,nurse,a",             # 5: trailing blank
    "r6\u0085,partial,,nurse,a",        # 6: C1 (NEL)
    "r7\u202eb,partial,,nurse,a",       # 7: RLO
    f"r8,partial,,nurse,x{e}",          # 8: attribute value
    "r9,partial,,nurse,tab\there",      # 9: TAB in an attribute value
    "r10,partial,,nurse,ok",            # 10: good
]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY
run_status "$KYSELY" import "$EX" --db "$T/ids.db" "$T/ids.csv" --rejects "$T/ids.rej"
[ $rc = 1 ] || fail "ids import: exit $rc: $(cat "$T/err")"
grep -q '^imported 1 row, 8 rejected' "$T/err" || fail "ids import summary: $(cat "$T/err")"
for l in 2 3 4 5 6 7; do
	grep -q "^$l,\"\\{0,1\\}line $l: 'respondent': " "$T/ids.rej" ||
		fail "line $l: no id reason in $(grep "^$l," "$T/ids.rej" | head -c 200)"
done
for l in 8 9; do
	grep -q "^$l,\"\{0,1\}line $l: 'site': a control or invisible character" "$T/ids.rej" ||
		fail "line $l: no attribute reason"
done
[ "$(sqlite3 "$T/ids.db" 'SELECT uuid FROM response')" = r10 ] || fail "stored ids: $(sqlite3 "$T/ids.db" 'SELECT uuid FROM response')"
echo "ok - import refuses ids, attribute values with controls, BOM, bidi or blanks at the ends"
run_status "$KYSELY" analyze --db "$T/ids.db" --weight "w$E" --out "$T/a"
[ $rc = 1 ] || fail "analyze: exit $rc: $(cat "$T/err")"
raw "$T/err" "analyze: an option's argument"

printf 'respondent,role,w%s\nr1,nurse,1\n' "$E" >"$T/an.csv"
run_status "$KYSELY" import "$EX" --db "$T/an.db" "$T/an.csv"
[ $rc = 1 ] || fail "attribute name: exit $rc"
grep -q "an.csv:1: column 3: a control or invisible character" "$T/err" || fail "attribute name: $(cat "$T/err")"
LC_ALL=C grep -qaP '\x1b' "$T/err" && fail "attribute name: raw ESC on stderr"
echo "ok - import refuses an attribute name with controls"

printf 'respondent,status,lang,profession\nr1,partial,fi,nurse\nr2,partial,\342\200\256en\342\200\213,nurse\nr3,partial,de,nurse\nr4,partial,Suomi (fi),nurse\n' >"$T/lang.csv"
run_status "$KYSELY" import "$HT" --db "$T/lang.db" "$T/lang.csv"
[ $rc = 1 ] || fail "lang: exit $rc: $(cat "$T/err")"
for l in 3 4 5; do
	grep -q "lang.csv: line $l: 'lang': not a language code of the form" "$T/err" || fail "lang line $l: $(cat "$T/err")"
done
grep -q '^imported 1 row, 3 rejected' "$T/err" || fail "lang summary: $(cat "$T/err")"
echo "ok - lang must be one of the form's codes"

# an id with the payload stored by other means (a merged site, a hand-edited
# database) is listed escaped on a terminal
printf 'respondent,status,role\nr1,partial,nurse\n' >"$T/p.csv"
"$KYSELY" import "$EX" --db "$T/p.db" "$T/p.csv" 2>/dev/null
python3 - "$T/p.db" "$E" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE response SET uuid = ? WHERE uuid = 'r1'", ("id" + sys.argv[2],))
db.commit()
PY
script -qec "'$KYSELY' collect '$EX' --db '$T/p.db' --list-partial" /dev/null >"$T/tty" 2>&1 ||
	fail "list-partial: $(cat "$T/tty")"
tr -d '\r' <"$T/tty" >"$T/tty.lf"
raw "$T/tty.lf" "collect --list-partial on a terminal"
"$KYSELY" collect "$EX" --db "$T/p.db" --list-partial >"$T/pipe"
cmp -s "$T/pipe" - <<EOF2 || fail "list-partial into a pipe should keep the id as stored"
id$E
EOF2
echo "ok - collect --list-partial into a pipe keeps the id as stored"
