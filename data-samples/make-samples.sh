#!/bin/sh
# make-samples.sh - regenerates the SYNTHETIC sample files of this folder.
#
#   data-samples/make-samples.sh [KYSELY]    (from the top of the source tree)
#
# Every file is made by kysely itself from a fixed seed, so running this
# again gives the same bytes; tests/cli/data-samples.sh checks that the
# committed sample is what it says. Nothing here is real survey data.
set -eu
KYSELY=${1:-kysely}
cd "$(dirname "$0")/.."
out=data-samples

# The study: 242 respondents, as the 2015 survey had, in March 2015.
"$KYSELY" simulate surveys/ht-needs -n 242 --seed 2015 -o $out/ht-needs-2015-synthetic.csv

# The bad-rows file for the import walkthrough: eight good respondents of
# another seed, then one deliberate mistake per row (awk edits the fields
# by column name, so the file follows the form).
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$KYSELY" simulate surveys/ht-needs -n 16 --seed 77 --partial 0 --missing 0 -o "$tmp"
awk -F, -v OFS=, '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
	NR == 2 { good = $0 }
	NR <= 9 { print; next }
	NR == 10 { $col["profession"] = "astronaut" }
	NR == 11 { $col["experience_years"] = "75" }
	NR == 12 { $col["started"] = "03/03/2015 08:20" }
	NR == 13 { $col["region"] = "" }
	NR == 14 { $0 = good }
	NR == 15 { $col["training_received"] = "yes"; $col["training_hours"] = "two" }
	NR == 16 { NF = 20 }
	NR == 17 { $col["k_chain_border"] = "maybe" }
	{ print }
' "$tmp" > $out/ht-needs-bad-rows-synthetic.csv
