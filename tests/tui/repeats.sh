#!/bin/sh
# Repeats on collect's screens (tests/forms/repeats): a repeat_count
# repeat gets its count of instances when reached, each titled "Child 2
# of 2"; the nested open-ended visit repeat and the open-ended adult
# repeat ask "N added. Add another?"; an instance can be removed before
# submitting (its later siblings renumbered in the store); the totals
# over the instances (sum, count, indexed-repeat) reach the summary note;
# the review lists each instance's answers under its heading; every
# instance and answer is in the store as it is given, exports (one file
# per repeat) and imports back to the same bytes, and --resume
# continues inside an instance.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed: skipped"; exit 77; }
db="$T/r.db"
FORM="$SRCDIR/tests/forms/repeats"

# answer TEXT: types TEXT into the field on screen and takes it
answer() {
	tui_type a "$1"
	tui_wait a "> $1"
	tui_keys a Enter
}

tui_start a -- "$FORM" --db "$db"
tui_wait a "Press Enter to start."
tui_keys a Enter
tui_wait a "Household name"
answer Virtanen
tui_wait a "How many children"
answer 2
# reached: two empty children are stored at once
tui_wait a "Child 1 of 2"
[ "$(tui_sql "$db" "SELECT count(*) FROM repeat_instance WHERE repeat = 'child'")" = 2 ] ||
	fail "the two children were not stored when reached"
tui_wait a "Child's first name"
answer Aino
tui_wait a "Age of Aino in years"
answer 7
# the nested open-ended repeat: none for the first child
tui_wait a "Clinic visit of Aino: 0 added. Add another?"
tui_keys a Down Enter
tui_wait a "Child 2 of 2"
tui_wait a "Child's first name"
answer Eino
tui_wait a "Age of Eino in years"
answer 4
tui_wait a "Clinic visit of Eino: 0 added. Add another?"
tui_keys a Enter
tui_wait a "Child 2 › Clinic visit of Eino 1 of 1"
tui_wait a "Date of the visit"
answer 2024-05-31
tui_wait a "Was Eino vaccinated?"
tui_keys a 1 Enter
tui_wait a "Clinic visit of Eino: 1 added. Add another?"
tui_wait a "Clinic visit of Eino 1: 2024-05-31"
tui_keys a Down Enter
# the open-ended adult repeat: two added, the first removed again
tui_wait a "Adult: 0 added. Add another?"
tui_keys a Enter
tui_wait a "Adult 1 of 1"
answer Maija
tui_wait a "Role in the household"
tui_keys a 1 Enter
tui_wait a "Adult: 1 added. Add another?"
tui_keys a Enter
tui_wait a "Adult 2 of 2"
answer Pekka
tui_wait a "Role in the household"
tui_keys a 2 Enter
tui_wait a "Adult: 2 added. Add another?"
tui_wait a "Adult 2: Pekka"
[ "$(tui_sql "$db" "SELECT count(*) FROM repeat_instance WHERE repeat = 'adult'")" = 2 ] ||
	fail "two adults are not in the store"
tui_keys a Up Up DC
tui_wait a "Remove Adult 1 and all its answers? Press Delete again to remove it."
[ "$(tui_sql "$db" "SELECT count(*) FROM repeat_instance WHERE repeat = 'adult'")" = 2 ] ||
	fail "an adult was removed without confirmation"
tui_keys a DC
tui_wait a "Adult: 1 added. Add another?"
tui_wait a "Adult 1: Pekka"
tui_wait_gone a "Maija"
[ "$(tui_sql "$db" "SELECT position FROM repeat_instance WHERE repeat = 'adult'")" = 1 ] ||
	fail "the adult left is not renumbered to position 1 in the store"
# Done: the totals over the instances
tui_keys a Down Down Enter
tui_wait a "Ages add up to 11; 1 adults; first child Aino."
tui_keys a Enter
tui_wait a "Review your answers"
tui_wait a "Child 1"
tui_wait a "Child 2 › Clinic visit of Eino 1"
tui_wait a "Adult 1"
tui_screen a >"$T/review"
grep -q "Child's first name *Eino" "$T/review" || fail "the review lacks Eino under Child 2"
grep -q "Adult's name *Pekka" "$T/review" || fail "the review lacks Pekka"
# a heading opens its repeat's screen, whose Done returns to the review
tui_keys a End Up Up Enter
tui_wait a "Adult: 1 added. Add another?"
tui_keys a Down Enter
tui_wait a "Review your answers"
tui_keys a Home Enter
[ "$(tui_wait_exit a)" = 0 ] || fail "collect did not exit 0 after submitting"

uuid=$(tui_sql "$db" "SELECT uuid FROM response WHERE status = 'complete'")
[ -n "$uuid" ] || fail "no complete response"
tui_slots "$db" "$uuid" >"$T/slots"
expected="Virtanen
2







11
1
Aino"
[ "$(cat "$T/slots")" = "$expected" ] || { cat "$T/slots"; fail "the respondent's own record differs"; }
tui_instances "$db" >"$T/inst"
tree="child 1 - 2=Aino 3=7 4=1
child 2 - 2=Eino 3=4 4=2
visit 1 child:2 5=2024-05-31 6=yes
adult 1 - 7=Pekka 8=partner"
[ "$(cat "$T/inst")" = "$tree" ] || { cat "$T/inst"; fail "the instances in the store differ"; }

# what was collected exports as a main file and one file per repeat, and
# imports back into a fresh database to the same bytes
"$KYSELY" export --db "$db" -o "$T/x.csv" 2>"$T/err" || fail "export: $(cat "$T/err")"
grep -q "^$uuid,,$uuid/child\[2\],Eino,4,2\$" "$T/x-child.csv" ||
	fail "export: child 2 is not Eino: $(cat "$T/x-child.csv")"
grep -q "^$uuid,$uuid/child\[2\],$uuid/child\[2\]/visit\[1\],2024-05-31,yes\$" "$T/x-visit.csv" ||
	fail "export: the visit is not under child 2: $(cat "$T/x-visit.csv")"
"$KYSELY" import "$FORM" --db "$T/back.db" "$T/x.csv" >"$T/out" 2>&1 ||
	fail "import of the export: $(cat "$T/out")"
grep -q "imported 1 row, 0 rejected" "$T/out" || fail "import of the export: $(cat "$T/out")"
"$KYSELY" export --db "$T/back.db" -o "$T/y.csv" 2>"$T/err" || fail "export again: $(cat "$T/err")"
for f in "" -child -visit -adult; do
	cmp -s "$T/x$f.csv" "$T/y$f.csv" || fail "x$f.csv and y$f.csv differ after the round trip"
done

# --resume continues inside an instance, with the tree loaded
tui_start b -- "$FORM" --db "$db"
tui_wait b "Press Enter to start."
tui_keys b Enter
tui_wait b "Household name"
tui_type b Lahtinen; tui_wait b "> Lahtinen"; tui_keys b Enter
tui_wait b "How many children"
tui_type b 1; tui_wait b "> 1"; tui_keys b Enter
tui_wait b "Child 1 of 1"
tui_type b Lumi; tui_wait b "> Lumi"; tui_keys b Enter
tui_wait b "Age of Lumi in years"
tui_keys b F10
[ "$(tui_wait_exit b)" = 0 ] || fail "quitting did not exit 0"
partial=$(tui_sql "$db" "SELECT uuid FROM response WHERE status = 'partial'")
[ -n "$partial" ] || fail "no partial response"
tui_start c -- "$FORM" --db "$db" --resume "$partial"
tui_wait c "Age of Lumi in years"
tui_wait c "Child 1 of 1"
tui_type c 3; tui_wait c "> 3"; tui_keys c Enter
tui_wait c "Clinic visit of Lumi: 0 added. Add another?"
tui_keys c Down Enter
tui_wait c "Adult: 0 added. Add another?"
tui_keys c Down Enter
tui_wait c "Ages add up to 3; 0 adults; first child Lumi."
tui_keys c Enter
tui_wait c "Review your answers"
tui_keys c Enter
[ "$(tui_wait_exit c)" = 0 ] || fail "the resumed response was not submitted"
[ "$(tui_sql "$db" "SELECT count(*) FROM repeat_instance r JOIN response p ON p.id = r.response WHERE p.uuid = '$partial'")" = 1 ] ||
	fail "the resumed response has other than one instance"
[ "$(tui_sql "$db" "SELECT status FROM response WHERE uuid = '$partial'")" = complete ] ||
	fail "the resumed response is not complete"

# A count that goes down: an empty instance goes silently; one with
# answers stays until removed on the repeat's screen, which the walk
# shows with what to do
tui_start d -- "$FORM" --db "$db"
tui_wait d "Press Enter to start."
tui_keys d Enter
tui_wait d "Household name"
tui_type d Nieminen; tui_wait d "> Nieminen"; tui_keys d Enter
tui_wait d "How many children"
tui_type d 3; tui_wait d "> 3"; tui_keys d Enter
tui_wait d "Child 1 of 3"
tui_type d Ilona; tui_wait d "> Ilona"; tui_keys d Enter
tui_wait d "Age of Ilona"
tui_type d 9; tui_wait d "> 9"; tui_keys d Enter
tui_wait d "Clinic visit of Ilona: 0 added"
tui_keys d Down Enter
tui_wait d "Child 2 of 3"
tui_type d Oskari; tui_wait d "> Oskari"; tui_keys d Enter
tui_wait d "Age of Oskari"
# back to the count: Oskari's name, Ilona's visits, age, name, the count
for screen in "Child's first name" "Clinic visit of Ilona" "Age of Ilona" \
	"Child's first name" "How many children"; do
	tui_keys d PPage
	tui_wait d "$screen"
done
tui_keys d C-u 1 Enter
tui_wait d "Child: 2 added."
tui_wait d "1 asked for, 2 entered: remove one with Delete"
tui_wait d "Child 2: Oskari"
[ "$(tui_sql "$db" "SELECT count(*) FROM repeat_instance r JOIN response p ON p.id = r.response WHERE p.status = 'partial' AND r.repeat = 'child'")" = 2 ] ||
	fail "the empty third child was not removed silently, or Oskari was"
tui_keys d Down Enter   # Done does not go on
tui_wait d "1 asked for, 2 entered"
tui_keys d Up DC
tui_wait d "Remove Child 2 and all its answers?"
tui_keys d DC
tui_wait d "Child: 1 added."
tui_wait_gone d "Oskari"
tui_keys d Enter
tui_wait d "Child 1 of 1"
tui_wait d "Child's first name"
tui_keys d F10
[ "$(tui_wait_exit d)" = 0 ] || fail "quitting did not exit 0"
[ "$(tui_sql "$db" "SELECT count(*) FROM repeat_instance r JOIN response p ON p.id = r.response WHERE p.status = 'partial' AND r.repeat = 'child'")" = 1 ] ||
	fail "Oskari is still in the store"

# A count raised from the review: submitting adds the instance and stops
# at its first required question, whose Enter returns to the review
tui_start e -- "$FORM" --db "$T/e.db"
tui_wait e "Press Enter to start."; tui_keys e Enter
tui_wait e "Household name"; tui_type e X; tui_wait e "> X"; tui_keys e Enter
tui_wait e "How many children"; tui_type e 1; tui_wait e "> 1"; tui_keys e Enter
tui_wait e "Child 1 of 1"; tui_type e A; tui_wait e "> A"; tui_keys e Enter
tui_wait e "Age of A"; tui_type e 2; tui_wait e "> 2"; tui_keys e Enter
tui_wait e "Clinic visit of A: 0 added"; tui_keys e Down Enter
tui_wait e "Adult: 0 added"; tui_keys e Down Enter
tui_wait e "Ages add up to 2; 0 adults"; tui_keys e Enter
tui_wait e "Review your answers"
tui_keys e Down Down Enter
tui_wait e "How many children"; tui_keys e C-u 2 Enter
tui_wait e "Review your answers"
tui_keys e Home Enter
tui_wait e "Child 2 of 2"
tui_wait e "This question needs an answer."
tui_type e B; tui_wait e "> B"; tui_keys e Enter
tui_wait e "Review your answers"
tui_keys e Home Enter
tui_wait e "Age of B in years"
tui_type e 5; tui_wait e "> 5"; tui_keys e Enter
tui_wait e "Review your answers"
tui_keys e Home Enter
[ "$(tui_wait_exit e)" = 0 ] || fail "the raised count was not submitted"
[ "$(tui_instances "$T/e.db")" = "child 1 - 2=A 3=2 4=1
child 2 - 2=B 3=5 4=2" ] || { tui_instances "$T/e.db"; fail "the raised count's instances differ"; }

# --plain: the same walk as typed lines (add, done, remove N twice)
printf '%s\n' Virtanen 2 Aino 7 done Eino 4 add 2024-05-31 1 done add Maija 1 add Pekka 2 \
	"remove 1" "remove 1" done "" submit |
	TERM=dumb "$KYSELY" collect "$FORM" --db "$T/p.db" --plain >"$T/plain.out" 2>"$T/plain.err" ||
	{ cat "$T/plain.out" "$T/plain.err"; fail "--plain with repeats failed"; }
for line in "Clinic visit of Aino: 0 added. Add another?" "Child 2 › Clinic visit of Eino 1 of 1" \
	"  2. Adult 2: Pekka" "Remove Adult 1 and all its answers? Type remove 1 again to remove it." \
	"Adult 1 removed." "  1. Adult 1: Pekka" "Ages add up to 11; 1 adults; first child Aino." \
	"  Child 2 › Clinic visit of Eino 1"; do
	grep -qF -- "$line" "$T/plain.out" || { cat "$T/plain.out"; fail "--plain did not say '$line'"; }
done
[ "$(tui_instances "$T/p.db")" = "$tree" ] || { tui_instances "$T/p.db"; fail "--plain stored other instances"; }
[ "$(tui_sql "$T/p.db" "SELECT status FROM response")" = complete ] || fail "--plain did not submit"

# --script names answers without instances: it refuses a form with
# repeats rather than store their answers in the respondent's record
if echo submit | "$KYSELY" collect "$FORM" --db "$T/s.db" --script - >/dev/null 2>"$T/script.err"; then
	fail "--script took a form with repeats"
else
	[ $? = 2 ] || fail "--script with repeats did not exit 2"
fi
grep -q "the form has repeats ('child'), which --script cannot collect yet" "$T/script.err" ||
	fail "no clear message for --script"
exit 0
