#!/bin/sh
# The report and its charts show what the data holds and nothing else:
# control characters and bidi overrides in labels become U+FFFD, so every
# standalone SVG is well-formed XML and the page carries no raw ESC; a
# --by attribute named a/b gives a chart file name of [A-Za-z0-9_-] only
# (no path); a group value =g2 is shown as =g2, without the apostrophe
# that estimates.csv carries for spreadsheets.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
EX=$SRCDIR/surveys/example-onefile.csv
mkdir "$T/s"
printf 'type,name,label\nselect_one c,q,Q \033[31m red \342\200\256x\n' >"$T/s/survey.csv"
printf 'list_name,name,label\nc,a,A\001\nc,b,B\302\233\n' >"$T/s/choices.csv"
printf 'form_id,form_title,version\ns,T\033]0;X\007,1\n' >"$T/s/settings.csv"
"$KYSELY" simulate "$T/s" -n 20 --seed 1 -o "$T/s.csv"
"$KYSELY" import "$T/s" --db "$T/s.db" "$T/s.csv" 2>/dev/null
"$KYSELY" report --db "$T/s.db" -o "$T/s.html" --charts "$T/ch" 2>"$T/err" || fail "report: $(cat "$T/err")"
python3 - "$T" <<'PY' || fail "charts or page"
import glob, sys, xml.dom.minidom as m
tmp = sys.argv[1]
svgs = sorted(glob.glob(f"{tmp}/ch/*.svg"))
assert svgs, "no chart written"
for f in svgs:
    text = open(f, encoding="utf-8").read()
    m.parseString(text.encode("utf-8"))
    assert "\u202e" not in text and "\ufffd" in text, f"{f}: format character kept or label lost"
page = open(f"{tmp}/s.html", encoding="utf-8").read()
bad = [c for c in page if ord(c) < 0x20 and c not in "\t\n\r" or 0x7f <= ord(c) <= 0x9f or c == "\u202e"]
assert not bad, f"page holds raw controls: {bad[:5]!r}"
print(f"ok - {len(svgs)} charts well-formed, no raw control in the page")
PY

printf 'respondent,role,a/b,grp\nr1,nurse,x,=g2\nr2,other,y,x\n' >"$T/ab.csv"
"$KYSELY" import "$EX" --db "$T/ab.db" "$T/ab.csv" 2>/dev/null
"$KYSELY" report --db "$T/ab.db" --by 'a/b' -o "$T/ab.html" --charts "$T/abch" 2>"$T/err" ||
	fail "report --by a/b: $(cat "$T/err")"
bad=$(ls "$T/abch" | grep -v '^[A-Za-z0-9_-]*\.svg$' || true)
[ -z "$bad" ] || fail "chart file names: $bad"
ls "$T/abch" | grep -q 'by-a_b\.svg$' || fail "no chart by a_b: $(ls "$T/abch")"
echo "ok - chart names: $(ls "$T/abch" | tr '\n' ' ')"
"$KYSELY" report --db "$T/ab.db" --by grp -o "$T/g.html" 2>/dev/null
grep -q '&#39;=g2' "$T/g.html" && fail "the CSV apostrophe reached the report"
grep -q '>=g2<' "$T/g.html" || fail "the group =g2 is missing from the report"
echo "ok - the group =g2 shown without the apostrophe"
