#!/bin/sh
# simulate on a form with repeats (tests/forms/repeats): the main file
# keeps the questions outside every repeat, each repeat has its file
# beside it (interfaces.md section 5); instance counts follow repeat_count,
# keys and parents are well formed, the calculations over the instances
# (sum, count, indexed-repeat, position) agree with the rows written, and
# the same seed gives the same bytes in every file.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM=$SRCDIR/tests/forms/repeats

"$KYSELY" simulate "$FORM" -n 300 --seed 3 -o "$T/s.csv"
for f in s s-child s-visit s-adult; do
	[ -f "$T/$f.csv" ] || fail "no $f.csv"
	[ "$(stat -c %a "$T/$f.csv")" = 600 ] || fail "$f.csv mode $(stat -c %a "$T/$f.csv")"
done
[ "$(head -1 "$T/s.csv")" = \
  "respondent,status,started,completed,lang,household,n_children,total_age,n_adults,first_child" ] ||
	fail "main header: $(head -1 "$T/s.csv")"
[ "$(head -1 "$T/s-child.csv")" = "respondent,parent,key,child_name,child_age,child_pos" ] ||
	fail "child header: $(head -1 "$T/s-child.csv")"
[ "$(head -1 "$T/s-visit.csv")" = "respondent,parent,key,visit_date,vaccinated" ] ||
	fail "visit header: $(head -1 "$T/s-visit.csv")"
[ "$(head -1 "$T/s-adult.csv")" = "respondent,parent,key,adult_name,role" ] ||
	fail "adult header: $(head -1 "$T/s-adult.csv")"
[ "$(wc -l < "$T/s.csv")" = 301 ] || fail "main rows: $(wc -l < "$T/s.csv")"
# Enough instances that the checks below check something.
[ "$(wc -l < "$T/s-child.csv")" -gt 300 ] || fail "few children: $(wc -l < "$T/s-child.csv")"
[ "$(wc -l < "$T/s-visit.csv")" -gt 100 ] || fail "few visits"
[ "$(wc -l < "$T/s-adult.csv")" -gt 100 ] || fail "few adults"

# No cell holds a comma (names are phrases), so splitting at ',' is safe.
awk -F, '
function bad(why) { print "FAIL: " FILENAME ":" FNR ": " why; failed = 1 }
FNR == 1 { file++; next }
file == 1 {   # child: respondent, parent, key, child_name, child_age, child_pos
	pos = ++nchild[$1]
	if ($2 != "") bad("a child has a parent")
	if ($3 != $1 "/child[" pos "]") bad("key " $3 " is not " $1 "/child[" pos "]")
	if ($6 != pos) bad("child_pos " $6 " at position " pos)
	if ($5 !~ /^[0-9]+$/ || $5 + 0 >= 18) bad("child_age " $5 " breaks its constraint")
	if ($4 == "") bad("required child_name empty")
	sum[$1] += $5
	if (pos == 1) first[$1] = $4
	childkey[$3] = 1
	next
}
file == 2 {   # visit: respondent, parent, key, visit_date, vaccinated
	if (!($2 in childkey)) bad("visit parent " $2 " is no child written before")
	if (index($2, $1 "/") != 1) bad("visit parent " $2 " not of respondent " $1)
	vpos = ++nvisit[$2]
	if ($3 != $2 "/visit[" vpos "]") bad("key " $3 " is not " $2 "/visit[" vpos "]")
	if ($4 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) bad("visit_date " $4)
	if ($5 != "yes" && $5 != "no") bad("required vaccinated: " $5)
	visits++
	next
}
file == 3 {   # adult: respondent, parent, key, adult_name, role
	pos = ++nadult[$1]
	if ($2 != "" || $3 != $1 "/adult[" pos "]") bad("adult key " $3 " parent " $2)
	if (pos > 3) bad("an open-ended repeat got " pos " instances")
	next
}
{   # main: respondent, status, ..., household, n_children, total_age, n_adults, first_child
	seen[$1] = 1
	n = $7 == "" ? 0 : $7 + 0
	if (nchild[$1] + 0 != n) bad($1 ": " nchild[$1] + 0 " children, n_children " $7)
	if ($2 != "complete") { partial++; next }
	complete++
	if ($8 != sum[$1] + 0) bad($1 ": total_age " $8 ", ages add up to " sum[$1] + 0)
	if ($9 != nadult[$1] + 0) bad($1 ": n_adults " $9 ", " nadult[$1] + 0 " adult rows")
	if ($10 != first[$1]) bad($1 ": first_child " $10 ", child[1] is " first[$1])
	if (n > 0) withchildren++
}
END {
	for (r in nchild) if (!(r in seen)) bad("children of an unknown respondent " r)
	for (r in nadult) if (!(r in seen)) bad("adults of an unknown respondent " r)
	if (complete < 200 || withchildren < 100 || partial < 1)
		bad("complete " complete ", with children " withchildren ", partial " partial)
	exit failed
}' "$T/s-child.csv" "$T/s-visit.csv" "$T/s-adult.csv" "$T/s.csv" || fail "instances do not add up"

# The same seed, the same bytes in every file; another seed, others.
"$KYSELY" simulate "$FORM" -n 300 --seed 3 -o "$T/again.csv"
"$KYSELY" simulate "$FORM" -n 300 --seed 4 -o "$T/other.csv"
for f in "" -child -visit -adult; do
	cmp -s "$T/s$f.csv" "$T/again$f.csv" || fail "seed 3 gave other bytes in s$f.csv"
done
cmp -s "$T/s-child.csv" "$T/other-child.csv" && fail "seed 4 gave the same children"

# -REPEAT goes before the extension, as export names the files, or at
# the end of a name without one.
"$KYSELY" simulate "$FORM" -n 5 -o "$T/h.txt"
[ -f "$T/h-child.txt" ] && [ -f "$T/h-visit.txt" ] || fail "no h-child.txt beside h.txt"
"$KYSELY" simulate "$FORM" -n 5 -o "$T/plain"
[ -f "$T/plain-child" ] || fail "no plain-child beside plain"

# Standard output cannot hold the repeats' files: refused, nothing written.
expect_exit 2 "$KYSELY" simulate "$FORM" -n 5
grep -q "simulate: .* has repeats.*-o FILE.csv" "$T/err" || fail "stdout message: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "something was written to stdout"
expect_exit 2 "$KYSELY" simulate "$FORM" -n 5 -o -
# One file that cannot be written: none is, the main one included.
mkdir -p "$T/ff/s-visit.csv"
expect_exit 3 "$KYSELY" simulate "$FORM" -n 5 -o "$T/ff/s.csv"
[ "$(ls "$T/ff")" = s-visit.csv ] || fail "files left behind: $(ls "$T/ff")"
exit 0
