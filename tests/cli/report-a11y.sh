#!/bin/sh
# Accessibility of the report: axe-core (WCAG 2.0/2.1 A and AA rules and
# the best practices) run in Debian's Chromium through puppeteer-core,
# both installed from the npm registry by `npm ci` from the committed
# tests/report-a11y/package-lock.json, finds no violation on the sample
# study's report in en, fi and sv (by profession, and without groups),
# and the page requests nothing from the network.
# Skips (77) only when npm, node or Chromium is absent.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for tool in npm node; do
	command -v $tool >/dev/null || { echo "$tool not installed: accessibility not checked"; exit 77; }
done
browser=$(command -v chromium || true)
[ -n "$browser" ] || { echo "chromium not installed: accessibility not checked"; exit 77; }

mkdir "$T/a11y"
cp "$SRCDIR/tests/report-a11y/package.json" "$SRCDIR/tests/report-a11y/package-lock.json" \
	"$SRCDIR/tests/report-a11y/check.js" "$T/a11y/"
( cd "$T/a11y" && npm ci --no-audit --no-fund --ignore-scripts --cache "$T/npm-cache" ) >"$T/npm.log" 2>&1 ||
	{ cat "$T/npm.log"; fail "npm ci of tests/report-a11y failed"; }

"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/s.db" \
	"$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" >/dev/null 2>&1 || fail "import"
for lang in en fi sv; do
	"$KYSELY" report --db "$T/s.db" --by profession --lang $lang -o "$T/report-$lang.html" || fail "report $lang"
done
"$KYSELY" report --db "$T/s.db" --lang fi -o "$T/report-whole.html" || fail "report without groups"
CHROMIUM=$browser HOME=$T timeout 600 node "$T/a11y/check.js" "$T"/report-*.html >"$T/axe.log" 2>&1 ||
	{ cat "$T/axe.log"; fail "axe-core found violations"; }
cat "$T/axe.log"
