#!/bin/sh
# Reference cycles (SECURITY.md, L2): validate refuses a cycle through
# calculation, relevant (a group's too) or choice_filter, naming the file,
# the line and the questions of the cycle; '.' in a constraint, ${self}
# in a constraint and questions that require or check each other are not
# cycles; a chain of 100,000 calculations is no cycle and validates fast.
. "$SRCDIR/tests/reliability/lib.sh"

form() {   # form DIR: survey.csv from stdin, empty choices, settings
	mkdir -p "$T/$1"
	cat >"$T/$1/survey.csv"
	printf 'list_name,name,label\nyn,yes,Yes\nyn,no,No\n' >"$T/$1/choices.csv"
	printf 'form_id,form_title,version\n%s,T,1\n' "$1" >"$T/$1/settings.csv"
}
refused() {   # refused DIR MESSAGE...: exit 1 and every MESSAGE line in stderr
	dir=$1; shift
	run_status "$KYSELY" validate "$T/$dir"
	[ "$rc" = 1 ] || fail "$dir: exit $rc, expected 1: $(cat "$T/err")"
	for m in "$@"; do
		grep -qF -- "$m" "$T/err" || fail "$dir: no '$m' in: $(cat "$T/err")"
	done
	echo "ok - $dir refused: $(grep circular "$T/err" | head -2 | tr '\n' ' ')"
}
valid() {
	run_status "$KYSELY" validate "$T/$1"
	[ "$rc" = 0 ] || fail "$1: exit $rc, expected 0: $(cat "$T/err")"
	echo "ok - $1 is valid"
}

form calc <<'EOF2'
type,name,label,calculation
integer,n,N,
calculate,c1,,${c2} + ${n}
calculate,c2,,${c3} * 2
calculate,c3,,${c1} - 1
EOF2
refused calc "$T/calc/survey.csv:3: error: 'calculation': circular reference c1 -> c2 -> c3 -> c1"

form self <<'EOF2'
type,name,label,relevant,calculation
integer,p,P,${p} > 0,
calculate,c,,,${c} + 1
EOF2
refused self "self/survey.csv:2: error: 'relevant': circular reference p -> p" \
	"self/survey.csv:3: error: 'calculation': circular reference c -> c"

form mixed <<'EOF2'
type,name,label,relevant,calculation,choice_filter
select_one yn,a,A,${b} != '',,
integer,b,B,${c} > 1,,
calculate,c,,,${a},
select_one yn,d,D,,,name != ${e}
select_one yn,e,E,,,name != ${d}
EOF2
refused mixed "mixed/survey.csv:2: error: 'relevant': circular reference a -> b -> c -> a" \
	"mixed/survey.csv:5: error: 'choice_filter': circular reference d -> e -> d"

form group <<'EOF2'
type,name,label,relevant
begin_group,g,G,${inside} != 'no'
select_one yn,inside,Inside,
end_group,g,,
EOF2
refused group "group/survey.csv:2: error: 'relevant': circular reference g -> inside -> g"

form checks <<'EOF2'
type,name,label,required,constraint
integer,a,A,${b} = '',. >= 0 and ${a} < 100
integer,b,B,${a} = '',. > ${a}
date,start,Start,,. <= ${end}
date,end,End,,. >= ${start}
EOF2
valid checks

# a long chain without a cycle: near-linear, not one search per question
python3 - "$T/chain" <<'PY'
import os, sys
d = sys.argv[1]; os.makedirs(d)
with open(os.path.join(d, "survey.csv"), "w") as f:
    f.write("type,name,label,calculation\ninteger,c0,C,\n")
    for i in range(1, 100000):
        f.write("calculate,c%d,,${c%d} + 1\n" % (i, i - 1))
open(os.path.join(d, "choices.csv"), "w").write("list_name,name,label\n")
open(os.path.join(d, "settings.csv"), "w").write("form_id,form_title,version\nchain,T,1\n")
PY
valid chain
printf 'calculate,c0,,${c99999} + 1\n' >>"$T/chain/survey.csv"
sed -i '2d' "$T/chain/survey.csv"
run_status "$KYSELY" validate "$T/chain"
[ "$rc" = 1 ] || fail "the closed chain: exit $rc: $(head -c 300 "$T/err")"
grep -qF "chain/survey.csv:2: error: 'calculation': circular reference c1 -> c0 -> c99999 -> c99998 -> " "$T/err" ||
	fail "the closed chain: $(head -c 300 "$T/err")"
grep -qF -- "-> ... -> c1" "$T/err" || fail "a long cycle is not shortened: $(head -c 300 "$T/err")"
[ "$(grep -c circular "$T/err")" = 1 ] || fail "one cycle, one message: $(grep -c circular "$T/err")"
echo "ok - a 100,000-question cycle is one short message"
exit 0
