#!/bin/sh
# model.sh - `kysely model` against R (tests/reference-own/model:
# make-expected.R wrote expected-models.csv and expected-fit.csv with lm
# and glm(family = binomial)) at rtol 1e-6, and its errors and warnings:
# svyglm under a design (runs "design", "poststratified", and with every
# respondent its own PSU "weighted", "stratified", "raked",
# "poststratified-rows"); unknown term, outcome of one
# level, no rows, a bad weight,
# bad formula, separation.
set -eu
here=$(cd "$(dirname "$0")/../reference-own/model" && pwd)
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
"$KYSELY" import "$here/form" --db "$tmp/m.db" "$here/responses.csv" >/dev/null 2>&1
"$KYSELY" model --db "$tmp/m.db" --digits 15 --pass-mark 50 --out "$tmp/default" \
	'sat ~ prof + region + years' 'sat ~ years + months' 'aware=yes ~ prof + years' \
	'score_pct ~ prof + region' 'knowledge:a ~ years' 'correct(k1) ~ prof + years' \
	'score ~ prof' 'pass ~ years' 'sat ~ site + age + prof'
"$KYSELY" model --db "$tmp/m.db" --digits 15 --ref prof=doctor --ref region=south \
	--out "$tmp/ref" 'aware=yes ~ prof + region'
"$KYSELY" model --db "$tmp/m.db" --digits 15 --weight wt --strata stratum --cluster psu \
	--out "$tmp/design" 'sat ~ prof + region + years' 'aware=yes ~ prof + years' 'score_pct ~ site + age'
"$KYSELY" model --db "$tmp/m.db" --digits 15 --weight wt --strata stratum --cluster psu \
	--poststratify "$here/population.csv" --out "$tmp/poststratified" 'sat ~ prof + years' 'aware=yes ~ years'
# every respondent its own PSU (the per-stratum moments of the scores)
"$KYSELY" model --db "$tmp/m.db" --digits 15 --weight wt --out "$tmp/weighted" \
	'sat ~ prof + region + years' 'aware=yes ~ prof + years'
"$KYSELY" model --db "$tmp/m.db" --digits 15 --weight wt --strata stratum --out "$tmp/stratified" \
	'sat ~ prof + region + years' 'aware=yes ~ prof + years'
"$KYSELY" model --db "$tmp/m.db" --digits 15 --weight wt --rake "$here/population.csv" \
	--rake "$here/population-prof.csv" --out "$tmp/raked" 'aware=yes ~ prof + years'
"$KYSELY" model --db "$tmp/m.db" --digits 15 --weight wt --poststratify "$here/population.csv" \
	--out "$tmp/poststratified-rows" 'sat ~ prof + years' 'aware=yes ~ prof + years'
python3 - "$here" "$tmp" <<'PY'
import csv, sys
here, tmp = sys.argv[1], sys.argv[2]
fail = []
def close(a, b):
    if b == "":
        return a == ""
    if a == "":
        return False
    return abs(float(a) - float(b)) <= 1e-9 + 1e-6 * abs(float(b))
def compare(name, expected, key, cols):
    got, seen = {}, 0
    for run in ("default", "ref", "design", "poststratified", "weighted", "stratified", "raked",
                "poststratified-rows"):
        rows = list(csv.DictReader(open("%s/%s/%s" % (tmp, run, name), encoding="utf-8")))
        for r in rows:
            got[(run,) + tuple(r[k] for k in key)] = r
        if name == "models.csv" and rows[0]["term"] != "(Intercept)":
            fail.append("%s: (Intercept) is not the first row" % run)
    for e in csv.DictReader(open("%s/%s" % (here, expected), encoding="utf-8")):
        k = (e["run"],) + tuple(e[c] for c in key)
        g = got.pop(k, None)
        if g is None:
            fail.append("%s: no row %s" % (name, k))
            continue
        seen += 1
        for c in cols:
            if not close(g[c], e[c]):
                fail.append("%s %s %s: got %r, R %r" % (name, k, c, g[c], e[c]))
    if got:
        fail.append("%s: rows R does not have: %s" % (name, sorted(got)))
    return seen
n = compare("models.csv", "expected-models.csv", ("model", "term", "level"),
            ("estimate", "std_error", "statistic", "df", "p_value", "conf_low", "conf_high",
             "odds_ratio", "or_low", "or_high", "n"))
m = compare("models-fit.csv", "expected-fit.csv", ("model",),
            ("n", "df_residual", "deviance", "null_deviance", "aic", "r_squared",
             "wald_statistic", "wald_df", "wald_p"))
for run in ("default", "design", "weighted", "stratified", "raked", "poststratified-rows"):
    for r in csv.DictReader(open("%s/%s/models.csv" % (tmp, run), encoding="utf-8")):
        want = "svyglm" if run != "default" else "glm" if r["family"] == "binomial" else "lm"
        if r["method"] != want or r["conf_level"] != "0.95":
            fail.append("method/conf_level of %s %s" % (r["model"], r["term"]))
if fail or n < 79 or m != 22:
    print("model: %d coefficients, %d fits compared" % (n, m))
    print("\n".join(fail[:30]))
    sys.exit(1)
PY

# errors: one line, the right exit code, no file left behind
expect_error() {  # CODE PATTERN ARGS...
	code=$1 pattern=$2
	shift 2
	set +e
	"$KYSELY" model --db "$tmp/m.db" --out "$tmp/err" "$@" 2>"$tmp/stderr"
	rc=$?
	set -e
	if [ "$rc" -ne "$code" ] || ! grep -q "$pattern" "$tmp/stderr" || [ "$(wc -l <"$tmp/stderr")" -ne 1 ] ||
		[ -e "$tmp/err/models.csv" ]; then
		echo "model: $* gave exit $rc (want $code) and:"
		cat "$tmp/stderr"
		exit 1
	fi
}
expect_error 2 "unknown variable 'nosuch'" 'sat ~ years + nosuch'
expect_error 1 "outcome 'region=west' has one level in the 132 rows used" 'region=west ~ years'
expect_error 1 "no weight ('sat')" --weight sat 'sat ~ years'
expect_error 2 "cannot be combined" --poststratify x.csv --rake y.csv 'sat ~ years'
expect_error 2 "not a formula" 'sat years'
expect_error 2 "'prof' has no level 'nope'" --ref prof=nope 'sat ~ prof'
expect_error 2 "outcome 'prof' is categorical" 'prof ~ years'
expect_error 2 "'pass' needs --pass-mark" 'pass ~ years'
expect_error 2 "give a formula" 
# a failing formula leaves no file even when an earlier one fitted
expect_error 2 "unknown variable 'nosuch'" 'sat ~ years' 'sat ~ nosuch'

# no rows, and complete separation warned as glm does: 20 respondents
# with no satisfaction whose awareness years separate exactly
python3 - "$here/responses.csv" "$tmp/sep.csv" <<'PY'
import csv, sys
src = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = src[0]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(h)
    for i, r in enumerate(src[1:21]):
        r[h.index("years")] = str(i + 1)
        r[h.index("aware")] = "yes" if i + 1 > 10 else "no"
        r[h.index("sat")] = ""
        w.writerow(r)
PY
"$KYSELY" import "$here/form" --db "$tmp/sep.db" "$tmp/sep.csv" >/dev/null 2>&1
set +e
"$KYSELY" model --db "$tmp/sep.db" --out "$tmp/sep" 'sat ~ years' 2>"$tmp/stderr"
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q "no respondent has the outcome and every term answered" "$tmp/stderr" ||
	{ echo "model: no rows gave exit $rc:"; cat "$tmp/stderr"; exit 1; }
"$KYSELY" model --db "$tmp/sep.db" --out "$tmp/sep" 'aware=yes ~ years' 2>"$tmp/stderr"
grep -q "fitted probabilities numerically 0 or 1 occurred" "$tmp/stderr" ||
	{ echo "model: separation not warned:"; cat "$tmp/stderr"; exit 1; }
[ "$(wc -l <"$tmp/sep/models.csv")" -eq 3 ] || { echo "model: separated fit not written"; exit 1; }
exit 0
