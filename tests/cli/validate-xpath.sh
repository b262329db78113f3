#!/bin/sh
# XPath paths as CHT forms write them: a path tells apart two questions
# that share a name in different groups (../inputs/contact/patient_id is
# not the top-level patient_id that computes it), and a group's relevant
# may read its own question (./source = 'user'), which is no cycle.
# Collect, simulate and import read the question the path names.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/f"
cat > "$T/f/survey.csv" <<'EOF'
type,name,label,relevant,calculation,default,required
begin group,inputs,Inputs,./source = 'user',,,
hidden,source,,,,user,
begin group,contact,Contact,,,,
text,patient_id,Patient id,,,,yes
end group,,,,,,
end group,,,,,,
calculate,patient_id,,,"concat('P-', ../inputs/contact/patient_id)",,
integer,age,Age,/data/inputs/source = 'user',,,yes
calculate,note_id,,,/f/inputs/contact/patient_id,,
EOF
expect_exit 0 "$KYSELY" validate "$T/f"
grep -q "circular\|ambiguous" "$T/err" && fail "validate: $(cat "$T/err")"

printf 'inputs/contact/patient_id=A7\nage=30\nsubmit\n' > "$T/script"
expect_exit 0 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/script"
expect_exit 0 "$KYSELY" export --db "$T/db" -o "$T/out.csv"
head -1 "$T/out.csv" | grep -q ',source,inputs/contact/patient_id,patient_id,age,' ||
	fail "export header: $(head -1 "$T/out.csv")"
grep -q ',user,A7,P-A7,30,A7$' "$T/out.csv" || fail "collected: $(cat "$T/out.csv")"

expect_exit 0 "$KYSELY" simulate "$T/f" -n 50 --seed 4 -o "$T/sim.csv"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/db2" "$T/sim.csv" --rejects "$T/rej.csv"
grep -q "^imported 50 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err")"

# /data/x names the top-level x even when a group has an x of its own
# (a plain ${x} would be ambiguous); collect, simulate and import read it.
mkdir "$T/top"
cat > "$T/top/survey.csv" <<'EOF'
type,name,label,relevant,required
integer,x,X top,,yes
begin group,g,G,,
integer,x,X in g,,yes
end group,,,,
text,y,Y,/data/x > 10,yes
text,z,Z,/data/g/x > 10,yes
EOF
expect_exit 0 "$KYSELY" validate "$T/top"
printf 'x=20\ng/x=1\ny=top\nsubmit\n' > "$T/script"
expect_exit 0 "$KYSELY" collect "$T/top" --db "$T/topdb" --script "$T/script"
expect_exit 0 "$KYSELY" export --db "$T/topdb" -o "$T/top.csv"
grep -q ',20,1,top,$' "$T/top.csv" || fail "collected with /data/x: $(cat "$T/top.csv")"
expect_exit 0 "$KYSELY" simulate "$T/top" -n 60 --seed 2 -o "$T/topsim.csv"
awk -F, 'NR > 1 && $2 == "complete" && ($6 > 10) != ($8 != "") { bad = 1 } END { exit bad }' "$T/topsim.csv" ||
	fail "simulate asked y without x > 10: $(head -5 "$T/topsim.csv")"
expect_exit 0 "$KYSELY" import "$T/top" --db "$T/topdb2" "$T/topsim.csv"
grep -q "^imported 60 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err")"

# A path naming no question, and one two groups share, are still errors.
mkdir "$T/bad"
cat > "$T/bad/survey.csv" <<'EOF'
type,name,label,relevant
begin group,a,A,
integer,x,X,
end group,,,
begin group,b,B,
integer,x,X,
end group,,,
integer,y,Y,../nothere/x > 1
integer,z,Z,../x > 1
EOF
expect_exit 1 "$KYSELY" validate "$T/bad"
grep -q "survey.csv:8: error: 'relevant': unknown question 'x'\|survey.csv:8: error: 'relevant': '\${x}' is ambiguous" "$T/err" ||
	fail "a path to no question: $(cat "$T/err")"
grep -q "survey.csv:9: error: 'relevant': '\${x}' is ambiguous (2 questions have that name)" "$T/err" ||
	fail "an ambiguous path: $(cat "$T/err")"
exit 0
