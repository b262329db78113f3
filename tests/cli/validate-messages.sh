#!/bin/sh
# validate's verdicts and messages on what survey authors write: a bare
# name ("${a} = yes") is an error saying to quote the text, a spreadsheet's
# TRUE/FALSE cell is the boolean, a row refused for its type does not make
# the questions that refer to it "unknown", and text under a blank header
# cell is a column without a header, not a stray comma.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/f"
cat > "$T/f/survey.csv" <<'EOF2'
type,name,label,relevant,required,,
select_one yn,a,A,,TRUE,,
text,b,B,${a} = yes,,,
text,c,C,FALSE,,,
mobile_phone,phone,Phone,,,,
text,d,D,${phone} != '',,note,
EOF2
printf 'list_name,name,label\nyn,yes,Yes\nyn,no,No,0\n' > "$T/f/choices.csv"
expect_exit 1 "$KYSELY" validate "$T/f"
grep -q "survey.csv:3: error: 'relevant': bare name 'yes': write a text in quotes ('yes') and a question as \${yes}" "$T/err" ||
	fail "bare name: $(cat "$T/err")"
grep -q "survey.csv:4:" "$T/err" && fail "FALSE is no bare name: $(cat "$T/err")"
grep -q "survey.csv:2:" "$T/err" && fail "TRUE is no bare name: $(cat "$T/err")"
grep -q "survey.csv:5: error: 'type': unknown type 'mobile_phone'" "$T/err" || fail "type: $(cat "$T/err")"
grep -q "unknown question 'phone'" "$T/err" && fail "a refused row's dependent reported: $(cat "$T/err")"
grep -q "survey.csv:6: warning: column 6 has no header: its text is ignored ('note')" "$T/err" ||
	fail "header-less column: $(cat "$T/err")"
grep -q "choices.csv:3: warning: text beyond the last column ignored ('0'; a comma not in quotes?)" "$T/err" ||
	fail "stray comma: $(cat "$T/err")"
[ "$(grep -c ': error:' "$T/err")" = 2 ] || fail "errors: $(cat "$T/err")"

# once mended, TRUE requires a and FALSE never asks c
sed -i 's/${a} = yes/${a} = '"'yes'"'/; s/^mobile_phone/text/' "$T/f/survey.csv"
expect_exit 0 "$KYSELY" validate "$T/f"
printf 'respondent,status,started,completed,lang,a,b,c,phone,d\nr1,complete,,,,,,,,\nr2,complete,,,,no,,,,\n' > "$T/rows.csv"
expect_exit 1 "$KYSELY" import "$T/f" --db "$T/db" "$T/rows.csv" --rejects "$T/rej.csv"
grep -q "'a': a required answer is missing,r1," "$T/rej.csv" || fail "TRUE required: $(cat "$T/rej.csv")"
grep -q "^imported 1 row, 1 rejected" "$T/err" || fail "import: $(cat "$T/err")"

# `required` = T (a REACH form): pyxform writes the word out as an XPath
# path to no node, so the question is not required: a located warning.
mkdir "$T/g"
printf 'type,name,label,required\ntext,a,A,T\ntext,b,B,yes\n' > "$T/g/survey.csv"
expect_exit 0 "$KYSELY" validate "$T/g"
grep -q "survey.csv:2: warning: 'required': 'T' is not yes or no: .* so 'a' is not required" "$T/err" ||
	fail "required T: $(cat "$T/err")"
printf 'respondent,status,started,completed,lang,a,b\nr1,complete,,,,,x\n' > "$T/g.csv"
expect_exit 0 "$KYSELY" import "$T/g" --db "$T/gdb" "$T/g.csv"
# A repeat named as the form's root ('data', or the settings' name) is
# refused, as pyxform does.
printf 'type,name,label\nbegin_repeat,data,D\ntext,a,A\nend_repeat,,\n' > "$T/g/survey.csv"
expect_exit 1 "$KYSELY" validate "$T/g"
grep -q "survey.csv:2: error: 'name': a repeat may not be named 'data', the name of the form's root" "$T/err" ||
	fail "repeat data: $(cat "$T/err")"
printf 'form_id,name\ng,household\n' > "$T/g/settings.csv"
expect_exit 0 "$KYSELY" validate "$T/g"
sed -i 's/,data,/,household,/' "$T/g/survey.csv"
expect_exit 1 "$KYSELY" validate "$T/g"
grep -q "a repeat may not be named 'household'" "$T/err" || fail "repeat root: $(cat "$T/err")"
exit 0
