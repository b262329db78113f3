#!/bin/sh
# analyze-knowledge.sh - the knowledge gap profile (share_correct,
# share_incorrect, share_dont_know, share_missing) and reliability (alpha,
# sem) of `knowledge` and its domains, whole sample and by group,
# unweighted and weighted, against R (tests/reference-own/knowledge:
# make-expected.R wrote expected.csv with survey and psych) at rtol 1e-6.
set -eu
here=$(cd "$(dirname "$0")/../reference-own/knowledge" && pwd)
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
"$KYSELY" import "$here/form" --db "$tmp/k.db" "$here/responses.csv" 2>/dev/null
"$KYSELY" analyze --db "$tmp/k.db" --by grp --digits 15 --out "$tmp/srs"
"$KYSELY" analyze --db "$tmp/k.db" --by grp --weight wt --digits 15 --out "$tmp/weighted"
# the report names who holds the data (the settings the notes show)
"$KYSELY" report --db "$tmp/k.db" -o "$tmp/report.html"
grep -qF '<th>Data controller</th><td>Test Agency &lt;R&amp;D&gt;</td>' "$tmp/report.html" ||
	{ echo "analyze-knowledge: the report does not name the controller"; exit 1; }
grep -qF '<th>Answers kept</th><td>until 2031</td>' "$tmp/report.html" ||
	{ echo "analyze-knowledge: the report does not say how long answers are kept"; exit 1; }
python3 - "$here/expected.csv" "$tmp" <<'PY'
import csv, math, sys
expected, tmp = sys.argv[1], sys.argv[2]
got = {}
for run in ("srs", "weighted"):
    for r in csv.DictReader(open("%s/%s/estimates.csv" % (tmp, run), encoding="utf-8")):
        got[(run, r["variable"], r["by"], r["group"], r["statistic"])] = r
fail, n = [], 0
def close(a, b):
    if b == "":
        return a == ""
    if a == "":
        return False
    return abs(float(a) - float(b)) <= 1e-9 + 1e-6 * abs(float(b))
for e in csv.DictReader(open(expected, encoding="utf-8")):
    key = (e["run"], e["variable"], e["by"], e["group"], e["statistic"])
    g = got.get(key)
    if g is None:
        fail.append("%s: no row" % (key,))
        continue
    for col in ("estimate", "std_error", "conf_low", "conf_high"):
        n += 1
        if not close(g[col], e[col]):
            fail.append("%s %s: kysely %r, R %r" % (key, col, g[col], e[col]))
stats = {k[4] for k in got if k[1].startswith("knowledge")}
for s in ("share_correct", "share_incorrect", "share_dont_know", "share_missing", "alpha", "sem"):
    if s not in stats:
        fail.append("no %s rows" % s)
if fail:
    print("\n".join(fail[:30]))
    sys.exit(1)
print("analyze-knowledge: %d numbers equal R's at rtol 1e-6" % n)
PY
