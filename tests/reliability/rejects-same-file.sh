#!/bin/sh
# The man page's rejects workflow with --rejects naming the file being
# imported (security review H1): 3,000 rows, half of them bad; the bad rows
# go to rejects.csv, are fixed (some only partly) and `import rejects.csv
# --rejects rejects.csv` is run again, twice. Every respondent is at every
# step either stored or in rejects.csv, never both and never neither;
# rejects.csv holds exactly the rows rejected by the last run; a failed
# import leaves the file as it was; no temporary file is left behind.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
EX=$SRCDIR/surveys/example-onefile.csv
cd "$T"
"$KYSELY" simulate "$EX" -n 3000 --seed 5 -o all.csv
# Every other row gets a role that is not a choice ("nurse_typo"); one in
# ten of those a second mistake that the first fix leaves ("nurse_bad_typo").
# Rows without a role get a malformed start time instead.
awk -F, 'BEGIN { OFS = "," }
	NR > 1 && NR % 2 == 0 {
		mark = (NR % 20 == 0) ? "_bad_typo" : "_typo"
		if ($6 != "") $6 = $6 mark; else $3 = $3 mark
	}
	{ print }' all.csv >bad.csv
bad=$(grep -c '_typo' bad.csv)
still_bad=$(grep -c '_bad_typo' bad.csv)
[ "$bad" -ge 1400 ] || fail "only $bad bad rows made"
[ "$still_bad" -ge 100 ] || fail "only $still_bad rows stay bad"

ids() { cut -d, -f1 "$1" | tail -n +2 | sort; }
stored_ids() { sqlite3 s.db 'SELECT uuid FROM response' | sort; }
# accounted REJECTS WANT_REJECTED: every id of all.csv stored or rejected, once
accounted() {
	rejected=$(($(wc -l <"$1") - 1))
	[ "$rejected" = "$2" ] || fail "$1 holds $rejected rows, expected $2"
	python3 -c 'import csv, sys
rows = csv.reader(open(sys.argv[1], newline=""))
next(rows)
for row in rows:
    print(row[2])' "$1" | sort >rejected.ids
	stored_ids >stored.ids
	[ -z "$(comm -12 stored.ids rejected.ids)" ] || fail "a respondent both stored and rejected"
	sort -m stored.ids rejected.ids >both.ids
	ids all.csv >all.ids
	cmp -s all.ids both.ids || fail "respondents lost: $(comm -23 all.ids both.ids | wc -l)"
	echo "ok - $(wc -l <stored.ids) stored + $rejected in $1 = 3000"
}

set +e
"$KYSELY" import "$EX" --db s.db bad.csv --rejects rejects.csv 2>err
rc=$?
set -e
[ $rc = 1 ] || fail "first import: exit $rc: $(cat err)"
accounted rejects.csv "$bad"

# A failed import (an unreadable byte ends it) leaves rejects.csv as it was.
cp rejects.csv rejects.before
printf 'respondent,status\nx\001,complete\n' | tr '\001' '\000' >nul.csv
set +e
"$KYSELY" import "$EX" --db s.db nul.csv --rejects rejects.csv 2>err
rc=$?
set -e
[ $rc != 0 ] || fail "a file with a NUL byte imported"
cmp -s rejects.before rejects.csv || fail "a failed import changed rejects.csv"
echo "ok - a failed import leaves rejects.csv as it was"

# Fix the first mistake and import the file itself again.
sed -i 's/_typo//g' rejects.csv
set +e
"$KYSELY" import "$EX" --db s.db rejects.csv --rejects rejects.csv 2>err
rc=$?
set -e
[ $rc = 1 ] || fail "second import: exit $rc: $(cat err)"
grep -q "imported $((bad - still_bad)) rows, $still_bad rejected" err ||
	fail "second import summary: $(cat err)"
accounted rejects.csv "$still_bad"
grep -q '_bad,' rejects.csv || fail "the rows still bad are not in rejects.csv"
[ "$(grep -c '_bad' rejects.csv)" = "$still_bad" ] || fail "rejects.csv holds other rows"

# Fix the rest: everything stored, nothing left to reject.
sed -i 's/_bad//g' rejects.csv
"$KYSELY" import "$EX" --db s.db rejects.csv --rejects rejects.csv 2>err ||
	fail "third import: $(cat err)"
accounted rejects.csv 0
ids all.csv >all.ids
stored_ids >stored.ids
cmp -s all.ids stored.ids || fail "not every respondent stored in the end"
[ "$(stat -c %a rejects.csv)" = 600 ] || fail "rejects.csv mode $(stat -c %a rejects.csv)"
leftover=$(ls -A | grep '^\.' || true)
[ -z "$leftover" ] || fail "temporary files left: $leftover"
echo "ok - all 3000 stored, rejects.csv empty, no temporary file left"
