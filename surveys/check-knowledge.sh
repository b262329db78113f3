#!/bin/sh
# Every form under surveys/ keeps the design rules of a knowledge test
# (surveys/check-knowledge.py: scored items required with a don't-know
# choice, true/false keys 45-55 %, no cue word that tells the keys apart
# in any language), and the rules catch what the first edition of
# ht-needs got wrong (kept in tests/forms/ht-needs-2026112902) and a
# single edit that would undo them.
set -eu
command -v python3 >/dev/null 2>&1 || { echo "python3 not found"; exit 77; }
CHECK="python3 $SRCDIR/surveys/check-knowledge.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

forms=0
for form in "$SRCDIR"/surveys/*/ "$SRCDIR"/surveys/*.csv; do
	case $form in */) [ -f "$form/survey.csv" ] || continue ;; esac
	[ -e "$form" ] || continue
	forms=$((forms + 1))
	$CHECK "${form%/}" >"$tmp/out" 2>&1 || { echo "FAIL: $form breaks the knowledge-test rules:"; cat "$tmp/out"; fail=1; }
done
[ "$forms" -ge 2 ] || { echo "FAIL: only $forms forms found under surveys/"; fail=1; }

# The first edition fails on all three rules.
old=$SRCDIR/tests/forms/ht-needs-2026112902
if $CHECK "$old" >"$tmp/old" 2>&1; then
	echo "FAIL: the first edition passes the check"; fail=1
fi
for want in "'k_chain_recruit': scored item is not required" \
	"'k_ind_signs': list 'signs' has no don't-know choice" \
	"11 of 16 true/false items keyed true" \
	"cue word 'aina' in 'label::suomi (fi)': 0 true-keyed items (lines -), 2 false-keyed" \
	"cue word 'kan' in 'label::svenska (sv)': 9 true-keyed" \
	"cue word 'always' in 'label::english (en)'"; do
	grep -qF -- "$want" "$tmp/old" || { echo "FAIL: no '$want' for the first edition"; fail=1; }
done

# One edit each to the new edition brings each rule back.
new=$SRCDIR/surveys/ht-needs
mutate() {   # NAME AWK-PROGRAM FILE: a copy of the new edition with FILE edited
	rm -rf "$tmp/$1"; mkdir "$tmp/$1"; cp "$new"/*.csv "$tmp/$1/"
	awk "$2" "$new/$3" >"$tmp/$1/$3"
}
expect() {   # NAME TEXT: the check fails on copy NAME and says TEXT
	if $CHECK "$tmp/$1" >"$tmp/$1.out" 2>&1 || ! grep -qF -- "$2" "$tmp/$1.out"; then
		echo "FAIL: $1: expected '$2', got:"; cat "$tmp/$1.out"; fail=1
	fi
}
# k_chain_border optional
mutate optional '/^select_one kn_false,k_chain_border,/ { sub(/,yes,"Valitse vastaus/, ",,\"Valitse vastaus") } { print }' survey.csv
expect optional "'k_chain_border': scored item is not required"
# no don't-know choice in the false-keyed list
mutate nodk '!/^kn_false,dont_know,/' choices.csv
expect nodk "list 'kn_false' has no don't-know choice"
# three false items turned true: 16 of 26
mutate unbalanced '/^select_one kn_false,k_(chain_border|chain_gain|chain_begun),/ { sub(/kn_false/, "kn_true") } { print }' survey.csv
expect unbalanced "16 of 26 true/false items keyed true"
# a hedge in one true item, in Swedish only
mutate cue '/^select_one kn_true,k_chain_recruit,/ { sub(/är en av gärningsformerna/, "kan vara en av gärningsformerna") } { print }' survey.csv
expect cue "cue word 'kan' in 'label::svenska (sv)': 1 true-keyed items"
exit $fail
