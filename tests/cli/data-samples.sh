#!/bin/sh
# The walkthrough in data-samples/README.md is true: every command in its
# ```console blocks ("$ " lines) is run in order, in a scratch folder that
# sees surveys/ and data-samples/ as the README's reader does from the top
# of the source tree, and its output (stdout and stderr) must be exactly
# the lines the README shows under it.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
README=$SRCDIR/data-samples/README.md

mkdir "$T/bin" "$T/work" "$T/cmds"
ln -s "$KYSELY" "$T/bin/kysely"
ln -s "$SRCDIR/surveys" "$T/work/surveys"
ln -s "$SRCDIR/data-samples" "$T/work/data-samples"

# cmds/N.sh holds command N, cmds/N.out the output the README shows.
awk -v dir="$T/cmds" '
	/^```console[ \t]*$/ { inside = 1; next }
	/^```[ \t]*$/ { inside = 0; next }
	inside && /^\$ / { n++; printf "%s\n", substr($0, 3) > (dir "/" n ".sh");
			   printf "" > (dir "/" n ".out"); next }
	inside && n { print > (dir "/" n ".out") }
	END { print n + 0 > (dir "/count") }
' "$README"
count=$(cat "$T/cmds/count")
[ "$count" -ge 5 ] || fail "only $count commands found in $README"

i=1
while [ $i -le "$count" ]; do
	( cd "$T/work" && PATH="$T/bin:$PATH" sh "$T/cmds/$i.sh" ) > "$T/got" 2>&1 || true
	if ! cmp -s "$T/got" "$T/cmds/$i.out"; then
		echo "command $i: $(cat "$T/cmds/$i.sh")"
		diff "$T/cmds/$i.out" "$T/got" | head -20
		fail "the output of command $i differs from README.md"
	fi
	i=$((i + 1))
done

# The committed samples are what make-samples.sh (which the README names)
# writes: kysely simulate from fixed seeds, then the item difficulties.
mkdir "$T/made"
sh "$SRCDIR/data-samples/make-samples.sh" "$KYSELY" "$T/made" ||
	fail "data-samples/make-samples.sh failed"
for f in ht-needs-2015-synthetic.csv ht-needs-2026-synthetic.csv ht-needs-bad-rows-synthetic.csv \
	ht-needs-training-synthetic.csv; do
	cmp -s "$T/made/$f" "$SRCDIR/data-samples/$f" ||
		fail "data-samples/$f is not what data-samples/make-samples.sh writes"
done
# Every profession of the form has a population total, and nothing else.
awk -F, 'NR > 1 { print $1 }' "$SRCDIR/data-samples/population-by-profession-synthetic.csv" | sort >"$T/pop"
awk -F, '$1 == "profession" { print $2 }' "$SRCDIR/surveys/ht-needs/choices.csv" | sort >"$T/prof"
cmp -s "$T/pop" "$T/prof" || fail "population-by-profession-synthetic.csv does not list the form's professions"
exit 0
