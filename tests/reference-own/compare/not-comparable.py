# not-comparable.py NEW OLD COMPARISONS.csv - the questions (and knowledge
# variables) of the form folder NEW that kysely must list as not
# comparable with the older version in OLD, worked out here from the
# CSV sheets as kysely.1 words the rule (type, every label column, the
# choice list's names, values, scores and don't-know, the domain; only
# selects and numbers), checked against the rows of COMPARISONS.csv: the
# same set with method not_comparable and no numbers, and no compared row
# of any of them.
import csv, sys
def load(d):
    qs = {r["name"]: r for r in csv.DictReader(open(d + "/survey.csv", encoding="utf-8")) if r.get("name")}
    rows = list(csv.DictReader(open(d + "/choices.csv", encoding="utf-8")))
    has_dk = rows and "dont_know" in rows[0]
    lists = {}
    for r in rows:
        name = r["name"]
        v = r.get("value") or ""
        if not v:
            try: float(name); v = name
            except ValueError: v = ""
        sc = r.get("score") or ""
        dk = (r.get("dont_know") or "") == "yes" if has_dk else name == "dont_know"
        lists.setdefault(r["list_name"], []).append((name, float(sc) if sc else None, float(v) if v else None, dk))
    return qs, lists
cur, cl = load(sys.argv[1]); old, ol = load(sys.argv[2])
labels = [c for c in next(iter(cur.values())).keys() if c.startswith("label")]
def base(q): return q["type"].split()[0]
def lst(q, L): p = q["type"].split(); return L.get(p[1]) if len(p) > 1 else None
nc = set()
for name, q in cur.items():
    t = base(q)
    if t not in ("select_one", "select_multiple", "integer", "decimal", "range"):
        continue
    o = old.get(name)
    same = (o is not None and base(o) == t and all(q[c] == o.get(c, "") for c in labels)
            and lst(q, cl) == lst(o, ol) and (q.get("domain") or "") == (o.get("domain") or ""))
    if not same:
        nc.add(name)
        if any(c[1] is not None for c in (lst(q, cl) or [])):
            nc.add("knowledge")
            if q.get("domain"): nc.add("knowledge:" + q["domain"])
rows = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
listed = {r["variable"] for r in rows if r["method"] == "not_comparable"}
fail = []
if listed != nc:
    fail.append("listed but comparable: %s; not comparable but not listed: %s"
                % (sorted(listed - nc), sorted(nc - listed)))
for r in rows:
    if r["method"] == "not_comparable" and (r["difference"] or r["n_a"] or r["p_value"]):
        fail.append("%s: a not_comparable row with numbers" % r["variable"])
    if r["method"] != "not_comparable" and r["variable"] in nc:
        fail.append("%s: compared, yet not comparable" % r["variable"])
compared = {r["variable"] for r in rows if r["method"] != "not_comparable"}
if len(compared) < 10:
    fail.append("only %d variables compared" % len(compared))
if fail:
    print("\n".join(fail))
    sys.exit(1)
print("not comparable: %d listed as the rule says, %d variables compared" % (len(nc), len(compared)))
