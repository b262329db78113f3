#!/bin/sh
# A scale's alpha under a design (issue 15): survey::svycralpha over the
# complete cases, whole sample and by group, and alpha if each item is
# deleted, against tests/reference-own/scales/expected.csv (written by its
# make-expected.R) at rtol 1e-6; method svycralpha, no interval. Without
# a design the same scale keeps Cronbach's alpha with Feldt's interval.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
here=$src/tests/reference-own/scales
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$KYSELY" import "$here/form" --db "$tmp/s.db" "$here/responses.csv" >/dev/null 2>&1
"$KYSELY" analyze --db "$tmp/s.db" --by grp --weight wt --digits 15 --out "$tmp/w" 2>/dev/null
"$KYSELY" analyze --db "$tmp/s.db" --by grp --digits 15 --out "$tmp/u" 2>/dev/null
python3 - "$here/expected.csv" "$tmp" <<'PY'
import csv, sys
expected, tmp = sys.argv[1], sys.argv[2]
def alpha_rows(run):
    out = {}
    for r in csv.DictReader(open("%s/%s/estimates.csv" % (tmp, run), encoding="utf-8")):
        if r["variable"] == "att" and r["statistic"] in ("alpha", "alpha_if_deleted"):
            out[(r["by"], r["group"], r["level"], r["statistic"])] = r
    return out
got, fail = alpha_rows("w"), []
exp = list(csv.DictReader(open(expected, encoding="utf-8")))
for e in exp:
    key = (e["by"], e["group"], e["level"], e["statistic"])
    g = got.get(key)
    if g is None:
        fail.append("%s: missing" % (key,))
        continue
    a, b = float(g["estimate"]), float(e["estimate"])
    if abs(a - b) > 1e-6 * abs(b):
        fail.append("%s: kysely %r, R %r" % (key, g["estimate"], e["estimate"]))
    if g["method"] != "svycralpha" or g["conf_low"] != "" or g["conf_high"] != "":
        fail.append("%s: method %r, interval %r %r" % (key, g["method"], g["conf_low"], g["conf_high"]))
if len(got) != len(exp):
    fail.append("kysely wrote %d alpha rows, R %d" % (len(got), len(exp)))
for key, r in alpha_rows("u").items():
    if key[3] == "alpha" and (r["method"] != "feldt" or r["conf_low"] == ""):
        fail.append("unweighted %s: method %r, interval %r" % (key, r["method"], r["conf_low"]))
for f in fail:
    print("FAIL:", f)
sys.exit(1 if fail else 0)
PY
