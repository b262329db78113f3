#!/bin/sh
# simulate answers what real forms check, so that import takes every
# simulated row: required texts under a regex() constraint (a phone
# number, a name with accented letters in a '_-é' range, alternatives),
# re-entry to confirm (". = ${other}"), a cascade of required selects whose
# filters leave some lists empty, and a required select whose list is
# always empty (the respondent cannot go on: partial, as collect would
# not submit it). A calculate's constraint does not refuse the row at
# import, as collect stores it.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
export LC_ALL=C.UTF-8

mkdir "$T/f"
cat > "$T/f/survey.csv" <<'EOF'
type,name,label,required,constraint,choice_filter,calculation
text,phone,Phone,yes,"regex(., '^0[0-9]{9}$')",,
text,nome,Nome,yes,"regex(., ""^[a-zA-Z0-9. _-éáíóãõúçâê]{1,25}$"")",,
text,code,Code,yes,"regex(., '^(AB|CD)-\d{3}[xyz]?$') and string-length(.) < 9",,
text,parcel,Parcel,,,,
text,parcel_check,Parcel again,yes,.=${parcel},,
integer,upn,Receipt,yes,,,
integer,upn_check,Receipt again,yes,. = ${upn},,
select_one prov,prov,Province,yes,,,
select_one dist,dist,District,yes,,prov=${prov},
select_one post,post,Post,yes,,dist=${dist},
calculate,total,,,.<=5,,${upn} + 1
EOF
cat > "$T/f/choices.csv" <<'EOF'
list_name,name,label,prov,dist
prov,p1,P1,,
prov,p2,P2,,
prov,p3,P3,,
dist,d1,D1,p1,
dist,d2,D2,p1,
dist,d3,D3,p2,
dist,d4,D4,p3,
post,s1,S1,,d2
post,s2,S2,,d4
EOF
expect_exit 0 "$KYSELY" validate "$T/f"
expect_exit 0 "$KYSELY" simulate "$T/f" -n 200 --seed 3 -o "$T/sim.csv"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/db" "$T/sim.csv" --rejects "$T/rej.csv"
grep -q "^imported 200 rows, 0 rejected" "$T/err" || fail "import: $(cat "$T/err"; head -3 "$T/rej.csv")"

# Every complete row answers the checked texts as their patterns say, the
# confirmations equal what they confirm, and the cascade reaches a post.
python3 - "$T/sim.csv" <<'PY' || fail "simulated values"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
done = [r for r in rows if r["status"] == "complete"]
assert len(done) >= 180, f"only {len(done)} complete rows"
for r in done:
    assert re.fullmatch(r"0[0-9]{9}", r["phone"]), r["phone"]
    assert re.fullmatch(r"[a-zA-Z0-9. \u005f-\u00e9]{1,25}", r["nome"]), r["nome"]
    assert re.fullmatch(r"(AB|CD)-\d{3}[xyz]?", r["code"]), r["code"]
    assert r["parcel_check"] == r["parcel"] != "", (r["parcel"], r["parcel_check"])
    assert r["upn_check"] == r["upn"] != "", (r["upn"], r["upn_check"])
    assert r["post"] in ("s1", "s2") and r["dist"] in ("d2", "d4"), (r["dist"], r["post"])
assert any(r["total"] and int(r["total"]) > 5 for r in done), "no total over its constraint"
PY

# A required select whose filter never lets a choice through: nobody
# completes the form, and import takes the partial rows.
mkdir "$T/g"
printf 'type,name,label,required,choice_filter\ntext,who,Who,yes,\nselect_one l,pick,Pick,yes,kind=${who}\ntext,after,After,yes,\n' \
	> "$T/g/survey.csv"
printf 'list_name,name,label,kind\nl,a,A,never\n' > "$T/g/choices.csv"
expect_exit 0 "$KYSELY" simulate "$T/g" -n 30 --seed 1 -o "$T/g.csv"
grep -c ',complete,' "$T/g.csv" | grep -qx 0 || fail "a row stuck on 'pick' is complete"
awk -F, 'NR > 1 && ($7 != "" || $8 != "") { bad++ } END { exit bad > 0 }' "$T/g.csv" ||
	fail "answers after the question the respondent was stuck on: $(sed -n 2p "$T/g.csv")"
expect_exit 0 "$KYSELY" import "$T/g" --db "$T/g.db" "$T/g.csv"
grep -q "^imported 30 rows, 0 rejected" "$T/err" || fail "import partial: $(cat "$T/err")"

# collect stores a calculate that fails its constraint; its export imports.
printf 'phone=0123456789\nnome=Ana\ncode=AB-123\nparcel=7\nparcel_check=7\nupn=9\nupn_check=9\nprov=p1\ndist=d2\npost=s1\nsubmit\n' \
	> "$T/script"
expect_exit 0 "$KYSELY" collect "$T/f" --db "$T/c.db" --script "$T/script"
expect_exit 0 "$KYSELY" export --db "$T/c.db" -o "$T/c.csv"
grep -q ',10$' "$T/c.csv" || fail "collected total: $(cat "$T/c.csv")"
expect_exit 0 "$KYSELY" import "$T/f" --db "$T/c2.db" "$T/c.csv"
grep -q "^imported 1 row, 0 rejected" "$T/err" || fail "import of collect's export: $(cat "$T/err")"
exit 0
