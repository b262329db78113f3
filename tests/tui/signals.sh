#!/bin/sh
# SIGTERM and SIGHUP end collect cleanly: the terminal is restored (the
# alternate screen is left), the answers are kept, the resume id is
# printed; SIGSEGV and SIGABRT restore the terminal before dying; kill -9
# cannot restore, which shows that the check can fail.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

alternate() {
	tmux -L "$TUI_SOCK" display-message -p -t "kt:$1" '#{alternate_on}'
}

# restored NAME: the alternate screen is left, once tmux has read the
# program's last output (which may come after its exit status)
restored() {
	tries=600
	while [ "$(alternate "$1")" != 0 ]; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.05
	done
}

for sig in TERM HUP; do
	tui_start "$sig" -- "$MINI" --db "$db" --lang en
	tui_wait "$sig" "Press Enter to start."
	tui_keys "$sig" Enter
	tui_wait "$sig" "What is your profession?"
	tui_keys "$sig" 3 Enter
	tui_wait "$sig" "Your age in years"
	[ "$(alternate "$sig")" = 1 ] || fail "curses did not use the alternate screen"
	kill -"$sig" "$(tui_pid "$sig")"
	[ "$(tui_wait_exit "$sig")" = 0 ] || fail "SIG$sig: exit status not 0"
	restored "$sig" || fail "SIG$sig: the terminal was not restored"
	grep -qF -- "--resume" "$T/$sig.err" || fail "SIG$sig: no resume hint"
done
[ "$(tui_sql "$db" "SELECT count(*) FROM response WHERE status = 'partial'")" = 2 ] ||
	fail "two partial responses expected"
for u in $(tui_sql "$db" "SELECT uuid FROM response"); do
	[ "$(tui_slot "$db" "$u" 1)" = midwife ] || fail "answer lost on a signal"
done

# a fatal signal restores the terminal, then dies of it (status 128 + signal)
for sig in SEGV ABRT; do
	tui_start "$sig" -- "$MINI" --db "$db" --lang en
	tui_wait "$sig" "Press Enter to start."
	kill -"$sig" "$(tui_pid "$sig")"
	status=$(tui_wait_exit "$sig")
	[ "$status" -gt 128 ] || fail "SIG$sig: exit status $status"
	restored "$sig" || fail "SIG$sig: the terminal was not restored"
done

tui_start K -- "$MINI" --db "$db" --lang en
tui_wait K "Press Enter to start."
kill -9 "$(tui_pid K)"
tui_wait_exit K >/dev/null
[ "$(alternate K)" = 1 ] || fail "the restore check cannot tell a killed program"
exit 0
