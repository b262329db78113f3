#!/bin/sh
# analyze-paired.sh - `analyze --paired phase=pre:post --link linkage_code
# --by profession` against R (tests/reference-own/paired: make-expected.R
# wrote expected.csv with binom.test, t.test(paired = TRUE) and
# wilcox.test(paired = TRUE) in its exact and normal regimes) at rtol
# 1e-6, and the counts of unlinked respondents, near misses and
# duplicated codes.
set -eu
here=$(cd "$(dirname "$0")/../reference-own/paired" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$KYSELY" import "$here/form" --db "$tmp/p.db" "$here/responses.csv" 2>/dev/null
"$KYSELY" analyze --db "$tmp/p.db" --paired phase=pre:post --link linkage_code --by profession \
	--adjust none --digits 15 --out "$tmp/out" 2>"$tmp/err"
grep -q "1 near miss (codes differing in one part) not linked" "$tmp/err" ||
	{ echo "analyze-paired: no near-miss warning: $(cat "$tmp/err")"; exit 1; }
grep -q "2 respondents whose code repeats within a phase not linked" "$tmp/err" ||
	{ echo "analyze-paired: no duplicate warning: $(cat "$tmp/err")"; exit 1; }
python3 - "$here/expected.csv" "$tmp/out/paired.csv" <<'PY'
import csv, sys
expected, got_path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(got_path, encoding="utf-8")))
want_cols = ["form", "variable", "level", "statistic", "n_pairs", "estimate_pre", "estimate_post",
             "difference", "std_error", "conf_low", "conf_high", "conf_level", "p_value",
             "p_adjusted", "adjust_method", "test", "effect_size", "normalized_gain", "suppressed"]
fail = []
header = next(csv.reader(open(got_path, encoding="utf-8")))
if header != want_cols:
    fail.append("columns %r" % header)
got = {(r["variable"], r["level"], r["statistic"], r["test"]): r for r in rows}
def close(a, b):
    if b == "":
        return a == ""
    if a == "":
        return False
    return abs(float(a) - float(b)) <= 1e-9 + 1e-6 * abs(float(b))
n = 0
exp = list(csv.DictReader(open(expected, encoding="utf-8")))
for e in exp:
    key = (e["variable"], e["level"], e["statistic"], e["test"])
    g = got.get(key)
    if g is None:
        fail.append("%s: no row" % (key,))
        continue
    for col in ("n_pairs", "estimate_pre", "estimate_post", "difference", "std_error",
                "conf_low", "conf_high", "p_value", "effect_size", "normalized_gain"):
        n += 1
        if not close(g[col], e[col]):
            fail.append("%s %s: kysely %r, R %r" % (key, col, g[col], e[col]))
if len(rows) != len(exp):
    fail.append("%d rows, R has %d" % (len(rows), len(exp)))
for r in rows:
    if r["test"] and r["p_adjusted"] != r["p_value"]:
        fail.append("--adjust none changed a p-value: %r" % (r,))
if fail:
    print("\n".join(fail[:30]))
    sys.exit(1)
print("analyze-paired: %d numbers equal R's at rtol 1e-6" % n)
PY
# Holm over the file: every adjusted p at least its p
"$KYSELY" analyze --db "$tmp/p.db" --paired phase=pre:post --link linkage_code \
	--out "$tmp/holm" 2>/dev/null
python3 - "$tmp/holm/paired.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["test"]]
bad = [r for r in rows if r["p_value"] and (r["adjust_method"] != "holm" or
       float(r["p_adjusted"]) < float(r["p_value"]) - 1e-12)]
if bad or not any(float(r["p_adjusted"]) > float(r["p_value"]) for r in rows if r["p_value"]):
    print("analyze-paired: holm not applied over the file")
    sys.exit(1)
PY
# disclosure control: the doctors' five pairs are below --min-cell 6, and
# the next smallest group goes too (secondary suppression)
"$KYSELY" analyze --db "$tmp/p.db" --paired phase=pre:post --link linkage_code --by profession \
	--min-cell 6 --out "$tmp/sup" 2>/dev/null
python3 - "$tmp/sup/paired.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
doc = [r for r in rows if r["level"] == "profession=doctor"]
if not doc or any(r["suppressed"] != "1" or r["estimate_pre"] or r["p_value"] for r in doc):
    print("analyze-paired: the doctors' rows are not suppressed")
    sys.exit(1)
score = [r for r in rows if r["variable"] == "knowledge" and r["test"] == "t-paired" and r["level"]]
if sum(r["suppressed"] == "1" for r in score) < 2:
    print("analyze-paired: one suppressed group left alone: %r" % score)
    sys.exit(1)
PY
exit 0
