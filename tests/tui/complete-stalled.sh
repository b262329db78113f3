#!/bin/sh
# A respondent completes the bundled survey in 'en' while the program
# stalls for 10 s, twice (SIGSTOP, as a machine busy with other work or a
# slow disk can stall it): the keys wait for the screen, so no key lands on
# a question it was not meant for and every answer given on screen is in
# the database, once. (The helpers once gave up waiting after 5 s and sent
# the keys again, and a question got an answer nobody saw: this test
# failed with them, '57 answers given on screen, 58 stored'.)
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"

# answers: how many answers the survey has logged so far
answers() {
	sqlite3 "$T/en.db" 'SELECT count(*) FROM answer_log' 2>/dev/null || echo 0
}

# Stall once 3 and once 12 answers are stored: the state to wait on is the
# database; the 6 s is how long the program stays stopped, not a wait.
(
	for at in 3 12; do
		tries=1200
		until [ -s "$T/cen.pid" ] && [ "$(answers)" -ge $at ]; do
			tries=$((tries - 1))
			[ $tries -gt 0 ] || exit 0
			sleep 0.05
		done
		pid=$(cat "$T/cen.pid")
		kill -STOP "$pid" 2>/dev/null || exit 0
		echo "stopped at $at answers" >>"$T/stalls"
		sleep 10
		kill -CONT "$pid" 2>/dev/null || exit 0
	done
) &
stopper=$!
tui_complete_survey en
wait $stopper
[ "$(grep -c stopped "$T/stalls" 2>/dev/null)" = 2 ] || fail "the program was not stalled twice"
exit 0
