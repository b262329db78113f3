#!/bin/sh
# analyze-repeats.sh - a repeat's questions estimated over its instances
# with the respondent as the cluster (interfaces.md section 5), against R
# (tests/reference-own/repeats: make-expected.R wrote expected.csv with
# survey's svydesign(ids = ~respondent), svyciprop, svymean, svyquantile;
# expected-tests.csv the Rao-Scott tests against --by, svychisq)
# at rtol 1e-10: unweighted and weighted with --by grp, with --strata,
# and with --strata and --cluster (respondents nested in clusters), for
# the repeat `person` and the nested `trip`; `repeat` names the
# repeat and `respondents` counts the respondents in the base. The
# top-level rows keep `repeat` empty and no repeat question is analysed
# as a top-level variable (nor groups by --by).
set -eu
here=$(cd "$(dirname "$0")/../reference-own/repeats" && pwd)
. "$SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null || skip "no python3"
db=$T/r.db
(cd "$here" && "$KYSELY" import form --db "$db" responses.csv) >/dev/null 2>&1 ||
	fail "import of the reference responses"
# Until import reads the repeat files (responses-REPEAT.csv) the
# instances are written as the store keeps them (store-repeat.h): a
# record of the form's slots, each a varint length then the bytes.
python3 - "$db" "$here" <<'PY'
import csv, re, sqlite3, sys
db, here = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
if con.execute("SELECT count(*) FROM repeat_instance").fetchone()[0]:
    sys.exit(0)
slots = []
for r in csv.DictReader(open(here + "/form/survey.csv", encoding="utf-8")):
    if not re.match(r"(begin|end)_(repeat|group)$|note$", r["type"].split()[0]):
        slots.append(r["name"])
def record(row):
    out = bytearray()
    for name in slots:
        v = (row.get(name) or "").encode()
        n = len(v)
        while True:
            out.append((n & 0x7f) | (0x80 if n > 0x7f else 0))
            n >>= 7
            if not n:
                break
        out += v
    return bytes(out)
ids = {}
for rep in ("person", "trip"):
    for row in csv.DictReader(open("%s/responses-%s.csv" % (here, rep), encoding="utf-8")):
        resp = con.execute("SELECT id FROM response WHERE uuid = ?", (row["respondent"],)).fetchone()[0]
        pos = int(re.search(r"\[(\d+)\]$", row["key"]).group(1))
        cur = con.execute("INSERT INTO repeat_instance(response, parent, repeat, position, answers)"
                          " VALUES (?, ?, ?, ?, ?)",
                          (resp, ids.get(row["parent"]), rep, pos, record(row)))
        ids[row["key"]] = cur.lastrowid
con.commit()
PY
# a repeat's question groups no respondents
expect_exit 2 "$KYSELY" analyze --db "$db" --by sex --out "$T/x"
grep -qF "'sex' is a question of repeat 'person'" "$T/err" || fail "--by sex: $(cat "$T/err")"
"$KYSELY" analyze --db "$db" --by grp --digits 15 --out "$T/u"
# the report names the repeat after its questions' labels
"$KYSELY" report --db "$db" -o "$T/r.html" 2>/dev/null
grep -qF 'Mode of travel [Trip of the person]' "$T/r.html" || fail "the report does not name the repeat"
"$KYSELY" analyze --db "$db" --by grp --weight wt --digits 15 --out "$T/w"
"$KYSELY" analyze --db "$db" --strata st --weight wt --digits 15 --out "$T/s"
"$KYSELY" analyze --db "$db" --strata st --cluster psu --weight wt --digits 15 --out "$T/c"
python3 - "$here/expected.csv" "$T" <<'PY'
import csv, sys
expected, tmp = sys.argv[1], sys.argv[2]
got, fail, n = {}, [], 0
for run in ("u", "w", "s", "c"):
    for r in csv.DictReader(open("%s/%s/estimates.csv" % (tmp, run), encoding="utf-8")):
        key = (run, r["repeat"], r["variable"], r["by"], r["group"], r["level"], r["statistic"])
        if key in got:
            fail.append("%s: twice" % (key,))
        got[key] = r
        if r["repeat"] == "" and r["variable"] in ("sex", "age", "langs", "km", "mode"):
            fail.append("%s: a repeat's question as a top-level variable" % (key,))
def close(a, b):
    if b == "":
        return a == ""
    if a == "":
        return False
    return abs(float(a) - float(b)) <= 1e-12 + 1e-10 * abs(float(b))
exp = list(csv.DictReader(open(expected, encoding="utf-8")))
for e in exp:
    key = (e["run"], e["repeat"], e["variable"], e["by"], e["group"], e["level"], e["statistic"])
    g = got.get(key)
    if g is None:
        fail.append("%s: no row" % (key,))
        continue
    for col in ("n", "base", "respondents", "estimate", "std_error", "conf_low", "conf_high"):
        n += 1
        if not close(g[col], e[col]):
            fail.append("%s %s: kysely %r, R %r" % (key, col, g[col], e[col]))
    want = {"proportion": "logit", "mean": "t", "median": "woodruff"}[e["statistic"]]
    if g["method"] != want:
        fail.append("%s: method %r" % (key, g["method"]))
rows = sum(1 for k in got if k[1])
if rows != len(exp):
    fail.append("kysely wrote %d repeat rows, R %d" % (rows, len(exp)))
tests = {}
for run in ("u", "w"):
    for r in csv.DictReader(open("%s/%s/tests.csv" % (tmp, run), encoding="utf-8")):
        tests[(run, r["repeat"], r["variable"], r["by"], r["level"], r["test"])] = r
exp = list(csv.DictReader(open(expected.replace(".csv", "-tests.csv"), encoding="utf-8")))
for e in exp:
    key = (e["run"], e["repeat"], e["variable"], e["by"], e["level"], e["test"])
    g = tests.get(key)
    if g is None:
        fail.append("tests %s: no row" % (key,))
        continue
    for col in ("statistic", "df", "df2", "p_value", "n"):
        n += 1
        if not close(g[col], e[col]):
            fail.append("tests %s %s: kysely %r, R %r" % (key, col, g[col], e[col]))
if sum(1 for k in tests if k[1]) != len(exp):
    fail.append("kysely wrote %d repeat tests, R %d" % (sum(1 for k in tests if k[1]), len(exp)))
if fail:
    print("\n".join(fail[:30]))
    sys.exit(1)
print("analyze-repeats: %d numbers equal R's at rtol 1e-10" % n)
PY
