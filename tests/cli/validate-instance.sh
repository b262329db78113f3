#!/bin/sh
# The choices as a secondary instance: jr:choice-name(value, '${q}'),
# instance('LIST')/root/item[PREDICATE]/FIELD (a choices column a lookup
# reads is kept, not warned away) and current()/../x in a choice_filter or
# a predicate, computed alike by collect, simulate and import; a lookup
# in a list the form lacks, or jr:choice-name of no select, is an error.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/f"
cat > "$T/f/survey.csv" <<'EOF2'
type,name,label,calculation,choice_filter,required
select_one colors,c,C,,,yes
calculate,c_label,,"jr:choice-name(${c}, '${c}')",,
calculate,c_again,,"instance('colors')/root/item[name = ${c}]/label",,
calculate,c_hex,,"instance('colors')/root/item[name = current()/../c]/hex",,
select_one colors,d,D,,name != current()/../c,yes
calculate,d_label,,"jr:choice-name(${d}, '/f/d')",,
EOF2
printf 'list_name,name,label,hex\ncolors,r,Red,#f00\ncolors,g,Green,#0f0\n' > "$T/f/choices.csv"
expect_exit 0 "$KYSELY" validate "$T/f"
grep -q "warning" "$T/err" && fail "validate warned: $(cat "$T/err")"

printf 'c=g\nd=r\nsubmit\n' > "$T/s"
expect_exit 0 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/s"
printf 'c=g\nd=g\nsubmit\n' > "$T/s2"
expect_exit 1 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/s2"
expect_exit 0 "$KYSELY" export --db "$T/db" -o "$T/out.csv"
grep -q ',g,Green,Green,#0f0,r,Red$' "$T/out.csv" || fail "collected: $(cat "$T/out.csv")"

expect_exit 0 "$KYSELY" simulate "$T/f" -n 40 --seed 2 -o "$T/sim.csv"
grep -q ',r,Red,Red,#f00,g,Green$' "$T/sim.csv" || fail "simulated: $(head -3 "$T/sim.csv")"
grep -q ',\(r,[^,]*,[^,]*,[^,]*,r\|g,[^,]*,[^,]*,[^,]*,g\),' "$T/sim.csv" && fail "d equals c"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/db2" "$T/sim.csv"
grep -q "^imported 40 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err")"

printf 'calculate,bad1,,"instance('"'"'shapes'"'"')/root/item[name = ${c}]/label",,\ncalculate,bad2,,"jr:choice-name(${c}, '"'"'${c_label}'"'"')",,\n' >> "$T/f/survey.csv"
expect_exit 1 "$KYSELY" validate "$T/f"
grep -q "survey.csv:8: error: 'calculation': instance('shapes'): the choices sheet has no list 'shapes'" "$T/err" ||
	fail "unknown list: $(cat "$T/err")"
grep -q "survey.csv:9: error: 'calculation': jr:choice-name() names its question in quotes" "$T/err" ||
	fail "choice-name of no select: $(cat "$T/err")"
exit 0
