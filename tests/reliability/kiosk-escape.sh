#!/bin/sh
# Kiosk containment beyond tests/tui/kiosk.sh (which presses Ctrl-C, Ctrl-Z
# and Ctrl-\ on the welcome screen): in the middle of questions, Ctrl-C,
# Ctrl-Z, Ctrl-\, Ctrl-D, Escape and every function key but the operator's
# F10 change nothing (the process runs on, not stopped, the question stays);
# 10,000 typed characters in a text answer neither crash nor escape; F10
# with a wrong word stays; the respondent's answers are stored.
. "$SRCDIR/tests/tui/lib.sh"
db="$T/k.db"
alive() {
	pid=$(cat "$T/k.pid")
	[ -e "$T/k.rc" ] && fail "the kiosk ended after $1 (exit $(cat "$T/k.rc"))"
	state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
	[ "$state" != T ] || fail "the kiosk was stopped by $1"
}
hostile_keys() {   # $1: text that must stay on the screen
	for k in C-c C-z 'C-\' C-d Escape F1 F3 F5 F6 F7 F8 F9 F11 F12 C-z C-c; do
		tui_keys k "$k"
	done
	sleep 0.5
	alive "control and function keys"
	tui_wait k "$1"
}

tui_start k -- "$MINI" --db "$db" --lang en --kiosk
tui_wait k "Press Enter to start."
tui_keys k Enter
tui_wait k "What is your profession?"
hostile_keys "What is your profession?"
tui_keys k 1 Enter
tui_wait k "Your age in years"
tui_type k 4
hostile_keys "Your age in years"
tui_type k 2
tui_keys k Enter
tui_wait k "Have you met"
tui_keys k 2 Enter
tui_wait k "I recognise"
tui_keys k Enter
tui_wait k "Which topics"
tui_keys k Enter
tui_wait k "When were you last"
tui_keys k Enter
tui_wait k "Comments"
i=0
while [ $i -lt 10 ]; do
	tui_type k "$(printf 'x%.0s' $(seq 1000))"
	i=$((i + 1))
done
hostile_keys "Comments"
tui_keys k Enter
sleep 0.5
alive "10,000 typed characters"
tui_keys k F10
tui_wait k "operator"
tui_type k "sh"
tui_keys k Enter
sleep 0.5
alive "F10 and a wrong word"
# the review screen (or a message about the long answer) is reachable
tui_wait k "Review your answers" 10
tui_keys k Enter
# the thank-you screen stays until Enter (or 20 s) before the next respondent
tui_wait k "Thank you!"
tui_keys k Enter
tui_wait k "Press Enter to start."
alive "the submission"
tui_keys k F10
tui_wait k "operator"
tui_type k exit
tui_keys k Enter
[ "$(tui_wait_exit k)" = 0 ] || fail "kiosk did not exit 0"
[ "$(tui_sql "$db" "SELECT count(*) FROM response WHERE status = 'complete'")" = 1 ] ||
	fail "one complete response expected"
[ -s "$T/k.err" ] && fail "stderr: $(cat "$T/k.err")"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
tui_slots "$db" "$uuid" >"$T/slots"
grep -q "xxxxxxxxxx" "$T/slots" || fail "the long comment was not stored: $(cut -c1-80 "$T/slots")"
echo "ok - kiosk contained; comment of $(grep -o "x*" "$T/slots" | awk "{ if (length > m) m = length } END { print m }") characters stored"
exit 0
