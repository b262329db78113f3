#!/usr/bin/env python3
"""small-cells.py ESTIMATES.csv T - checks the disclosure control of
statistics.md on the proportions of an `analyze --min-cell T` run: a count
x with 0 < x < T or 0 < n - x < T is suppressed (primary); no row (a level
across the groups of a by variable) or column (the levels of one group)
holds exactly one suppressed cell (secondary); a suppressed row shows no
count or estimate. Prints each problem; exit 1 when there is one."""
import collections
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1], newline="")))
t = int(sys.argv[2])
bad, n_suppressed = [], 0
columns, levels = collections.defaultdict(list), collections.defaultdict(list)
for r in rows:
    if r["statistic"] != "proportion":
        continue
    where = f"{r['variable']} by '{r['by']}' group '{r['group']}' level '{r['level']}'"
    suppressed = r["suppressed"] == "1"
    n_suppressed += suppressed
    if suppressed:
        for k in ("n", "estimate", "std_error", "conf_low", "conf_high"):
            if r[k] != "":
                bad.append(f"{where}: suppressed but {k} = {r[k]}")
    else:
        x, n = int(r["n"]), int(r["base"])
        if 0 < x < t or 0 < n - x < t:
            bad.append(f"{where}: x = {x} of n = {n} not suppressed")
    if r["by"]:
        columns[(r["variable"], r["by"], r["group"])].append(suppressed)
        levels[(r["variable"], r["by"], r["level"])].append(suppressed)
for kind, table in (("group", columns), ("level", levels)):
    for key, cells in table.items():
        if sum(cells) == 1:
            bad.append(f"{kind} {key}: one suppressed cell, recoverable from the total")
print("\n".join(bad))
print(f"small-cells: {n_suppressed} suppressed proportions, {len(bad)} problems")
sys.exit(1 if bad or n_suppressed == 0 else 0)
