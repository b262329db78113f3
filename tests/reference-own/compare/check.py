# check.py EXPECTED DIR RUN... - compares DIR/RUN/comparisons.csv with the
# rows of R's expected file (make-expected.R) at rtol 1e-6: every R row
# must be there with equal numbers, and kysely may have no compared row R
# lacks (rows with method not_comparable are the caller's to check).
import csv, sys
expected, tmp, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
cols = ("n_a", "n_b", "estimate_a", "estimate_b", "difference", "std_error",
        "conf_low", "conf_high", "p_value", "p_adjusted")
def close(a, b):
    if b in ("", "NA"):
        return a == ""
    if a == "":
        return False
    return abs(float(a) - float(b)) <= 1e-9 + 1e-6 * abs(float(b))
got, fail, n = {}, [], 0
for run in runs:
    for r in csv.DictReader(open("%s/%s/comparisons.csv" % (tmp, run), encoding="utf-8")):
        if r["method"] == "not_comparable":
            continue
        want = ("newcombe", "welch") if run.startswith("srs") else ("svy",)
        if r["method"] not in want:
            fail.append("%s %s %s: method %s" % (run, r["variable"], r["statistic"], r["method"]))
        got[(run, r["variable"], r["level"], r["statistic"], r["group"])] = r
seen = set()
for e in csv.DictReader(open(expected, encoding="utf-8")):
    if e["run"] not in runs:
        continue
    key = (e["run"], e["variable"], e["level"], e["statistic"], e["group"])
    seen.add(key)
    g = got.get(key)
    if g is None:
        fail.append("%s: no row" % (key,))
        continue
    for col in cols:
        n += 1
        if not close(g[col], e[col]):
            fail.append("%s %s: kysely %r, R %r" % (key, col, g[col], e[col]))
for key in got:
    if key not in seen:
        fail.append("%s: a row R does not have" % (key,))
if fail:
    print("\n".join(fail[:40]))
    sys.exit(1)
print("compare: %d numbers of %d rows equal R's at rtol 1e-6" % (n, len(seen)))
