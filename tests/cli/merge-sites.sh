#!/bin/sh
# Three terminals merged equal the import of their three exports; merging
# again adds nothing; a respondent with different answers is a reported
# conflict (central kept, --strict writes nothing); another version of the
# form, or another definition under the same version, is refused.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SHARED/reference/medium/form

status() {
	set +e
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
	set -e
	echo $rc
}

for s in 1 2 3; do
	"$KYSELY" simulate "$FORM" -n 150 --seed $s -o "$T/sim$s.csv"
	"$KYSELY" import "$FORM" --db "$T/site$s.db" "$T/sim$s.csv" 2> "$T/err" ||
		fail "import site $s: $(cat "$T/err")"
	"$KYSELY" export --db "$T/site$s.db" -o "$T/export$s.csv"
	"$KYSELY" import "$FORM" --db "$T/whole.db" "$T/export$s.csv" 2> "$T/err" ||
		fail "import export $s: $(cat "$T/err")"
done

[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/site1.db" "$T/site2.db" "$T/site3.db")" = 0 ] ||
	fail "merge: $(cat "$T/err")"
grep -qx "merged 3 sites: 450 responses added, 0 already present, 0 conflicts" "$T/err" ||
	fail "summary: $(cat "$T/err")"
mode=$(stat -c %a "$T/central.db")
[ "$mode" = 600 ] || fail "central database mode $mode"
"$KYSELY" export --db "$T/central.db" -o "$T/central.csv"
"$KYSELY" export --db "$T/whole.db" -o "$T/whole.csv"
cmp -s "$T/central.csv" "$T/whole.csv" || fail "merge differs from the import of the exports"

# Idempotent.
[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/site2.db" "$T/site1.db" "$T/site3.db")" = 0 ] ||
	fail "second merge: $(cat "$T/err")"
grep -qx "merged 3 sites: 0 responses added, 450 already present, 0 conflicts" "$T/err" ||
	fail "second summary: $(cat "$T/err")"
"$KYSELY" export --db "$T/central.db" -o "$T/central2.csv"
cmp -s "$T/central.csv" "$T/central2.csv" || fail "a second merge changed the data"

# A conflict: site 1's first respondent with another answer to l_recognise.
awk -F, -v OFS=, 'NR == 1 { print; next }
	NR == 2 { $16 = ($16 == "1" ? "2" : "1"); print }' "$T/sim1.csv" > "$T/conflict.csv"
uuid=$(sed -n 2p "$T/conflict.csv" | cut -d, -f1)
"$KYSELY" import "$FORM" --db "$T/site4.db" "$T/conflict.csv" 2> "$T/err" ||
	fail "import conflict: $(cat "$T/err")"
"$KYSELY" simulate "$FORM" -n 20 --seed 5 -o "$T/sim5.csv"
"$KYSELY" import "$FORM" --db "$T/site5.db" "$T/sim5.csv" 2> /dev/null

[ "$(status "$KYSELY" merge --strict --db "$T/central.db" "$T/site5.db" "$T/site4.db")" = 1 ] ||
	fail "strict merge with a conflict: $(cat "$T/err")"
grep -q "kysely: merge: $T/site4.db: respondent $uuid: answers differ from the central copy; kept central" "$T/err" ||
	fail "conflict message: $(cat "$T/err")"
"$KYSELY" export --db "$T/central.db" -o "$T/central3.csv"
cmp -s "$T/central.csv" "$T/central3.csv" || fail "--strict merge with a conflict wrote something"

[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/site5.db" "$T/site4.db")" = 1 ] ||
	fail "merge with a conflict: $(cat "$T/err")"
grep -q "respondent $uuid: answers differ from the central copy; kept central" "$T/err" ||
	fail "conflict message: $(cat "$T/err")"
grep -qx "merged 2 sites: 20 responses added, 0 already present, 1 conflict" "$T/err" ||
	fail "conflict summary: $(cat "$T/err")"
"$KYSELY" export --db "$T/central.db" -o "$T/central4.csv"
grep "^$uuid," "$T/central4.csv" > "$T/kept"
grep "^$uuid," "$T/central.csv" | cmp -s - "$T/kept" || fail "the central copy was not kept"
[ "$(wc -l < "$T/central4.csv")" = 471 ] || fail "rows after merging site 5: $(wc -l < "$T/central4.csv")"

# Another version of the form is refused, naming both versions.
cp -r "$FORM" "$T/v2"
sed -i 's/,2024060101,/,2024060102,/' "$T/v2/settings.csv"
"$KYSELY" simulate "$T/v2" -n 10 --seed 6 -o "$T/sim6.csv"
"$KYSELY" import "$T/v2" --db "$T/site6.db" "$T/sim6.csv" 2> /dev/null
[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/site6.db")" = 1 ] ||
	fail "merge of another version: $(cat "$T/err")"
grep -q "version '2024060102'" "$T/err" && grep -q "'2024060101'" "$T/err" ||
	fail "version message: $(cat "$T/err")"

# The same version with another definition is refused too.
cp -r "$FORM" "$T/changed"
sed -i 's/What is your profession?/Your profession?/' "$T/changed/survey.csv"
"$KYSELY" import "$T/changed" --db "$T/site7.db" "$T/sim5.csv" 2> /dev/null
[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/site7.db")" = 1 ] ||
	fail "merge of a changed definition: $(cat "$T/err")"
grep -q "different definition" "$T/err" || fail "definition message: $(cat "$T/err")"
"$KYSELY" export --db "$T/central.db" -o "$T/central5.csv"
cmp -s "$T/central4.csv" "$T/central5.csv" || fail "a refused merge wrote something"

# A central database that holds both versions takes sites of either.
"$KYSELY" import "$FORM" --db "$T/both.db" "$T/sim5.csv" 2> /dev/null
"$KYSELY" import "$T/v2" --db "$T/both.db" "$T/sim6.csv" 2> /dev/null
[ "$(status "$KYSELY" merge --db "$T/both.db" "$T/site1.db" "$T/site6.db")" = 0 ] ||
	fail "merge into a database with both versions: $(cat "$T/err")"
grep -qx "merged 2 sites: 150 responses added, 10 already present, 0 conflicts" "$T/err" ||
	fail "both versions summary: $(cat "$T/err")"

# A respondent merged while partial and finished on the terminal later
# is taken from the site; the other way round it is a conflict.
awk -F, -v OFS=, 'NR == 1 { print; next }
	NR == 2 { $2 = "partial"; $4 = ""; for (i = 15; i <= NF; i++) $i = ""; print }' \
	"$T/sim3.csv" > "$T/partial.csv"
uuid=$(sed -n 2p "$T/partial.csv" | cut -d, -f1)
"$KYSELY" import "$FORM" --db "$T/site8.db" "$T/partial.csv" 2> "$T/err" ||
	fail "import partial: $(cat "$T/err")"
[ "$(status "$KYSELY" merge --db "$T/later.db" "$T/site8.db")" = 0 ] || fail "merge partial: $(cat "$T/err")"
[ "$(status "$KYSELY" merge --db "$T/later.db" "$T/site3.db")" = 0 ] ||
	fail "merge of the finished respondent: $(cat "$T/err")"
grep -qx "merged 1 site: 150 responses added, 0 already present, 0 conflicts" "$T/err" ||
	fail "finished later summary: $(cat "$T/err")"
"$KYSELY" export --db "$T/later.db" -o "$T/later.csv"
grep "^$uuid,complete," "$T/later.csv" > /dev/null || fail "the finished copy did not replace the partial one"
[ "$(status "$KYSELY" merge --db "$T/later.db" "$T/site8.db")" = 1 ] || fail "partial over complete: $(cat "$T/err")"
grep -q "respondent $uuid: answers differ from the central copy; kept central" "$T/err" ||
	fail "partial over complete message: $(cat "$T/err")"

# Usage.
[ "$(status "$KYSELY" merge "$T/site1.db")" = 2 ] || fail "merge without --db"
[ "$(status "$KYSELY" merge --db "$T/central.db")" = 2 ] || fail "merge without sites"
[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/central.db")" = 2 ] || fail "merge into itself"
[ "$(status "$KYSELY" merge --db "$T/central.db" "$T/missing.db")" = 3 ] || fail "missing site"
[ "$(status "$KYSELY" merge --db "$T/new.db" "$T/site1.db" "$T/sim1.csv")" = 3 ] || fail "a site that is no database"
[ ! -e "$T/new.db" ] || fail "a failed merge created the central database"
exit 0
