#!/bin/sh
# In a small window a note longer than the screen scrolls with Down/Up
# (arrows show there is more) and a long choice list scrolls with the
# highlight.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

tui_start l -- "$SURVEY" --db "$db" --lang en
tmux -L "$TUI_SOCK" resize-window -t kt:l -x 60 -y 14
tui_wait l "Press Enter to start."
# the margin arrows end their line (the help line names the keys too)
margin() {
	tries=600
	while [ $tries -gt 0 ]; do
		if tui_screen l | grep -q "$1\$"; then
			[ "$2" = shown ] && return 0
		else
			[ "$2" = gone ] && return 0
		fi
		tries=$((tries - 1)); sleep 0.05
	done
	fail "margin arrow $1 not $2"
}
tui_keys l Enter
margin "↓" shown
margin "↑" gone
for i in $(seq 30); do
	tui_keys l Down
done
margin "↑" shown
margin "↓" gone
tui_keys l Up
margin "↓" shown

# the profession list: the highlight walks below the window's last row
tui_keys l Enter
tui_wait l "1. ( )"
for i in 1 2 3 4 5 6 7 8; do
	tui_keys l Down
done
tui_wait l "8. (•)"
tui_screen l | grep -qF "1. ( )" && fail "the list did not scroll"
tui_keys l Enter
tui_wait_gone l "8. (•)"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ -n "$(tui_slot "$db" "$uuid" 0)" ] || fail "the eighth choice was not stored"
exit 0
