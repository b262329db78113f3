#!/bin/sh
# regex() cannot crash or hang kysely (security review M4). glibc's
# matcher overflows its stack on some back-references (CVE-2019-9192) and
# is exponential on others, and its search is quadratic in the text:
# - validate refuses a literal pattern with \1..\9, naming file, line and
#   column, and import and collect --script refuse that form the same way;
# - a pattern that reaches evaluation anyway (here taken from an answer,
#   as a form that skipped validate would) never matches: the answer
#   fails its constraint, the process does not die;
# - a pattern with nested quantifiers on 100,000 characters of text ends
#   within seconds, and a 2,000-character answer is still matched.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v timeout >/dev/null || { echo "timeout not installed"; exit 77; }
cd "$T"

# form DIR CONSTRAINT: a two-question form (pat, t) with t's constraint.
form() {
	mkdir "$1"
	printf 'type,name,label,constraint\ntext,pat,P,\ntext,t,T,"%s"\n' "$2" >"$1/survey.csv"
	printf 'list_name,name,label\n' >"$1/choices.csv"
	printf 'form_id,form_title,version\n%s,T,1\n' "$1" >"$1/settings.csv"
}
# alive WHAT STATUS: the command ended by itself, without a signal.
alive() {
	[ "$2" -ne 124 ] || fail "$1 still running after the time limit"
	[ "$2" -lt 128 ] || fail "$1 died of signal $(($2 - 128))"
}

form crash "regex(., '(|)(\\1\\1)*')"
form redos "regex(., '(a*)*(b|\\1)*\\1\\1\\1')"
for f in crash redos; do
	st=0; "$KYSELY" validate $f 2>validate.err || st=$?
	[ $st -eq 1 ] || fail "validate $f: exit $st, expected 1"
	grep -q "^$f/survey.csv:3: error: 'constraint': back-references (\\\\1 to \\\\9) are not supported in regex() at column 1[59]\$" validate.err ||
		fail "validate $f: no file:line:column message: $(cat validate.err)"
done
printf 'respondent,t\nr1,x\n' >x.csv
st=0; timeout 20 "$KYSELY" import crash --db c.db x.csv 2>import.err || st=$?
alive "import of the back-reference form" $st
[ $st -eq 1 ] && grep -q "back-references" import.err || fail "import: exit $st: $(cat import.err)"
st=0; printf 't=x\nsubmit\n' | timeout 20 "$KYSELY" collect crash --db c2.db --script - 2>collect.err || st=$?
alive "collect --script of the back-reference form" $st
[ $st -eq 1 ] && grep -q "back-references" collect.err || fail "collect: exit $st: $(cat collect.err)"

# The pattern comes from an answer: validate cannot see it.
form fromanswer "regex(., \${pat})"
"$KYSELY" validate fromanswer >/dev/null 2>&1 || fail "validate fromanswer refused"
printf 'respondent,pat,t\nr1,(|)(\\1\\1)*,x\nr2,(a*)*(b|\\1)*\\1\\1\\1,aaaaaaaaaaaac\nr3,^x$,x\n' >pat.csv
st=0; timeout 20 "$KYSELY" import fromanswer --db a.db pat.csv 2>import.err || st=$?
alive "import with back-references from answers" $st
[ $st -eq 1 ] || fail "import with back-references from answers: exit $st"
grep -q "imported 1 row, 2 rejected" import.err || fail "import: $(cat import.err)"
[ "$(sqlite3 a.db 'select uuid from response')" = r3 ] || fail "r3 alone should be stored"
st=0; printf 'pat=(|)(\\1\\1)*\nt=x\nsubmit\n' |
	timeout 20 "$KYSELY" collect fromanswer --db a2.db --script - >collect.out 2>collect.err || st=$?
alive "collect --script with a back-reference from an answer" $st
grep -q "'t': This answer is not allowed here" collect.err || fail "collect: $(cat collect.err)"

# A database that stored such a form before validate refused it: its
# answers still export, analyze and merge; answering fails the constraint.
form old "regex(., '^[a-z]+\$')"
printf 'respondent,t\nr1,x\nr2,yy\n' >old.csv
"$KYSELY" import old --db old.db old.csv 2>import.err || fail "import old: $(cat import.err)"
sqlite3 old.db "UPDATE form SET definition = replace(definition, '^[a-z]+\$', '^([a-z])\\1\$')"
sqlite3 old.db 'SELECT definition FROM form' | grep -q '\^(\[a-z\])\\1\$' || fail "setup of old.db"
"$KYSELY" export --db old.db -o old-export.csv 2>export.err || fail "export old.db: $(cat export.err)"
[ "$(wc -l <old-export.csv)" -eq 3 ] || fail "export old.db: $(cat old-export.csv)"
"$KYSELY" analyze --db old.db --out old-analysis 2>analyze.err || fail "analyze old.db: $(cat analyze.err)"
"$KYSELY" merge --db old-central.db old.db 2>merge.err || fail "merge old.db: $(cat merge.err)"
[ "$(sqlite3 old-central.db 'SELECT count(*) FROM response')" = 2 ] || fail "merge of old.db"

# Nested quantifiers, no back-reference: bounded, and short text matched.
form nested "regex(., '(a|b)*a(a|b){20}c')"
python3 - <<'PY'
import random
random.seed(1)
long = "".join(random.choice("ab") for _ in range(100000))
ok = "".join(random.choice("ab") for _ in range(1978)) + "a" + "b" * 20 + "c"
open("nested.csv", "w").write("respondent,t\nlong,%s\nmid,%s\nok,%s\n" % (long, long[:2040], ok))
PY
st=0; timeout 30 "$KYSELY" import nested --db n.db nested.csv 2>import.err || st=$?
alive "import with nested quantifiers" $st
grep -q "imported 1 row, 2 rejected" import.err || fail "nested: $(cat import.err)"
[ "$(sqlite3 n.db 'select uuid from response')" = ok ] || fail "the 2000-character answer should match"
echo "ok - regex(): back-references refused or never matched, nested quantifiers bounded"
