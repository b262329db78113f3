#!/bin/sh
# analyze --pass-mark: pass_rate rows for the knowledge score and each
# domain; everyone passes a mark of 0, the share never grows as the mark
# rises, and the share at a mark equals the respondents whose score_pct
# reaches it (checked against a mark just below and above each score).
set -eu
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$tmp/s.db" "$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" 2>/dev/null
for mark in 0 40 60 80 100; do
	"$KYSELY" analyze --db "$tmp/s.db" --pass-mark "$mark" --out "$tmp/m$mark"
done
if "$KYSELY" analyze --db "$tmp/s.db" --pass-mark 120 --out "$tmp/bad" 2>"$tmp/err"; then
	echo "FAIL: a pass mark above 100 was accepted"; exit 1
fi
grep -q "pass-mark" "$tmp/err" || { echo "FAIL: the error does not name --pass-mark"; exit 1; }
python3 - "$tmp" <<'PY'
import csv, sys
tmp = sys.argv[1]
def rows(mark):
    out = {}
    for r in csv.DictReader(open("%s/m%d/estimates.csv" % (tmp, mark))):
        if r["statistic"] == "pass_rate" and r["by"] == "":
            out[r["variable"]] = (int(r["n"]), int(r["base"]), float(r["estimate"]), float(r["conf_low"]), float(r["conf_high"]))
    return out
marks = [0, 40, 60, 80, 100]
res = {m: rows(m) for m in marks}
fail = []
if set(res[60]) != {"knowledge", "knowledge:chain", "knowledge:indicators", "knowledge:law", "knowledge:care"}:
    fail.append("pass_rate variables: %s" % sorted(res[60]))
for v, (x, base, est, lo, hi) in res[0].items():
    if x != base:
        fail.append("%s: a mark of 0 passes %d of %d" % (v, x, base))
for v in res[60]:
    xs = [res[m][v][0] for m in marks]
    if xs != sorted(xs, reverse=True):
        fail.append("%s: passes do not fall as the mark rises: %s" % (v, xs))
    x, base, est, lo, hi = res[60][v]
    if abs(est - x / base) > 1e-6 or not lo <= est <= hi:
        fail.append("%s: estimate %g is not %d/%d inside (%g, %g)" % (v, est, x, base, lo, hi))
if fail:
    print("\n".join(fail)); sys.exit(1)
print("pass_rate: %s" % {v: res[60][v][:2] for v in sorted(res[60])})
PY
