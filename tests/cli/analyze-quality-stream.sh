#!/bin/sh
# quality.csv computed in analyze's own scan (quality.h, "streamed") is
# the table --exclude-flagged's separate pass computes, on both read
# paths (sums and --plan columns) and with --complete-only
# (the table lists every respondent of the version either way); its
# speeders are the complete respondents faster than a third of the
# median time, counted here from the CSV by Python.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
need python3

"$KYSELY" simulate "$SRCDIR/surveys/ht-needs" -n 3000 --seed 11 -o "$T/in.csv" ||
	fail "simulate"
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/db" "$T/in.csv" >/dev/null 2>&1 ||
	fail "import"

"$KYSELY" analyze --db "$T/db" --out "$T/stream" 2>"$T/err" || fail "analyze: $(cat "$T/err")"
"$KYSELY" analyze --db "$T/db" --out "$T/ex" --exclude-flagged 2>"$T/err" ||
	fail "--exclude-flagged: $(cat "$T/err")"
"$KYSELY" analyze --db "$T/db" --out "$T/co" --complete-only --by profession 2>"$T/err" ||
	fail "--complete-only: $(cat "$T/err")"
"$KYSELY" analyze --db "$T/db" --plan columns --out "$T/cols" 2>"$T/err" ||
	fail "columns: $(cat "$T/err")"
for d in ex co cols; do
	cmp -s "$T/stream/quality.csv" "$T/$d/quality.csv" ||
		fail "quality.csv of $d differs: $(diff "$T/stream/quality.csv" "$T/$d/quality.csv" | head -5)"
done

python3 - "$T/in.csv" "$T/stream/quality.csv" <<'PY' || fail "speeders or straight-liners"
import csv, statistics, sys
from datetime import datetime
def secs(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
times = [secs(r["completed"]) - secs(r["started"])
         for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
         if r["status"] == "complete" and r["started"] and r["completed"]]
median = statistics.median(times)
speeders = sum(t < median / 3 for t in times)
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
got = sum(r["speeder"] == "1" for r in rows)
lined = sum(r["straightliner"] == "1" for r in rows)
assert float(rows[0]["median_seconds"]) == median, (rows[0]["median_seconds"], median)
assert got == speeders and got > 0, (got, speeders)
assert lined > 0, "no straight-liner in the sample"
PY
exit 0
