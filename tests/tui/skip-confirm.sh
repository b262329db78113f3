#!/bin/sh
# Skipping is a choice: Enter on an optional question left unanswered
# asks once, in the respondent's language, and stays; Enter again skips
# it and stores nothing. Any other key takes the question back, coming
# back to the question asks again, a required question keeps its own
# message and an answered one goes on at the first Enter; notes never ask.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
form="$SRCDIR/tests/tui/skip.csv"
db="$T/s.db"
ask="Skip this question? Press Enter again to skip it."

tui_start s -- "$form" --db "$db" --lang en
tui_wait s "Press Enter to start."
tui_keys s Enter
tui_wait s "Welcome to the survey."
# a note goes on at the first Enter
tui_keys s Enter
tui_wait s "Do you have a pet?"
tui_screen s | grep -qF "Skip this" && fail "a note asked to be skipped"

# an empty optional list: Enter asks and stays
tui_keys s Enter
tui_wait s "$ask"
tui_screen s | grep -qF "Do you have a pet?" || fail "the first Enter left the question"
# moving takes the question back; Backspace empties the choice again
tui_keys s Down
tui_wait_gone s "$ask"
tui_wait s "(•) Yes"
tui_keys s BSpace
tui_wait_gone s "(•) Yes"
tui_keys s Enter
tui_wait s "$ask"
tui_keys s Enter
tui_wait s "How many cups of coffee a day?"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ -n "$uuid" ] || fail "no response"

# typing takes the question back; an answered question goes on at once
tui_keys s Enter
tui_wait s "$ask"
tui_type s 2
tui_wait_gone s "$ask"
tui_wait_line s '^   > 2( |$)'
tui_keys s Enter
tui_wait s "Your first name"
[ "$(tui_slot "$db" "$uuid" 1)" = 2 ] || fail "cups = 2 was not stored"

# a required question says that it needs an answer, and stays
tui_keys s Enter
tui_wait s "This question needs an answer."
tui_screen s | grep -qF "Skip this" && fail "a required question offered to skip"
tui_screen s | grep -qF "Your first name" || fail "Enter left a required question unanswered"
tui_type s Ann
tui_wait_line s '^   > Ann( |$)'
tui_keys s Enter
tui_wait s "Any remarks?"

# asked, then back and forth: the question asks again
tui_keys s Enter
tui_wait s "$ask"
tui_keys s PPage
tui_wait s "Your first name"
tui_wait_gone s "$ask"
tui_keys s Enter
tui_wait s "Any remarks?"
tui_screen s | grep -qF "Skip this" && fail "the question came back still asking"
tui_keys s Enter
tui_wait s "$ask"
tui_keys s Enter
tui_wait s "Review your answers"

# the review shows the skipped questions as unanswered; submit
[ "$(tui_screen s | grep -cF '(no answer)')" = 2 ] || fail "the review does not show two unanswered questions"
tui_keys s Enter
[ "$(tui_wait_exit s)" = 0 ] || fail "collect did not exit 0 after submitting"
[ "$(tui_sql "$db" "SELECT status FROM response")" = complete ] || fail "the response is not complete"
# pet (slot 0) and remark (slot 3) were never stored, not even as empty
[ "$(tui_slot "$db" "$uuid" 0)" = "" ] || fail "the skipped pet holds an answer"
[ "$(tui_slot "$db" "$uuid" 3)" = "" ] || fail "the skipped remark holds an answer"
[ "$(tui_sql "$db" "SELECT count(*) FROM answer_log WHERE slot IN (0, 3)")" = 0 ] ||
	fail "the answer log holds a skipped question"
[ "$(tui_sql "$db" "SELECT group_concat(slot || '=' || value, ' ') FROM answer_log")" = "1=2 2=Ann" ] ||
	fail "the answer log does not hold exactly cups and the name"

# in Finnish, then in Swedish after F2 (which takes the question back too)
tui_start f -- "$form" --db "$T/f.db" --lang fi
tui_wait f "Aloita painamalla Enter."
tui_keys f Enter
tui_wait f "Tervetuloa kyselyyn."
tui_keys f Enter
tui_wait f "Onko sinulla lemmikkiä?"
tui_keys f Enter
tui_wait f "Ohitetaanko kysymys? Ohita painamalla Enter uudelleen."
tui_keys f F2
tui_wait f "Har du ett husdjur?"
tui_wait_gone f "Ohitetaanko"
tui_screen f | grep -qF "Vill du hoppa" && fail "F2 kept the question asked"
tui_keys f Enter
tui_wait f "Vill du hoppa över frågan? Tryck Enter igen för att hoppa över den."
tui_keys f Enter
tui_wait f "Hur många koppar kaffe dricker du om dagen?"
tui_keys f F10
[ "$(tui_wait_exit f)" = 0 ] || fail "collect did not exit 0 on F10"
exit 0
