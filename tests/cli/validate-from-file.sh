#!/bin/sh
# select_one_from_file / select_multiple_from_file NAME.csv: the choices
# of a CSV beside the form (columns name, label, others for a
# choice_filter), as pyxform reads it; the database keeps them with the
# form, so export and analyze work without the file. A GeoJSON file, a
# missing file and or_other are errors.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/f"
cat > "$T/f/survey.csv" <<'EOF2'
type,name,label,choice_filter,required
select_one_from_file regions.csv,region,Region,,yes
select_one_from_file towns.csv,town,Town,region = ${region},yes
select_multiple_from_file regions.csv,also,Also,,
EOF2
printf 'name,label\nnorth,North\nsouth,South\n' > "$T/f/regions.csv"
printf 'name,label,region\nhki,Helsinki,south\noulu,Oulu,north\nturku,Turku,south\n' > "$T/f/towns.csv"
expect_exit 0 "$KYSELY" validate "$T/f"

printf 'region=south\ntown=oulu\nsubmit\n' > "$T/s1"
expect_exit 1 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/s1"
printf 'region=south\ntown=turku\nalso=north south\nsubmit\n' > "$T/s2"
expect_exit 0 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/s2"
mv "$T/f/towns.csv" "$T/towns.csv"
expect_exit 0 "$KYSELY" export --db "$T/db" -o "$T/out.csv"
grep -q ',south,turku,north south$' "$T/out.csv" || fail "collected: $(cat "$T/out.csv")"
mv "$T/towns.csv" "$T/f/towns.csv"

expect_exit 0 "$KYSELY" simulate "$T/f" -n 40 --seed 3 -o "$T/sim.csv"
grep -q ',north,\(hki\|turku\),' "$T/sim.csv" && fail "the filter was ignored"
grep -q ',south,turku,' "$T/sim.csv" || fail "simulated: $(head -3 "$T/sim.csv")"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/db2" "$T/sim.csv"
grep -q "^imported 40 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err")"
expect_exit 0 "$KYSELY" analyze --db "$T/db2" --out "$T/an"

printf 'type,name,label\nselect_one_from_file x.geojson,a,A\nselect_one_from_file missing.csv,b,B\nselect_one_from_file regions.csv or_other,c,C\n' \
	> "$T/f/survey.csv"
expect_exit 1 "$KYSELY" validate "$T/f"
grep -q "survey.csv:2: error: 'type': type 'select_one_from_file x.geojson': only choices in a CSV file" "$T/err" ||
	fail "geojson: $(cat "$T/err")"
grep -q "survey.csv:3: error: 'type': select_one_from_file: 'missing.csv' is not beside the form" "$T/err" && ! grep -q "not defined in the choices sheet" "$T/err" ||
	fail "missing: $(cat "$T/err")"
grep -q "survey.csv:4: error: 'type': type 'select_one_from_file regions.csv or_other': or_other is not allowed" "$T/err" ||
	fail "or_other: $(cat "$T/err")"
exit 0
