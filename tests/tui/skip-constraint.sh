#!/bin/sh
# Skip logic hides a question until its condition holds, shows it when an
# earlier answer changes, and clears its stored answer when it turns
# irrelevant again; a constraint blocks with the form's message.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

tui_start s -- "$MINI" --db "$db" --lang en
tui_wait s "Press Enter to start."
tui_keys s Enter
tui_wait s "What is your profession?"
tui_keys s 1 Enter
tui_wait s "Your age in years"

# the constraint: 15 is refused with the form's message and not stored
tui_type s 15
tui_keys s Enter
tui_wait s "Age must be 18–80 years"
tui_screen s | grep -qF "Your age in years" || fail "a refused answer left the question"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ "$(tui_slot "$db" "$uuid" 2)" = "" ] || fail "a refused age was stored"
tui_keys s C-u
tui_type s 30
tui_keys s Enter
tui_wait s "Have you met a victim"
[ "$(tui_slot "$db" "$uuid" 2)" = "30" ] || fail "age 30 was not stored"

# No: the follow-up is skipped, the group title shows above the next question
tui_keys s 2 Enter
tui_wait s "I recognise the signs"
tui_wait s "Competence"   # the group title

# back, Yes: the follow-up appears
tui_keys s PPage
tui_wait s "Have you met a victim"
tui_keys s 1 Enter
tui_wait s "How many times?"
tui_type s 3
tui_keys s Enter
tui_wait s "I recognise the signs"
[ "$(tui_slot "$db" "$uuid" 4)" = "3" ] || fail "times was not stored"

# back twice, No again: the follow-up's answer is cleared in the database
tui_keys s PPage
tui_wait s "How many times?"
tui_keys s BTab
tui_wait s "Have you met a victim"
tui_keys s 2 Enter
tui_wait s "I recognise the signs"
[ "$(tui_slot "$db" "$uuid" 3)" = "no" ] || fail "met_victim is not 'no'"
[ "$(tui_slot "$db" "$uuid" 4)" = "" ] || fail "the hidden question kept its answer"

# F10 leaves; the response stays partial
tui_keys s F10
[ "$(tui_wait_exit s)" = 0 ] || fail "collect did not exit 0"
grep -qF -- "--resume $uuid" "$T/s.err" || fail "the resume hint is missing"
[ "$(tui_sql "$db" "SELECT status FROM response")" = partial ] || fail "not partial"
exit 0
