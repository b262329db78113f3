#!/bin/sh
# analyze-compare-errors.sh - a bad --compare is a one-line usage error
# (exit 2) and leaves no comparisons.csv: an unknown variable, a level no
# respondent has, more than two levels without =A:B, a --by variable;
# --min-cell blanks the comparison of a suppressed cell.
set -eu
here=$(cd "$(dirname "$0")/../reference-own/compare" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$KYSELY" import "$here/form" --db "$tmp/c.db" "$here/responses.csv" 2>/dev/null
fail() { echo "analyze-compare-errors: $*"; exit 1; }
expect_usage() {   # expect_usage PATTERN ARGS...
	pattern=$1
	shift
	rc=0
	"$KYSELY" analyze --db "$tmp/c.db" --out "$tmp/out" "$@" 2>"$tmp/err" || rc=$?
	[ "$rc" -eq 2 ] || fail "$*: exit $rc, not 2"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$*: not one line: $(cat "$tmp/err")"
	grep -q -- "$pattern" "$tmp/err" || fail "$*: no '$pattern' in: $(cat "$tmp/err")"
	[ ! -e "$tmp/out/comparisons.csv" ] || fail "$*: comparisons.csv written"
}
expect_usage "unknown variable 'nosuch'" --compare nosuch
expect_usage "no respondent has level '2014' of 'wave'" --compare wave=2014:2026
expect_usage "3 levels have respondents; name the two as --compare yn=A:B" --compare yn
expect_usage "give the levels as wave=A:B" --compare wave=2015
expect_usage "is also a --by variable" --compare grp --by grp
# three levels, two named: the order given is a then b
"$KYSELY" analyze --db "$tmp/c.db" --compare yn=no:yes --out "$tmp/yn"
awk -F, 'NR > 1 && ($8 != "no" || $9 != "yes") { bad = 1 } END { exit bad }' \
	"$tmp/yn/comparisons.csv" || fail "--compare yn=no:yes: groups not no, yes"
grep -q '^cmp_ref,num,Cases met,,,mean,yn,no,yes,' "$tmp/yn/comparisons.csv" ||
	fail "--compare yn=no:yes: no mean row of num"
# disclosure control: a cell below --min-cell leaves the comparison blank
# (the cells are those of --by grp --by wave)
"$KYSELY" analyze --db "$tmp/c.db" --compare wave --by grp --min-cell 12 --out "$tmp/mc"
"$KYSELY" analyze --db "$tmp/c.db" --by grp --by wave --min-cell 12 --out "$tmp/cells"
python3 - "$tmp/mc/comparisons.csv" "$tmp/cells/estimates.csv" <<'PY' || fail "--min-cell"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
est = {(r["variable"], r["level"], r["statistic"], r["group"]): r
       for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
sup = [r for r in rows if r["suppressed"] == "1"]
assert sup, "no suppressed comparison"
for r in rows:
    cells = [est.get((r["variable"], r["level"], r["statistic"], "%s:%s" % (r["group"], w)))
             for w in ("2015", "2026")]
    hidden = any(c is not None and c["suppressed"] == "1" for c in cells)
    assert hidden == (r["suppressed"] == "1"), r
    if hidden:
        assert r["difference"] == r["conf_low"] == r["p_value"] == r["estimate_a"] == "", r
print("suppressed comparisons: %d of %d" % (len(sup), len(rows)))
PY
