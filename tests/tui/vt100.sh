#!/bin/sh
# Without colours (TERM=vt100, NO_COLOR) every screen still works: the
# keys of the contract (Page Up, digits, Space, Enter, F2) and the
# monochrome highlight.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

tui_start v TERM=vt100 NO_COLOR=1 -- "$MINI" --db "$db"
tui_wait v "Aloita painamalla Enter."
tui_keys v F2
tui_wait v "Tryck Enter för att börja."
tui_keys v Enter
tui_wait v "Vilket är ditt yrke?"
tui_keys v F2
tui_wait v "What is your profession?"
tui_keys v Down Down Down Enter
tui_wait v "Your age in years"
tui_keys v PPage
tui_wait v "(•) Midwife"
tui_keys v Enter
tui_wait v "Your age in years"   # typed on the list, 2 would pick another profession
tui_type v 28
tui_keys v Enter
tui_wait v "Have you met"
tui_keys v 2 Enter
tui_wait v "I recognise"
tui_keys v Right Right Right Enter
tui_wait v "Which topics"
tui_keys v Down Space Enter
tui_wait v "When were you last trained?"
tui_skip v
tui_wait v "Comments, Midwife"
tui_skip v
tui_wait v "Review your answers"
tui_keys v Enter
[ "$(tui_wait_exit v)" = 0 ] || fail "collect did not exit 0"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ "$(tui_sql "$db" "SELECT lang FROM response")" = en ] || fail "language switch not recorded"
[ "$(tui_slots "$db" "$uuid" | sed -n '2,7p' | tr '\n' ' ')" = "midwife 28 no  3 referral " ] ||
	fail "answers: $(tui_slots "$db" "$uuid" | tr '\n' ' ')"
exit 0
