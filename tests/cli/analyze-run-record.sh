#!/bin/sh
# analyze writes DIR/run.csv: kysely's version, the form (id, version and
# the SHA-256 the store keeps of it), the database, the time, every option
# with the value in force (defaults included), the Borich bootstrap seed
# and the respondents read and used. Checked for a run with defaults and
# one with options, against the import's count, the store and the clock.
set -eu
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 CLI"; exit 77; }
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$tmp/s.db" \
	"$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" 2>"$tmp/import.err"
imported=$(sed -n 's/.*imported \([0-9]*\) rows.*/\1/p' "$tmp/import.err")
complete=$(sqlite3 "$tmp/s.db" "SELECT count(*) FROM response WHERE status = 'complete'")
sha=$(sqlite3 "$tmp/s.db" "SELECT sha FROM form")
form=$(sqlite3 "$tmp/s.db" "SELECT form_id || ',' || version FROM form")
version=$("$KYSELY" --version | sed 's/^kysely //')
before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
"$KYSELY" analyze --db "$tmp/s.db" --out "$tmp/plain"
"$KYSELY" analyze --db "$tmp/s.db" --out "$tmp/opts" --by profession --by region \
	--method korn-graubard --level 0.9 --digits 4 --adjust BH --published \
	--complete-only --pass-mark 60 --lang sv --plan columns --threads 2 \
	--poststratify "$SRCDIR/data-samples/population-by-profession-synthetic.csv"
after=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for d in plain opts; do
	perm=$(stat -c %a "$tmp/$d/run.csv")
	[ "$perm" = 600 ] || { echo "FAIL: $d/run.csv is $perm, not 600"; exit 1; }
done
python3 - "$tmp" "$imported" "$complete" "$sha" "$form" "$version" "$before" "$after" \
	"$SRCDIR/data-samples/population-by-profession-synthetic.csv" <<'PY'
import csv, os, sys
tmp, imported, complete, sha, form, version, before, after, pop = sys.argv[1:]
form_id, form_version = form.split(",")
keys = ["kysely_version", "form_id", "form_version", "form_sha256", "database", "out",
        "started", "by", "method", "level", "design", "weight", "strata", "cluster",
        "fpc", "lonely_psu", "plan", "threads", "poststratify", "rake", "min_cell", "published", "lang",
        "digits", "adjust", "pass_mark", "compare", "complete_only", "exclude_flagged", "bootstrap_seed",
        "bootstrap_resamples", "respondents_read", "respondents_used"]
common = {"kysely_version": version, "form_id": form_id, "form_version": form_version,
          "form_sha256": sha, "database": tmp + "/s.db", "weight": "", "strata": "",
          "cluster": "", "fpc": "", "lonely_psu": "fail", "rake": "", "compare": "",
          "bootstrap_seed": "20240601", "bootstrap_resamples": "2000", "exclude_flagged": "no",
          "respondents_read": imported}
want = {
    "plain": dict(common, out=tmp + "/plain", by="", method="wilson", level="0.95",
                  design="no", plan="auto", threads=str(os.cpu_count()), poststratify="", min_cell="0", published="no", lang="fi",
                  digits="6", adjust="holm", pass_mark="", complete_only="no",
                  respondents_used=imported),
    "opts": dict(common, out=tmp + "/opts", by="profession:region", method="korn-graubard",
                 level="0.9", design="yes", plan="columns", threads="2", poststratify=pop, min_cell="5", published="yes",
                 lang="sv", digits="4", adjust="BH", pass_mark="60", complete_only="yes",
                 respondents_used=complete),
}
fail = []
if not imported or int(imported) < 100 or int(complete) >= int(imported):
    fail.append("the sample was not imported as expected: %s rows, %s complete" % (imported, complete))
for run, expect in want.items():
    with open("%s/%s/run.csv" % (tmp, run), newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["key", "value"]:
        fail.append("%s: header %s" % (run, rows[0]))
    got = [r[0] for r in rows[1:]]
    if got != keys:
        fail.append("%s: keys %s" % (run, got))
    values = {r[0]: r[1] for r in rows[1:]}
    for k, v in expect.items():
        if values.get(k) != v:
            fail.append("%s: %s is %r, not %r" % (run, k, values.get(k), v))
    if not before <= values.get("started", "") <= after:
        fail.append("%s: started %r is not between %s and %s" % (run, values.get("started"), before, after))
if fail:
    print("\n".join(fail)); sys.exit(1)
print("run.csv: %d keys, %s respondents read" % (len(keys), imported))
PY
