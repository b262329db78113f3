#!/bin/sh
# analyze-items.sh - items.csv, the item analysis of a knowledge test:
# counts, shares, the p_correct interval, item-rest r, discrimination,
# alpha if deleted and flags per item, whole sample and by group,
# unweighted and weighted, against R (tests/reference-own/knowledge:
# make-expected.R wrote expected-items.csv with survey and psych) at rtol
# 1e-6; --min-cell suppression of the outcome counts; and the sample
# study's item table (one row per scored item, the README's flags).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
here=$src/tests/reference-own/knowledge
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
"$KYSELY" import "$here/form" --db "$tmp/k.db" "$here/responses.csv" 2>/dev/null
"$KYSELY" analyze --db "$tmp/k.db" --by grp --digits 15 --out "$tmp/srs"
"$KYSELY" analyze --db "$tmp/k.db" --by grp --weight wt --digits 15 --out "$tmp/weighted"
"$KYSELY" analyze --db "$tmp/k.db" --by grp --weight wt --min-cell 10 --out "$tmp/suppressed"
"$KYSELY" import "$src/surveys/ht-needs" --db "$tmp/s.db" \
	"$src/data-samples/ht-needs-2015-synthetic.csv" >/dev/null 2>&1
"$KYSELY" analyze --db "$tmp/s.db" --out "$tmp/sample"
python3 - "$here/expected-items.csv" "$tmp" <<'PY'
import csv, math, sys
expected, tmp = sys.argv[1], sys.argv[2]
HEADER = ("form,item,item_label,domain,by,group,n,correct,incorrect,dont_know,missing,"
          "p_correct,p_correct_low,p_correct_high,p_incorrect,p_dont_know,p_missing,"
          "conf_level,method,item_rest_r,discrimination,alpha_if_deleted,flags,suppressed")
fail, n = [], 0
def rows(run):
    path = "%s/%s/items.csv" % (tmp, run)
    head = open(path, encoding="utf-8").readline().strip()
    if head != HEADER:
        fail.append("%s: header %r" % (path, head))
    return list(csv.DictReader(open(path, encoding="utf-8")))
got = {}
for run in ("srs", "weighted"):
    for r in rows(run):
        got[(run, r["item"], r["by"], r["group"])] = r
def close(a, b):
    if b == "":
        return a == ""
    if a == "":
        return False
    return abs(float(a) - float(b)) <= 1e-9 + 1e-6 * abs(float(b))
exp = list(csv.DictReader(open(expected, encoding="utf-8")))
for e in exp:
    key = (e["run"], e["item"], e["by"], e["group"])
    g = got.get(key)
    if g is None:
        fail.append("%s: no row" % (key,))
        continue
    for col in ("n", "correct", "incorrect", "dont_know", "missing", "p_correct",
                "p_correct_low", "p_correct_high", "p_incorrect", "p_dont_know", "p_missing",
                "item_rest_r", "discrimination", "alpha_if_deleted"):
        n += 1
        if not close(g[col], e[col]):
            fail.append("%s %s: kysely %r, R %r" % (key, col, g[col], e[col]))
    if g["flags"] != e["flags"]:
        fail.append("%s flags: kysely %r, R %r" % (key, g["flags"], e["flags"]))
    want = "wilson" if e["run"] == "srs" else "logit"
    if g["method"] != want or g["suppressed"] != "0" or g["domain"] not in ("a", "b"):
        fail.append("%s: method %r, suppressed %r, domain %r" % (key, g["method"], g["suppressed"], g["domain"]))
if len(got) != len(exp):
    fail.append("kysely wrote %d rows, R %d" % (len(got), len(exp)))
# --min-cell 10: no published count below 10 (or base - count below 10);
# a suppressed cell never alone in its item's row of outcomes or in an
# outcome's column of groups; its share blank with it
T, OUT = 10, ("correct", "incorrect", "dont_know", "missing")
sup = rows("suppressed")
blanks = 0
for r in sup:
    base = int(r["n"])
    cells = [r[o] for o in OUT]
    for o in OUT:
        if r[o] == "":
            blanks += 1
            if r["p_" + o] != "":
                fail.append("suppressed %s %s %s: share %r published" % (r["item"], r["group"], o, r["p_" + o]))
        elif int(r[o]) < T or base - int(r[o]) < T:
            fail.append("suppressed %s %s %s: count %s published" % (r["item"], r["group"], o, r[o]))
    if cells.count("") == 1:
        fail.append("suppressed %s %s: one blank cell in the row" % (r["item"], r["group"]))
    if (r["suppressed"] == "1") != ("" in cells):
        fail.append("suppressed %s %s: flag %s" % (r["item"], r["group"], r["suppressed"]))
for item in {r["item"] for r in sup}:
    grp = [r for r in sup if r["item"] == item and r["by"] == "grp"]
    for o in OUT:
        if [r[o] for r in grp].count("") == 1:
            fail.append("suppressed %s %s: one blank group" % (item, o))
if blanks == 0:
    fail.append("--min-cell 10 suppressed nothing")
# the sample study: one row per scored item, the flags its README names
sample = rows("sample")
flags = {r["item"]: r["flags"].split() for r in sample}
if len(sample) != 26 or len(flags) != 26:
    fail.append("sample: %d rows for %d items, not 26" % (len(sample), len(flags)))
if "easy" not in flags.get("k_chain_recruit", []):
    fail.append("sample: k_chain_recruit not easy: %r" % flags.get("k_chain_recruit"))
if "hard" not in flags.get("k_law_identification", []):
    fail.append("sample: k_law_identification not hard: %r" % flags.get("k_law_identification"))
if not any("misconception" in f for f in flags.values()):
    fail.append("sample: no misconception flag")
if fail:
    print("\n".join(fail[:30]))
    sys.exit(1)
print("analyze-items: %d numbers equal R's at rtol 1e-6; suppression and sample study hold" % n)
PY
# a form without scored items writes estimates.csv and no items.csv
printf 'respondent,status,started,completed,lang,region,many,sex\nr1,complete,2026-01-01T10:00:00Z,2026-01-01T10:10:00Z,,north,o1,f\n' > "$tmp/plain.csv"
"$KYSELY" import "$src/tests/data/many-options" --db "$tmp/p.db" "$tmp/plain.csv" 2>/dev/null
"$KYSELY" analyze --db "$tmp/p.db" --out "$tmp/plain"
[ -s "$tmp/plain/estimates.csv" ] || { echo "analyze-items: no estimates.csv for a form without scored items"; exit 1; }
[ ! -e "$tmp/plain/items.csv" ] || { echo "analyze-items: items.csv for a form without scored items"; exit 1; }
