#!/bin/sh
# --min-cell on the derived share rows (issue 15; statistics.md,
# "Disclosure control"): a group's top2 count x is published only when
# x >= T and base - x >= T, and a suppressed group never stands alone
# among the groups of its variable (else the whole-sample row and the
# other groups would give it back); a mean, alpha or mwds row of a group
# whose base is below T is blank whole. The sample study by profession.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$KYSELY" import "$src/surveys/ht-needs" --db "$tmp/s.db" \
	"$src/data-samples/ht-needs-2015-synthetic.csv" >/dev/null 2>&1
"$KYSELY" analyze --db "$tmp/s.db" --by profession --min-cell 10 --out "$tmp/sup" 2>/dev/null
python3 - "$tmp/sup/estimates.csv" <<'PY'
import csv, sys
T = 10
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
fail, blanks, shown = [], 0, 0
groups = {}
for r in rows:
    if r["by"] != "profession":
        continue
    if r["statistic"] == "top2":
        groups.setdefault(r["variable"], []).append(r)
        if r["n"] == "":
            blanks += 1
            if r["estimate"] != "" or r["conf_low"] != "" or r["suppressed"] != "1":
                fail.append("%s %s: suppressed top2 still shows %r" % (r["variable"], r["group"], r["estimate"]))
        else:
            shown += 1
            x, base = float(r["n"]), float(r["base"])
            if x < T or base - x < T:
                fail.append("%s %s: top2 %g of %g published" % (r["variable"], r["group"], x, base))
    elif r["statistic"] in ("mean", "alpha", "mwds", "score") and r["base"] != "" \
            and float(r["base"]) < T and r["estimate"] != "":
        fail.append("%s %s: %s of base %s published" % (r["variable"], r["group"], r["statistic"], r["base"]))
for v, g in groups.items():
    if [r["n"] for r in g].count("") == 1:
        fail.append("%s: one group's top2 blank alone" % v)
if blanks == 0 or shown == 0:
    fail.append("top2 by profession: %d blank, %d shown" % (blanks, shown))
for f in fail[:20]:
    print("FAIL:", f)
sys.exit(1 if fail else 0)
PY
