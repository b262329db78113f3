#!/bin/sh
# linkage.sh - the linkage code in `collect --plain` (prompts in Finnish
# and Swedish, refused parts with their messages, the same code from
# differently typed answers, quit before the code stores nothing) and
# the errors of collect and analyze around it.
set -eu
: "${KYSELY:?}"
SRC="${SRCDIR:-$(dirname "$0")/../..}"
FORM="$SRC/tests/tui/linkage.csv"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "linkage: $*"; exit 1; }
( umask 077; echo "koulutus-2026-salainen-avain" >"$T/key" )
db="$T/l.db"

# Finnish: a name with a digit, a day 0, a three-digit phone are refused
printf 'M4ria\nÄiti Ämmälä\n0\n09\n123\n05\n1\n2\nsubmit\n' |
	"$KYSELY" collect "$FORM" --db "$db" --plain --lang fi --study-key-file "$T/key" \
	--set phase=pre >"$T/fi.out" 2>"$T/fi.err" || fail "fi: $(cat "$T/fi.err")"
for text in "1/3 Äitisi etunimen kaksi ensimmäistä kirjainta" \
	"Kirjoita vähintään kaksi kirjainta (ei numeroita eikä muita merkkejä)." \
	"2/3 Kuukauden päivä, jona synnyit, 01–31" "Kirjoita päivä numerona 1–31." \
	"3/3 Matkapuhelinnumerosi kaksi viimeistä numeroa" "Kirjoita täsmälleen kaksi numeroa (00–99)." \
	"Henkilökohtainen koodisi yhdistää"; do
	grep -qF -- "$text" "$T/fi.out" || fail "fi: no '$text' in: $(cat "$T/fi.out")"
done
# Swedish: the same code, typed with a decomposed ä (a + U+0308), upper case and spaces
printf 'A\314\210I\n 9\n0 5\n1\n2\nsubmit\n' |
	"$KYSELY" collect "$FORM" --db "$db" --plain --lang sv --study-key-file "$T/key" \
	--set phase=post >"$T/sv.out" 2>"$T/sv.err" || fail "sv: $(cat "$T/sv.err")"
grep -qF "1/3 De två första bokstäverna i din mammas förnamn" "$T/sv.out" || fail "sv prompt"
codes=$(sqlite3 "$db" "SELECT DISTINCT json_extract(attrs, '\$.linkage_code') FROM response")
[ "$(echo "$codes" | wc -l)" = 1 ] || fail "one code typed two ways gave: $codes"
echo "$codes" | grep -Eq '^v1(\.[0-9a-f]{32}){3}$' || fail "not a hashed code: $codes"
# another study key gives other hashes
( umask 077; echo "toinen-koulutus-2027-avain" >"$T/key2" )
printf 'äi\n9\n05\n1\n2\nsubmit\n' | KYSELY_STUDY_KEY=$(cat "$T/key2") \
	"$KYSELY" collect "$FORM" --db "$db" --plain --lang fi --set phase=post >/dev/null 2>&1 ||
	fail "the key from the environment"
[ "$(sqlite3 "$db" "SELECT count(DISTINCT json_extract(attrs, '\$.linkage_code')) FROM response")" = 2 ] ||
	fail "another study key gave the same hashes"
# quit during the code: no response
before=$(sqlite3 "$db" "SELECT count(*) FROM response")
printf 'ma\nquit\n' | "$KYSELY" collect "$FORM" --db "$db" --plain --study-key-file "$T/key" \
	>/dev/null 2>&1 || fail "quit during the code"
[ "$(sqlite3 "$db" "SELECT count(*) FROM response")" = "$before" ] || fail "quit stored a response"
"$KYSELY" analyze --db "$db" --paired phase=pre:post --link linkage_code --out "$T/a" 2>/dev/null ||
	fail "analyze --paired"
grep -q '^tui_linkage,knowledge,,score,1,' "$T/a/paired.csv" || fail "no pair: $(cat "$T/a/paired.csv")"
grep -q '^tui_linkage,phase,,unlinked,1,' "$T/a/paired.csv" || fail "the other key's respondent is not unlinked"
grep -qx 'paired,phase=pre:post' "$T/a/run.csv" && grep -qx 'link,linkage_code' "$T/a/run.csv" ||
	fail "run.csv does not record --paired and --link"

# the hashes travel as an opaque column: export, import into another
# database and merge keep them, and the pair links there too
"$KYSELY" export --db "$db" -o "$T/export.csv"
head -1 "$T/export.csv" | tr , '\n' | grep -qx linkage_code || fail "export has no linkage_code column"
"$KYSELY" import "$FORM" --db "$T/copy.db" "$T/export.csv" >/dev/null 2>&1
"$KYSELY" merge --db "$T/merged.db" "$T/copy.db" >/dev/null 2>&1
for d in "$T/copy.db" "$T/merged.db"; do
	[ "$(sqlite3 "$d" "SELECT group_concat(json_extract(attrs, '\$.linkage_code'), ' ') FROM (SELECT attrs FROM response ORDER BY uuid)")" = \
	  "$(sqlite3 "$db" "SELECT group_concat(json_extract(attrs, '\$.linkage_code'), ' ') FROM (SELECT attrs FROM response ORDER BY uuid)")" ] ||
		fail "$d: the codes changed on the way"
done
"$KYSELY" analyze --db "$T/merged.db" --paired phase=pre:post --link linkage_code --out "$T/m" 2>/dev/null
cmp -s "$T/a/paired.csv" "$T/m/paired.csv" || fail "paired.csv differs after export, import and merge"

# before with one study key, after with another: nothing links, and analyze asks
db2="$T/two-keys.db"
printf 'ma\n5\n67\n1\n2\nsubmit\n' | "$KYSELY" collect "$FORM" --db "$db2" --plain \
	--study-key-file "$T/key" --set phase=pre >/dev/null 2>&1 || fail "two keys: pre"
printf 'ma\n5\n67\n1\n2\nsubmit\n' | "$KYSELY" collect "$FORM" --db "$db2" --plain \
	--study-key-file "$T/key2" --set phase=post >/dev/null 2>&1 || fail "two keys: post"
"$KYSELY" analyze --db "$db2" --paired phase=pre:post --link linkage_code --out "$T/k2" 2>"$T/k2.err" ||
	fail "two keys: analyze"
grep -qF "no respondent linked: were both phases collected with the same study key?" "$T/k2.err" ||
	fail "two keys: no warning: $(cat "$T/k2.err")"
grep -q '^tui_linkage,phase,,near_miss,0,' "$T/k2/paired.csv" || fail "two keys: a near miss"
"$KYSELY" report --db "$db2" --paired phase=pre:post --link linkage_code -o "$T/k2.html" 2>"$T/k2r.err" ||
	fail "two keys: report"
grep -qF "report: --paired: no respondent linked" "$T/k2r.err" ||
	fail "two keys: report's warning names another command: $(cat "$T/k2r.err")"

# expect CODE MESSAGE -- ARGS: kysely exits with CODE and says MESSAGE
expect() {
	code=$1 msg=$2; shift 3
	set +e
	"$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	[ "$rc" = "$code" ] || fail "'$*' exited $rc, not $code: $(cat "$T/err")"
	grep -qF -- "$msg" "$T/err" || fail "'$*' said: $(cat "$T/err"), not '$msg'"
}
unset KYSELY_STUDY_KEY || true
expect 2 "give the study key with '--study-key-file FILE'" -- \
	"$KYSELY" collect "$FORM" --db "$db" --plain
chmod 644 "$T/key"
expect 1 "the study key file has mode 0644" -- \
	"$KYSELY" collect "$FORM" --db "$db" --plain --study-key-file "$T/key"
( umask 077; echo short >"$T/short" )
expect 1 "must be 16 to 256 bytes long" -- \
	"$KYSELY" collect "$FORM" --db "$db" --plain --study-key-file "$T/short"
chmod 600 "$T/key"
expect 2 "not with '--script'" -- \
	"$KYSELY" collect "$FORM" --db "$db" --script - --study-key-file "$T/key"
expect 2 "the linkage code is typed by the respondent" -- \
	"$KYSELY" collect "$FORM" --db "$db" --plain --study-key-file "$T/key" --set linkage_code=x
expect 2 "the form asks for no linkage code" -- \
	"$KYSELY" collect "$SRC/tests/tui/mini.csv" --db "$T/m.db" --plain --study-key-file "$T/key"
sed 's/,k_border,/,linkage_code,/' "$FORM" >"$T/clash.csv"
expect 1 "no question may have that name" -- \
	"$KYSELY" collect "$T/clash.csv" --db "$T/c.db" --plain --study-key-file "$T/key"
expect 2 "'--paired' needs '--link COL'" -- \
	"$KYSELY" analyze --db "$db" --paired phase=pre:post --out "$T/b"
expect 2 "'--link' is for '--paired'" -- \
	"$KYSELY" analyze --db "$db" --link linkage_code --out "$T/b"
expect 2 "expected VAR=PRE:POST" -- \
	"$KYSELY" analyze --db "$db" --paired phase=pre --link linkage_code --out "$T/b"
expect 2 "PRE and POST are the same" -- \
	"$KYSELY" analyze --db "$db" --paired phase=pre:pre --link linkage_code --out "$T/b"
expect 2 "'--link code': no respondent has that attribute" -- \
	"$KYSELY" analyze --db "$db" --paired phase=pre:post --link code --out "$T/b"
expect 1 "no respondent has phase 'after'" -- \
	"$KYSELY" analyze --db "$db" --paired phase=pre:after --link linkage_code --out "$T/b"
[ ! -e "$T/b/paired.csv" ] || fail "a failed run left paired.csv"
exit 0
