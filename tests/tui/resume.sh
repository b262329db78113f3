#!/bin/sh
# kill -9 in the middle of a survey loses at most the field being typed;
# --resume ID continues at the first unanswered question with every
# earlier answer present, and the completed response holds them all.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

tui_start a -- "$MINI" --db "$db" --lang en
tui_wait a "Press Enter to start."
tui_keys a Enter
tui_wait a "What is your profession?"
tui_keys a 2 Enter
tui_wait a "Your age in years"
tui_type a 45
tui_keys a Enter
tui_wait a "Have you met a victim"
tui_keys a 1 Enter
tui_wait a "How many times?"
tui_type a 7          # typed, never accepted
tui_wait a "> 7"
pid=$(tui_pid a)
[ -n "$pid" ] || fail "no kysely process"
kill -9 "$pid"
[ "$(tui_wait_exit a)" = 137 ] || fail "kysely was not killed"

uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ "$(tui_sql "$db" "SELECT status FROM response")" = partial ] || fail "not partial after kill"
[ "$(tui_slot "$db" "$uuid" 1)" = doctor ] || fail "profession lost"
[ "$(tui_slot "$db" "$uuid" 2)" = 45 ] || fail "age lost"
[ "$(tui_slot "$db" "$uuid" 3)" = yes ] || fail "met_victim lost"
[ "$(tui_slot "$db" "$uuid" 4)" = "" ] || fail "the unaccepted field was stored"
[ -n "$(tui_slot "$db" "$uuid" 0)" ] || fail "start time missing"

# the operator lists unfinished responses
"$KYSELY" collect "$MINI" --db "$db" --list-partial >"$T/partial.txt"
grep -qx "$uuid" "$T/partial.txt" || fail "--list-partial does not list $uuid"

# the welcome screen offers it to the operator (F4), without starting a new response
tui_start w -- "$MINI" --db "$db" --lang en
tui_wait w "F4: continue an unfinished response (1)"
tui_keys w F4
tui_wait w "Unfinished responses"
tui_wait w "$uuid"
tui_keys w Escape
tui_wait w "Press Enter to start."
tui_keys w F10
[ "$(tui_wait_exit w)" = 0 ] || fail "quitting from the welcome screen failed"
[ "$(tui_sql "$db" "SELECT count(*) FROM response")" = 1 ] || fail "the welcome screen made a response"

tui_start b -- "$MINI" --db "$db" --resume "$uuid"
tui_wait b "How many times?"
tui_wait b "3 answered"   # the progress counts the earlier answers
tui_type b 4
tui_keys b Enter
tui_wait b "I recognise the signs"
tui_keys b 4 Enter
tui_wait b "Which topics"
tui_keys b 1 3 Enter
tui_wait b "When were you last trained?"
tui_type b 2024-05-31
tui_keys b Enter
tui_wait b "Comments, Doctor"
tui_type b "Hyvä päivä"
tui_keys b Enter
tui_wait b "Review your answers"
tui_wait b "Doctor"   # the review shows the earlier answer
tui_keys b Enter
[ "$(tui_wait_exit b)" = 0 ] || fail "collect did not exit 0 after submit"

[ "$(tui_sql "$db" "SELECT status FROM response")" = complete ] || fail "not complete"
[ "$(tui_sql "$db" "SELECT count(*) FROM response")" = 1 ] || fail "resume made a new response"
tui_slots "$db" "$uuid" >"$T/slots"
expected="doctor
45
yes
4
4
indicators interpreting
2024-05-31
Hyvä päivä
40plus"
[ "$(sed -n 2,10p "$T/slots")" = "$expected" ] || { cat "$T/slots"; fail "answers differ"; }
[ -n "$(sed -n 11p "$T/slots")" ] || fail "end time missing"
exit 0
