#!/bin/sh
# Lists of more than nine choices (tests/tui/long.csv: 25 regions, 12
# workplaces): every choice has a number that is typed and shown, then
# picked with Enter; letters find a choice by the start of its label,
# ignoring case and then accents; the highlight stays on screen at 80x24;
# Page Down moves the same ten rows on a list and on the review screen;
# `1 Enter` (what tui_answer_all presses) still picks the first choice.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/l.db"
LONG="$SRCDIR/tests/tui/long.csv"

tui_start l -- "$LONG" --db "$db"
tui_wait l "Press Enter to start."
tui_keys l Enter
tui_wait l "Long lists and honest progress"
tui_keys l Enter
tui_wait l "In which wellbeing services county"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
tui_wait l " 9. ( ) Lapland"
tui_wait l "10. ( ) North Karelia"
tui_wait l "Type a choice's number or the start of its label, then press Enter."
tui_wait l "Up/Down: choose  Enter: next"

# 25 choices do not fit at 80x24: the highlighted one is scrolled to
tui_screen l | grep -qF "25. " && fail "every choice fits: scrolling is not tested"
tui_type l 25
tui_wait l "Number: 25"
tui_wait l "25. (•) Prefer not to say"
tui_screen l | grep -qF " 1. ( ) Central Finland" && fail "the list did not scroll"
tui_keys l Home
tui_wait l " 1. (•) Central Finland"
tui_wait_gone l "Number: "
tui_keys l End
tui_wait l "25. (•) Prefer not to say"

# Page Down moves ten choices (the review screen below moves as many)
tui_keys l Home
tui_wait l " 1. (•) Central Finland"
tui_keys l NPage
tui_wait l "11. (•) North Ostrobothnia"
tui_keys l NPage
tui_wait l "21. (•) Vantaa and Kerava"

# 1 then 3 is 13; Backspace takes the 3 back; 2 makes 12; Enter picks it
tui_type l 13
tui_wait l "Number: 13"
tui_wait l "13. (•) Ostrobothnia"
tui_keys l BSpace
tui_wait_gone l "Number: 13"
tui_wait l "Number: 1"
tui_wait l " 1. (•) Central Finland"
tui_type l 2
tui_wait l "Number: 12"
tui_wait l "12. (•) North Savo"
tui_keys l Enter
tui_wait l "Where do you meet patients?"
[ "$(tui_slot "$db" "$uuid" 0)" = north_savo ] || fail "12 Enter did not store the 12th region"

# a checklist: a typed number or label start is ticked by Space (and the
# question stays), or by Enter, which then goes on
tui_wait l "Number or first letters: Space ticks, Enter ticks and goes on."
tui_wait l "Space: tick  Up/Down: move  Enter: next"
tui_type l 3
tui_keys l Space
tui_wait l " 3. [x] Health centre"
tui_type l hom
tui_wait l "Find: hom"
tui_keys l Space
tui_wait l "10. [x] Home care"
tui_screen l | grep -qF " 1. [x]" && fail "type-ahead ticked the first match of 'h'"
tui_type l 12
tui_wait l "Number: 12"
tui_keys l Enter
tui_wait l "Do you lead a team?"
[ "$(tui_slot "$db" "$uuid" 1)" = "centre home other" ] ||
	fail "the workplaces stored are '$(tui_slot "$db" "$uuid" 1)'"

# back to the regions: letters find a label, case and then accents ignored
tui_keys l PPage
tui_wait l "Where do you meet patients?"
tui_keys l PPage
tui_wait l "12. (•) North Savo"
tui_type l ala
tui_wait l "Find: ala"
tui_wait l "23. (•) Åland"
tui_keys l BSpace BSpace BSpace
tui_wait_gone l "Find: "
tui_wait l "12. (•) North Savo"
tui_type l P
tui_wait l "14. (•) Päijät-Häme"
tui_type l i
tui_wait l "Find: Pi"
tui_wait l "15. (•) Pirkanmaa"
tui_keys l Enter
tui_wait l "Where do you meet patients?"
[ "$(tui_slot "$db" "$uuid" 0)" = pirkanmaa ] || fail "type-ahead did not store Pirkanmaa"
tui_keys l Enter
tui_wait l "Do you lead a team?"

# the rest as tui_answer_all answers any form
tui_answer_all l >"$T/answered"
tui_wait l "Review your answers"
tui_screen l | grep -qF "(no answer)" && fail "the review shows an unanswered question"

# Page Down on the review moves ten rows as on the list: from Submit to
# the tenth answer (region, workplace, manager, team, years, q01..q05)
tui_keys l NPage Enter
tui_wait l "Quick question 5"
tui_keys l Enter
tui_wait l "Review your answers"
tui_keys l Home Enter
[ "$(tui_wait_exit l)" = 0 ] || fail "collect did not exit 0 after submitting"
[ "$(tui_sql "$db" "SELECT status FROM response")" = complete ] || fail "not complete"
[ "$(tui_slot "$db" "$uuid" 0)" = pirkanmaa ] || fail "the region changed"
[ "$(tui_slot "$db" "$uuid" 2)" = yes ] || fail "1 Enter did not pick the first choice"
exit 0
