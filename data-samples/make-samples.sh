#!/bin/sh
# make-samples.sh - regenerates the SYNTHETIC sample files of this folder.
#
#   data-samples/make-samples.sh [KYSELY [OUTDIR]]  (from the top of the source tree)
#
# Every file is made by kysely itself from a fixed seed, then by the awk
# programs below, so running this again gives the same bytes;
# tests/cli/data-samples.sh checks that the committed samples are what
# this script writes. Nothing here is real survey data.
set -eu
KYSELY=${1:-kysely}
out=${2:-data-samples}
case $KYSELY in */*) KYSELY=$(cd "$(dirname "$KYSELY")" && pwd)/$(basename "$KYSELY") ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
cd "$(dirname "$0")/.."
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# The study: 242 respondents, as the 2015 survey had, in March 2015; the
# knowledge items then get the difficulties of a real pilot (easy, hard
# and misconceived items; see item-difficulty.awk).
"$KYSELY" simulate surveys/ht-needs -n 242 --seed 2015 -o "$tmp"
awk -f data-samples/item-difficulty.awk "$tmp" > "$out/ht-needs-2015-synthetic.csv"

# A second wave for the comparison walkthrough: 180 respondents in
# March 2026, the same items a little easier (logit + 0.5: the trainings
# of the years between).
"$KYSELY" simulate surveys/ht-needs -n 180 --seed 2026 --start-date 2026-03-02 -o "$tmp"
awk -v seed=2026 -v gain=0.5 -f data-samples/item-difficulty.awk "$tmp" \
	> "$out/ht-needs-2026-synthetic.csv"

# The bad-rows file for the import walkthrough: eight good respondents of
# another seed, then one deliberate mistake per row (awk edits the fields
# by column name, so the file follows the form; the fields edited and
# those before them hold no quoted commas).
"$KYSELY" simulate surveys/ht-needs -n 16 --seed 77 --partial 0 --missing 0 -o "$tmp"
awk -F, -v OFS=, '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
	NR == 2 { good = $0 }
	NR <= 9 { print; next }
	NR == 10 { $col["profession"] = "astronaut" }
	NR == 11 { $col["experience"] = "12" }
	NR == 12 { $col["started"] = "03/03/2015 08:20" }
	NR == 13 { $col["region"] = "" }
	NR == 14 { $0 = good }
	NR == 15 { $col["met_suspected"] = "yes"; $col["met_count"] = "0" }
	NR == 16 { NF = 20 }
	NR == 17 { $col["k_chain_border"] = "" }
	{ print }
' "$tmp" > "$out/ht-needs-bad-rows-synthetic.csv"

# The training study: 64 trainees of one course, before (September 2026)
# and after it (October); training.awk adds the after rows, the phase and
# stand-in linkage codes (some trainees unlinked, three near misses).
"$KYSELY" simulate surveys/ht-needs -n 64 --seed 2026 --partial 0 --start-date 2026-09-07 \
	--days 5 -o "$tmp"
awk -f data-samples/item-difficulty.awk "$tmp" | awk -f data-samples/training.awk \
	> "$out/ht-needs-training-synthetic.csv"
