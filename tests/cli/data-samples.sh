#!/bin/sh
# The walkthrough in data-samples/README.md is true: every command in its
# ```console blocks ("$ " lines) is run in order, in a scratch folder that
# sees surveys/ and data-samples/ as the README's reader does from the top
# of the source tree, and its output (stdout and stderr) must be exactly
# the lines the README shows under it.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
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

# The committed sample is what the README says made it.
"$KYSELY" simulate "$SRCDIR/surveys/ht-needs" -n 242 --seed 2015 -o "$T/sample.csv"
cmp -s "$T/sample.csv" "$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" ||
	fail "data-samples/ht-needs-2015-synthetic.csv is not what 'kysely simulate surveys/ht-needs -n 242 --seed 2015' writes"
exit 0
