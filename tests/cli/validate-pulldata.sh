#!/bin/sh
# pulldata('FILE', 'COLUMN', 'KEY_COLUMN', key) reads FILE.csv beside the
# form, as ODK reads a form's media: collect, simulate and import compute
# the looked-up value. A missing file, or a file name taken from an
# answer, is a warning and the value is empty.
set -eu
. "$SRCDIR/tests/cli/lib.sh"

mkdir "$T/f"
cat > "$T/f/survey.csv" <<'EOF2'
type,name,label,calculation
text,hh,Household id,
calculate,head,,"pulldata('households', 'head_name', 'hh_id', ${hh})"
calculate,size,,"pulldata('households', 'members', 'hh_id', ${hh})"
EOF2
printf 'hh_id,head_name,members\nH1,Ana Silva,4\nH2,João Ç,7\n' > "$T/f/households.csv"
expect_exit 0 "$KYSELY" validate "$T/f"
grep -q pulldata "$T/err" && fail "warned: $(cat "$T/err")"

printf 'hh=H2\nsubmit\n' > "$T/s1"
printf 'hh=H9\nsubmit\n' > "$T/s2"
expect_exit 0 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/s1"
expect_exit 0 "$KYSELY" collect "$T/f" --db "$T/db" --script "$T/s2"
expect_exit 0 "$KYSELY" export --db "$T/db" -o "$T/out.csv"
grep -q ',H2,João Ç,7$' "$T/out.csv" || fail "looked up: $(cat "$T/out.csv")"
grep -q ',H9,,$' "$T/out.csv" || fail "an unknown key: $(cat "$T/out.csv")"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/db2" "$T/out.csv"
grep -q "^imported 2 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err")"

# without the file, and with a computed file name: warnings, empty values
rm "$T/f/households.csv"
printf 'calculate,other,,"pulldata(${hh}, '"'"'x'"'"', '"'"'k'"'"', 1)"\n' >> "$T/f/survey.csv"
expect_exit 0 "$KYSELY" validate "$T/f"
grep -q "survey.csv:3: warning: 'calculation': pulldata(): 'households.csv' is not beside the form" "$T/err" ||
	fail "missing file: $(cat "$T/err")"
grep -q "survey.csv:5: warning: 'calculation': pulldata() takes its file name from an answer" "$T/err" ||
	fail "computed file name: $(cat "$T/err")"
expect_exit 0 "$KYSELY" simulate "$T/f" -n 20 --seed 1 -o "$T/sim.csv"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/db3" "$T/sim.csv"
grep -q "^imported 20 rows, 0 rejected" "$T/err" || fail "import without the file: $(cat "$T/err")"

# a name that leaves the form's folder is not read, whatever is there
mkdir "$T/g"
printf 'k,secret\n1,leaked\n' > "$T/outside.csv"
printf 'type,name,label,calculation\ncalculate,x,,"pulldata('"'"'../outside'"'"', '"'"'secret'"'"', '"'"'k'"'"', 1)"\n' \
	> "$T/g/survey.csv"
set +e
"$KYSELY" validate "$T/g" >/dev/null 2>"$T/err"
set -e
grep -q "'../outside.csv' is not a file name in the form's folder" "$T/err" ||
	fail "a path outside the form: $(cat "$T/err")"
printf 'x=\nsubmit\n' > "$T/s3"
"$KYSELY" collect "$T/g" --db "$T/db4" --script "$T/s3" >/dev/null 2>&1 || true
[ ! -f "$T/db4" ] || ! sqlite3 "$T/db4" .dump 2>/dev/null | grep -q leaked ||
	fail "a file outside the form's folder was read into the database"
exit 0
