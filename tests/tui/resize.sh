#!/bin/sh
# A resize re-lays out the screen: a long label wraps to the new width,
# a too small window says so, and growing back restores the layout.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

tui_start r -- "$MINI" --db "$db" --lang en
tui_wait r "Press Enter to start."
tui_keys r Enter
tui_keys r 1 Enter
tui_wait r "Your age in years"
tui_type r 50
tui_keys r Enter
tui_wait r "Have you met a victim of trafficking in your work?"

tmux -L "$TUI_SOCK" resize-window -t kt:r -x 44 -y 16
tui_wait r "Have you met a victim of trafficking in"
tui_wait_line r '^  your work\?'   # the label wrapped at 44 columns
tui_wait r "1. ( ) Yes"   # choices kept after the resize

tmux -L "$TUI_SOCK" resize-window -t kt:r -x 30 -y 8
tui_wait r "Window too small"

tmux -L "$TUI_SOCK" resize-window -t kt:r -x 100 -y 30
tui_wait r "Have you met a victim of trafficking in your work?"
tui_wait r "2. ( ) No"   # and after growing
# still answering the same respondent
tui_keys r 2 Enter
tui_wait r "I recognise the signs"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ "$(tui_slot "$db" "$uuid" 3)" = no ] || fail "answer after resize not stored"
exit 0
