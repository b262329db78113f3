#!/bin/sh
# The progress line names the section (top-level group i of n) and the
# answered count; the number of sections never changes while skip logic
# opens or closes questions (tests/tui/long.csv: the group "Leading a
# team" opens with a yes and closes with a no, clearing its answers).
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/p.db"

# wait for a question and check its progress line
at() {
	tui_wait p "$1"
	tui_wait p "$2"
	line=$(tui_screen p | sed -n 2p)
	case $line in
	*"$2") ;;
	*) fail "progress line '$line' is not '$2'" ;;
	esac
}

tui_start p -- "$SRCDIR/tests/tui/long.csv" --db "$db"
tui_wait p "Press Enter to start."
tui_keys p Enter
at "Long lists and honest progress" "Section 1 of 4 · 0 answered"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
tui_keys p Enter
at "In which wellbeing services county" "Section 1 of 4 · 0 answered"
tui_keys p 1 Enter
at "Where do you meet patients?" "Section 1 of 4 · 1 answered"
tui_keys p 1 Enter
at "Do you lead a team?" "Section 1 of 4 · 2 answered"
# on long lists `1 Enter` (as tui_answer_all answers) picks the first choice
[ "$(tui_slot "$db" "$uuid" 0)" = central_finland ] || fail "1 Enter on 25 regions did not pick the first"
[ "$(tui_slot "$db" "$uuid" 1)" = ward ] || fail "1 Enter on 12 workplaces did not tick the first"

# yes opens two questions: the count of sections stays 4
tui_keys p 1 Enter
at "How many people are in your team?" "Section 2 of 4 · 3 answered"
tui_screen p | sed -n 2p | grep -q '^  █\{10\}░\{30\}  ' ||
	fail "the bar does not show one section of four done"
tui_type p 5
tui_keys p Enter
at "For how many years have you led a team?" "Section 2 of 4 · 4 answered"
tui_type p 2
tui_keys p Enter
at "Quick question 1" "Section 3 of 4 · 5 answered"
[ "$(tui_slot "$db" "$uuid" 3)" = 5 ] || fail "the team size was not stored"

# back to the opener, no: the section's answers are cleared, still 4
tui_keys p PPage
at "For how many years" "Section 2 of 4 · 5 answered"
tui_keys p PPage
at "How many people" "Section 2 of 4 · 5 answered"
tui_keys p PPage
at "Do you lead a team?" "Section 1 of 4 · 5 answered"
tui_keys p 2 Enter
at "Quick question 1" "Section 3 of 4 · 3 answered"
[ "$(tui_slot "$db" "$uuid" 2)" = no ] || fail "the answer 'no' was not stored"
[ "$(tui_slot "$db" "$uuid" 3)" = "" ] || fail "the hidden team size kept its answer"
[ "$(tui_slot "$db" "$uuid" 4)" = "" ] || fail "the hidden years kept their answer"

# the review shows the answered count alone
tui_answer_all p >"$T/answered"
tui_wait p "Review your answers"
tui_wait p "20 answered"
tui_screen p | sed -n 2p | grep -q "Section" && fail "the review shows a section"
stored=$(tui_slots "$db" "$uuid" | grep -c .)
[ "$stored" = 20 ] || fail "$stored answers stored, 20 counted on screen"
tui_keys p F10
[ "$(tui_wait_exit p)" = 0 ] || fail "collect did not exit 0"
exit 0
