#!/bin/sh
# The brief's "who answered" line counts the store, not the analysis:
# respondents, complete and partial, and the dates of the first start and
# the last completion (a partial response's start), as the responses
# files imported say, also with --complete-only (which narrows only the
# numbers of the analysis).
set -eu
. "$SRCDIR/tests/cli/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
form="$SRCDIR/surveys/ht-needs"
samples="$SRCDIR/data-samples"
for wave in 2015 2026; do
	expect_exit 0 "$KYSELY" import "$form" --db "$T/w.db" "$samples/ht-needs-$wave-synthetic.csv" \
		--set wave=$wave
done
for opts in "" "--complete-only"; do
	expect_exit 0 "$KYSELY" report --db "$T/w.db" $opts --lang en -o "$T/r.html"
	python3 - "$T/r.html" "$samples/ht-needs-2015-synthetic.csv" \
		"$samples/ht-needs-2026-synthetic.csv" <<'PY' || fail "who answered ($opts)"
import csv, re, sys
rows = [r for f in sys.argv[2:] for r in csv.DictReader(open(f, encoding="utf-8"))]
complete = sum(r["status"] == "complete" for r in rows)
first = min(r["started"][:10] for r in rows if r["started"])
last = max((r["completed"] or r["started"])[:10] for r in rows if r["completed"] or r["started"])
text = re.sub(r"<[^>]*>", "", open(sys.argv[1], encoding="utf-8").read())
want = "Respondents: %d (%d complete, %d partial)" % (len(rows), complete, len(rows) - complete)
assert want in text, "no '%s'" % want
assert "%s–%s" % (first, last) in text, "no dates %s–%s" % (first, last)
assert len(rows) - complete > 0, "the sample has no partial response to count"
PY
done
exit 0
