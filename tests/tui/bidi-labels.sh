#!/bin/sh
# Invisible format characters in a form's labels (RLO, ZWSP, BOM, LRI)
# are shown as U+FFFD on the collect screen, not obeyed: an RLO would
# reorder the question on a BiDi-capable terminal, a zero-width character
# hide text (SECURITY.md). A C1 control becomes a blank.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
mkdir "$T/f"
printf 'type,name,label\nselect_one c,q,Q a\342\200\256b\342\200\213c\357\273\277d end\n' >"$T/f/survey.csv"
printf 'list_name,name,label\nc,x,X e\342\201\246f\302\233g\n' >"$T/f/choices.csv"
printf 'form_id,form_title,version\nf,T,1\n' >"$T/f/settings.csv"
tui_start b -- "$T/f" --db "$T/b.db"
tui_wait b "Press Enter to start."
tui_keys b Enter
tui_wait b "Q a�b�c�d end"
tui_wait b "X e�f g"
if tui_screen b | grep -q "$(printf '\342\200[\213\256]\|\357\273\277\|\342\201\246')"; then
	fail "a format character reached the screen"
fi
echo "ok - RLO, ZWSP, BOM and LRI in labels shown as U+FFFD, C1 as a blank"
