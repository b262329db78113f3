#!/bin/sh
# Kiosk containment beyond tests/tui/kiosk.sh (which presses Ctrl-C, Ctrl-Z
# and Ctrl-\ on the welcome screen): in the middle of questions, Ctrl-C,
# Ctrl-Z, Ctrl-\, Ctrl-D, Escape and every function key but the operator's
# F10 change nothing (the process runs on, not stopped, the question stays);
# 10,000 typed characters in a text answer neither crash nor escape; F10
# with a wrong secret stays; the respondent's answers are stored. Keys are
# read in order, so F2 (the next language) after the hostile keys, seen on
# the screen, shows they were all read.
. "$SRCDIR/tests/tui/lib.sh"
db="$T/k.db"
secret="$T/secret"
( umask 077; printf 'vuoro 7\n' >"$secret" )
alive() {
	pid=$(cat "$T/k.pid")
	[ -e "$T/k.rc" ] && fail "the kiosk ended after $1 (exit $(cat "$T/k.rc"))"
	state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
	[ "$state" != T ] || fail "the kiosk was stopped by $1"
}
hostile_keys() {   # $1, $2: the question in English and in Finnish
	for k in C-c C-z 'C-\' C-d Escape F1 F3 F5 F6 F7 F8 F9 F11 F12 C-z C-c; do
		tui_keys k "$k"
	done
	tui_keys k F2
	tui_wait k "$2"
	alive "control and function keys"
	tui_keys k F2 F2
	tui_wait k "$1"
}

tui_start k -- "$MINI" --db "$db" --lang en --kiosk --kiosk-secret-file "$secret"
tui_wait k "Press Enter to start."
tui_keys k Enter
tui_wait k "What is your profession?"
hostile_keys "What is your profession?" "Mikä on ammattisi?"
tui_keys k 1 Enter
tui_wait k "Your age in years"
tui_type k 4
hostile_keys "Your age in years" "Ikäsi vuosina"
tui_type k 2
tui_keys k Enter
tui_wait k "Have you met"
tui_keys k 2 Enter
tui_wait k "I recognise"
tui_skip k
tui_wait k "Which topics"
tui_skip k
tui_wait k "When were you last"
tui_skip k
tui_wait k "Comments"
i=0
while [ $i -lt 10 ]; do
	tui_type k "$(printf 'x%.0s' $(seq 1000))"
	i=$((i + 1))
done
hostile_keys "Comments" "Kommentit"
tui_keys k Enter
# the review screen (or a message about the long answer) is reachable
tui_wait k "Review your answers" 10
alive "10,000 typed characters"
for word in sh exit "vuoro 8"; do
	tui_keys k F10
	tui_wait k "operator secret"
	tui_type k "$word"
	tui_keys k Enter
	tui_wait_gone k "operator secret"
	alive "F10 and '$word'"
	tui_wait k "Review your answers"
done
tui_keys k Enter
# the thank-you screen stays until Enter (or 20 s) before the next respondent
tui_wait k "Thank you!"
tui_keys k Enter
tui_wait k "Press Enter to start."
alive "the submission"
tui_keys k F10
tui_wait k "operator secret"
tui_type k "vuoro 7"
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
