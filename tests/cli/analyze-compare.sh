#!/bin/sh
# analyze-compare.sh - `analyze --compare wave` against R
# (tests/reference-own/compare: make-expected.R wrote expected.csv with
# prop.test, t.test, svyby + svycontrast) at rtol 1e-6: whole sample and
# --by grp, unweighted, under a stratified weighted design, a clustered
# one and a post-stratified one.
set -eu
here=$(cd "$(dirname "$0")/../reference-own/compare" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$KYSELY" import "$here/form" --db "$tmp/c.db" "$here/responses.csv" 2>/dev/null
design="--strata st --weight wt"
"$KYSELY" analyze --db "$tmp/c.db" --compare wave --digits 15 --out "$tmp/srs"
"$KYSELY" analyze --db "$tmp/c.db" --compare wave=2015:2026 --by grp --digits 15 --out "$tmp/srs_by"
"$KYSELY" analyze --db "$tmp/c.db" --compare wave $design --digits 15 --out "$tmp/svy"
"$KYSELY" analyze --db "$tmp/c.db" --compare wave $design --by grp --digits 15 --out "$tmp/svy_by"
# clustered (st as PSUs) and post-stratified (population.csv) designs
"$KYSELY" analyze --db "$tmp/c.db" --compare wave --cluster st --weight wt --digits 15 --out "$tmp/clu"
"$KYSELY" analyze --db "$tmp/c.db" --compare wave --poststratify "$here/population.csv" \
	--digits 15 --out "$tmp/ps"
python3 "$here/check.py" "$here/expected.csv" "$tmp" srs srs_by svy svy_by clu ps
