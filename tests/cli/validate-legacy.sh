#!/bin/sh
# The XLSForm syntax real forms use, read as pyxform reads it
# (tests/forms/legacy): "select one from L", "select all that apply from L
# or specify other", or_other, the type aliases imei and gps, osm, XPath paths
# (../x, /form/x) for ${x}, a nameless
# note, a comment row in choices, and the bind:relevant / bind:constraint /
# bind:jr:constraintMsg columns, which must be applied, not dropped; and
# select_one_external with its external_choices.csv; begin loop over.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

form="$SRCDIR/tests/forms/legacy"
expect_exit 0 "$KYSELY" validate "$form"
grep -q "unknown column" "$T/err" && fail "a bind: column was dropped: $(cat "$T/err")"
grep -q "11 questions" "$T/out" || fail "validate: $(cat "$T/out")"
grep -q "type 'osm road_tags' cannot be collected on a terminal" "$T/err" || fail "osm: $(cat "$T/err")"

# simulate -> import round trip, the generated NAME_other columns included
expect_exit 0 "$KYSELY" simulate "$form" -n 200 --seed 5 -o "$T/sim.csv"
head -1 "$T/sim.csv" | grep -q ',brands,brands_other,quit,quit_other' ||
	fail "simulate header: $(head -1 "$T/sim.csv")"
grep -q ',other,' "$T/sim.csv" || fail "simulate never chose the added choice 'other'"
expect_exit 0 "$KYSELY" import "$form" --db "$T/db" "$T/sim.csv" --rejects "$T/rej.csv"
grep -q "^imported 200 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err")"

# bind:relevant skips per_day for a non-smoker (its required then does not
# hold), bind:constraint bounds it, and 'other' is a choice of both lists.
cat > "$T/rows.csv" <<'ROWS'
respondent,status,started,completed,lang,imei,smokes,per_day,brands,brands_other,quit,quit_other,quit_how
r1,complete,2026-01-05T10:00:00Z,2026-01-05T10:05:00Z,,d1,no,,,,no,,
r2,complete,2026-01-05T10:00:00Z,2026-01-05T10:05:00Z,,d1,yes,,camel,,no,,
r3,complete,2026-01-05T10:00:00Z,2026-01-05T10:05:00Z,,d1,yes,500,camel,,no,,
r4,complete,2026-01-05T10:00:00Z,2026-01-05T10:05:00Z,,d1,yes,20,camel other,Pall Mall,other,Patches,
r5,complete,2026-01-05T10:00:00Z,2026-01-05T10:05:00Z,,d1,yes,20,camel,,yes,,
r6,complete,2026-01-05T10:00:00Z,2026-01-05T10:05:00Z,,d1,no,,,,yes,,
ROWS
expect_exit 1 "$KYSELY" import "$form" --db "$T/db2" "$T/rows.csv" --rejects "$T/rej2.csv"
grep -q "^imported 3 rows, 3 rejected" "$T/err" || fail "import rows: $(cat "$T/err")"
# quit_how's relevant is written as XPath paths (../quit, /legacy/smokes):
# required for r5, not asked of r6 (a non-smoker)
grep -q "'quit_how': a required answer is missing,r5," "$T/rej2.csv" ||
	fail "r5 not rejected for quit_how: $(cat "$T/rej2.csv")"
grep -q "'per_day': a required answer is missing,r2," "$T/rej2.csv" ||
	fail "r2 not rejected for per_day: $(cat "$T/rej2.csv")"
grep -q "'per_day': fails the constraint.*,r3," "$T/rej2.csv" || fail "r3 not rejected by bind:constraint: $(cat "$T/rej2.csv")"

# collect applies the same form: NAME_other after 'other', and per_day
# (bind:relevant) refused for a non-smoker
printf 'smokes=no\nquit=other\nquit_other=Gum\nsubmit\n' > "$T/script1"
expect_exit 0 "$KYSELY" collect "$form" --db "$T/db3" --script "$T/script1"
grep -q ' complete$' "$T/out" || fail "collect: $(cat "$T/out" "$T/err")"
printf 'smokes=no\nper_day=5\nsubmit\n' > "$T/script2"
expect_exit 1 "$KYSELY" collect "$form" --db "$T/db3" --script "$T/script2"
grep -q "'per_day' is not relevant" "$T/err" || fail "collect asked per_day: $(cat "$T/err")"
expect_exit 0 "$KYSELY" export --db "$T/db3" -o "$T/collected.csv"
grep -q ',no,,,,other,Gum,' "$T/collected.csv" || fail "collected: $(cat "$T/collected.csv")"

# select_one_external: the list comes from external_choices.csv, whose
# names may repeat under different filters; a list of the same name in
# choices (states here) is another list
mkdir "$T/ext"
printf 'type,name,label,choice_filter,required\nselect_one states,state,State,,yes\nselect_one_external counties,county,County,state=${state},yes\n' \
	> "$T/ext/survey.csv"
printf 'list_name,name,label\nstates,texas,Texas\nstates,washington,Washington\n' > "$T/ext/choices.csv"
printf 'list_name,name,label,state\nstates,texas,Texas,\ncounties,king,King,texas\ncounties,dallas,Dallas,texas\ncounties,king,King,washington\ncounties,pierce,Pierce,washington\n' \
	> "$T/ext/external_choices.csv"
expect_exit 0 "$KYSELY" validate "$T/ext"
expect_exit 0 "$KYSELY" simulate "$T/ext" -n 100 --seed 2 -o "$T/ext.csv"
grep -q ',washington,pierce' "$T/ext.csv" || fail "simulate never drew an external choice: $(head -3 "$T/ext.csv")"
grep -q ',texas,pierce' "$T/ext.csv" && fail "simulate ignored the choice_filter on an external list"
expect_exit 0 "$KYSELY" import "$T/ext" --db "$T/ext.db" "$T/ext.csv"
grep -q "^imported 100 rows, 0 rejected" "$T/err" || fail "import external: $(cat "$T/err")"
printf 'respondent,status,started,completed,lang,state,county\nx1,complete,,,,texas,harris\n' > "$T/ext2.csv"
expect_exit 1 "$KYSELY" import "$T/ext" --db "$T/ext.db" "$T/ext2.csv" --rejects "$T/ext-rej.csv"
grep -q "'county'" "$T/ext-rej.csv" || fail "a county of no list was taken: $(cat "$T/ext-rej.csv")"

# begin loop over L: a group per choice of L, %(name)s and %(label)s
# replaced in every cell of the copies
mkdir "$T/loop"
printf 'type,name,label,required,relevant\nselect_multiple modes,modes,Modes,yes,\nbegin loop over modes,each,,,\ninteger,trips,Trips by %%(label)s,yes,"selected(${modes}, '"'"'%%(name)s'"'"')"\nend loop,,,,\n' \
	> "$T/loop/survey.csv"
printf 'list_name,name,label\nmodes,bus,Bus\nmodes,car,Car\n' > "$T/loop/choices.csv"
expect_exit 0 "$KYSELY" validate "$T/loop"
expect_exit 0 "$KYSELY" simulate "$T/loop" -n 50 --seed 4 -o "$T/loop.csv"
head -1 "$T/loop.csv" | grep -q ',modes,each/bus/trips,each/car/trips$' || fail "loop columns: $(head -1 "$T/loop.csv")"
expect_exit 0 "$KYSELY" import "$T/loop" --db "$T/loop.db" "$T/loop.csv"
grep -q "^imported 50 rows, 0 rejected" "$T/err" || fail "import loop: $(cat "$T/err")"
printf 'respondent,status,started,completed,lang,modes,each/bus/trips,each/car/trips\nl1,complete,,,,car,,4\nl2,complete,,,,car,4,\n' > "$T/loop2.csv"
expect_exit 1 "$KYSELY" import "$T/loop" --db "$T/loop.db" "$T/loop2.csv" --rejects "$T/loop-rej.csv"
grep -q "^imported 1 row, 1 rejected" "$T/err" || fail "import loop rows: $(cat "$T/err")"
grep -q "a required answer is missing,l2," "$T/loop-rej.csv" || fail "loop relevance: $(cat "$T/loop-rej.csv")"

# pyxform takes the legacy spellings in lowercase only, and ODK refuses
# typographic quotes around a text
mkdir "$T/upper" "$T/quotes"
cp "$form/choices.csv" "$T/upper/"
cp "$form/choices.csv" "$T/quotes/"
printf 'type,name,label\nSelect one from yes_no,smokes,Do you smoke?\n' > "$T/upper/survey.csv"
expect_exit 1 "$KYSELY" validate "$T/upper"
grep -q "survey.csv:2: error: 'type'" "$T/err" || fail "upper case legacy select: $(cat "$T/err")"
printf 'type,name,label,relevant\nselect_one yes_no,smokes,Smoke?,\ntext,why,Why?,${smokes} = \342\200\230yes\342\200\231\n' \
	> "$T/quotes/survey.csv"
expect_exit 1 "$KYSELY" validate "$T/quotes"
grep -q "survey.csv:3: error: 'relevant': typographic quote" "$T/err" || fail "quotes: $(cat "$T/err")"
exit 0
