#!/bin/sh
# No answer text is ever printed on stderr (which logs keep): answers and
# attributes carrying a marker go through import (good and rejected rows,
# with and without --rejects), export, analyze, report, merge (with a
# conflict) and scripted collect (refused answers too); the marker appears
# in no stderr, while the rejects file (0600) does keep the rows. Rows
# where another cell is a word of the rejected answer ("5" beside
# "5 years ..."), a non-numeric --weight attribute, and --script lines
# without '=' or with answer text before '=' (later lines of a multi-line
# answer) are among them: reasons are built without values, not redacted.
. "$SRCDIR/tests/reliability/lib.sh"
PFORM=$SRCDIR/tests/reliability/data/privacy-form
M=ZQXMARK
cat >"$T/responses.csv" <<CSV
respondent,status,started,completed,lang,comment,colour,n,d,secret,site
a1,complete,,,,ok $M fine,red,5,2024-01-01,abc,north $M
a2,complete,,,,$M this comment is far too long for the limit of forty,red,5,2024-01-01,abc,x
a3,complete,,,,x,$M,5,2024-01-01,abc,x
a4,complete,,,,x,red,$M,2024-01-01,abc,x
a5,complete,,,,x,red,5,$M,abc,x
a6,complete,,,,x,red,5,2024-01-01,${M}x,x
a7,complete,$M,,,x,red,5,2024-01-01,abc,x
a8,$M,,,,x,red,5,2024-01-01,abc,x
a9,complete,,,,x,red,5,2024-01-01,abc,x,$M extra
a10,complete,,,,x,red,99.5,2024-01-01,abc,x
a11,complete,,,,x,red blue,5,2024-01-01,abc,x
a12,complete,,,,second $M,blue,7,2024-01-02,def,south $M
a13,complete,,,,5,red,5 years - $M in 2019,2024-01-01,abc,x
a14,complete,,,,red,red: $M,5,2024-01-01,abc,x
a15,complete,,,,x,red,5,2024-01-01,abc def $M,x
CSV
sed "s/ok $M fine/changed $M text/" "$T/responses.csv" >"$T/conflict.csv"
n=0
# quiet EXPECTED_STATUS CMD...: CMD's stderr must not hold the marker.
quiet() {
	want=$1; shift
	n=$((n + 1))
	set +e
	"$@" >"$T/out.$n" 2>"$T/err.$n"
	rc=$?
	set -e
	[ $rc = "$want" ] || fail "$*: exit $rc, expected $want: $(cat "$T/err.$n")"
	if grep -q "$M" "$T/err.$n"; then
		fail "answer text on stderr of: $*: $(grep "$M" "$T/err.$n")"
	fi
	echo "ok $n - ${2:-$1}: $(wc -l <"$T/err.$n") stderr lines, no answer text"
}

quiet 1 "$KYSELY" import "$PFORM" --db "$T/db" "$T/responses.csv"
grep -q "line 4: 'colour': not a choice" "$T/err.$n" || fail "reasons should stay useful: $(cat "$T/err.$n")"
quiet 1 "$KYSELY" import "$PFORM" --db "$T/db2" "$T/responses.csv" --rejects "$T/rejects.csv"
grep -q "$M" "$T/rejects.csv" || fail "the rejects file should keep the rows"
quiet 1 "$KYSELY" import "$PFORM" --db "$T/db" "$T/conflict.csv"
quiet 0 "$KYSELY" export --db "$T/db" -o "$T/wide.csv" --codebook "$T/codebook.csv"
grep -q "$M" "$T/wide.csv" || fail "the marker should be in the data"
quiet 0 "$KYSELY" export --db "$T/db" --format long -o "$T/long.csv"
quiet 0 "$KYSELY" analyze --db "$T/db" --by site --out "$T/analysis"
quiet 0 "$KYSELY" analyze --db "$T/db" --by colour --min-cell 5 --out "$T/analysis2"
quiet 0 "$KYSELY" report --db "$T/db" --by site -o "$T/report.html"
quiet 1 "$KYSELY" analyze --db "$T/db" --weight site --out "$T/analysis3"
grep -q "weight 'site' is not a number" "$T/err.$n" || fail "weight reason: $(cat "$T/err.$n")"
"$KYSELY" import "$PFORM" --db "$T/site.db" "$T/conflict.csv" 2>/dev/null || true
quiet 1 "$KYSELY" merge --db "$T/db" "$T/site.db"
for bad in "comment=$M far too long to fit in forty characters" "n=$M" "n=1$M" \
	"colour=$M" "secret=$M" "d=$M" "nosuch=$M"; do
	printf '%s\nsubmit\n' "$bad" >"$T/script"
	quiet 1 "$KYSELY" collect "$PFORM" --db "$T/db" --script "$T/script"
done
printf 'comment=first line\nsecond line %s\nsubmit\n' $M >"$T/script"
quiet 1 "$KYSELY" collect "$PFORM" --db "$T/db" --script "$T/script"
grep -q "script:2: expected NAME=VALUE or 'submit'" "$T/err.$n" || fail "script reason: $(cat "$T/err.$n")"
printf 'comment=first line\n%s said=yes\nsubmit\n' $M >"$T/script"
quiet 1 "$KYSELY" collect "$PFORM" --db "$T/db" --script "$T/script"
printf 'comment=%s\nsecret=abc\nsubmit\n' $M >"$T/script"
quiet 0 "$KYSELY" collect "$PFORM" --db "$T/db" --script "$T/script"
echo "1..$n"
