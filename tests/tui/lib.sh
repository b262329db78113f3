# lib.sh - shared helpers of the tmux-driven tests of `kysely collect`.
#
# Each test sources this file, which gives it a private tmux server
# (tmux -L kysely-test-PID), a private temporary directory $T and a
# cleanup trap. Screens are read with capture-pane; waits poll the screen
# with a timeout instead of sleeping a fixed time.
#   tui_start NAME [env VAR=...] ARGS...   start `kysely collect ARGS` in window NAME (80x24)
#   tui_keys NAME KEY...     tmux send-keys (key names: Enter, PPage, F2, C-c...)
#   tui_type NAME TEXT       type TEXT literally
#   tui_screen NAME          print the screen
#   tui_wait NAME TEXT [S]   wait up to S seconds (default 30) for TEXT on the screen
#   tui_wait_gone NAME TEXT  wait for TEXT to leave the screen
#   tui_wait_exit NAME       wait for the program to end; prints its exit status
#   tui_slots DB UUID        the stored answers of a response, one slot per line
#   tui_instances DB         the repeat instances stored, one per line
#   tui_pass_debrief NAME    close the debrief screen if one follows a submission
#   tui_press NAME KEY...    send keys to the screen in $TUI_NOW, wait for their effect
#   tui_answer_all NAME      answer every question up to the review, key by key
#   tui_skip NAME            leave the optional question on screen unanswered (Enter twice)
#   fail MESSAGE             print MESSAGE and the screens, exit 1
set -eu

command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: skipped"; exit 77; }

: "${KYSELY:?KYSELY must name the kysely binary}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
TUI_SOCK="kysely-test-$$"
T=$(mktemp -d "${TMPDIR:-/tmp}/kysely-tui.XXXXXX")
TUI_WINDOWS=""
MINI="$SRCDIR/tests/tui/mini.csv"
SURVEY="$SRCDIR/surveys/ht-needs"

tui_cleanup() {
	tmux -L "$TUI_SOCK" kill-server 2>/dev/null || true
	rm -rf "$T"
}
trap tui_cleanup EXIT INT TERM

# to stderr: a helper's stdout may be going to a file
fail() {
	exec >&2
	echo "FAIL: $*"
	for w in $TUI_WINDOWS; do
		echo "--- screen of $w:"
		tmux -L "$TUI_SOCK" capture-pane -p -t "$w" 2>/dev/null || true
		[ -s "$T/$w.err" ] && { echo "--- stderr of $w:"; cat "$T/$w.err"; }
	done
	exit 1
}

# tui_start NAME [VAR=VALUE...] -- ARGS...: the environment words before
# "--" go to env (TERM, NO_COLOR, LANG...), the rest to kysely collect.
tui_start() {
	name=$1; shift
	envs="TERM=xterm-256color LANG=C.UTF-8"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"; shift
	done
	[ $# -gt 0 ] && shift
	run="exec env -u NO_COLOR $envs '$KYSELY' collect"
	for a in "$@"; do
		run="$run '$a'"
	done
	# an inner shell notes its pid, which kysely keeps by exec; the exit
	# status goes to a file; the pane then waits so that the last screen
	# can still be read
	printf 'echo $$ >"%s"\n%s\n' "$T/$name.pid" "$run" >"$T/$name.sh"
	cmd="sh '$T/$name.sh' 2>'$T/$name.err'; echo \$? >'$T/$name.rc'; sleep 600"
	if [ -z "$TUI_WINDOWS" ]; then
		tmux -L "$TUI_SOCK" -f /dev/null new-session -d -s kt -n "$name" -x 80 -y 24 "$cmd"
	else
		tmux -L "$TUI_SOCK" new-window -d -t kt -n "$name" "$cmd"
	fi
	TUI_WINDOWS="$TUI_WINDOWS $name"
}

tui_keys() {
	name=$1; shift
	tmux -L "$TUI_SOCK" send-keys -t "kt:$name" "$@"
}

tui_type() {
	tmux -L "$TUI_SOCK" send-keys -t "kt:$1" -l "$2"
}

tui_screen() {
	tmux -L "$TUI_SOCK" capture-pane -p -t "kt:$1"
}

tui_wait() {
	tries=$(( ${3:-30} * 20 ))
	while [ $tries -gt 0 ]; do
		if tui_screen "$1" | grep -qF -- "$2"; then
			return 0
		fi
		# the program has ended: its last screen is drawn within a few
		# polls, so a missing text fails soon rather than at the timeout
		[ -e "$T/$1.rc" ] && [ $tries -gt 40 ] && tries=40
		tries=$((tries - 1))
		sleep 0.05
	done
	fail "'$2' did not appear on $1"
}

tui_wait_gone() {
	tries=$(( ${3:-30} * 20 ))
	while [ $tries -gt 0 ]; do
		tui_screen "$1" | grep -qF -- "$2" || return 0
		tries=$((tries - 1))
		sleep 0.05
	done
	fail "'$2' stayed on $1"
}

tui_wait_exit() {
	tries=$(( ${2:-30} * 20 ))
	while [ $tries -gt 0 ]; do
		if [ -s "$T/$1.rc" ]; then
			cat "$T/$1.rc"
			return 0
		fi
		tries=$((tries - 1))
		sleep 0.05
	done
	fail "$1 did not exit"
}

# The process id of the kysely running in window NAME.
tui_pid() {
	cat "$T/$1.pid"
}

tui_slots() {
	python3 "$SRCDIR/tests/tui/records.py" slots "$1" "$2"
}

# The repeat instances of every response of DB (records.py).
tui_instances() {
	python3 "$SRCDIR/tests/tui/records.py" instances "$1"
}

# The value of slot N (0-based) of a response.
tui_slot() {
	tui_slots "$1" "$2" | sed -n "$(($3 + 1))p"
}

tui_sql() {
	sqlite3 "$1" "$2"
}

# tui_change NAME BEFORE: waits until the screen of NAME differs from
# BEFORE and then holds still (two captures in a row agree, so that a
# screen tmux has only half drawn is not read); leaves it in $TUI_NOW.
# BEFORE must be the screen before a key that changes it: then the change
# seen is that key's doing.
tui_change() {
	tries=600   # 30 s: other work may share the machine
	while [ $tries -gt 0 ]; do
		TUI_NOW=$(tui_screen "$1")
		if [ "$TUI_NOW" != "$2" ]; then
			settle_prev=$TUI_NOW
			sleep 0.05
			TUI_NOW=$(tui_screen "$1")
			[ "$TUI_NOW" = "$settle_prev" ] && return 0
		else
			sleep 0.05
		fi
		tries=$((tries - 1))
	done
	fail "the screen of $1 did not change after a key"
}

# tui_wait_line NAME REGEX: waits until a line of the screen matches the
# extended REGEX; leaves the screen in $TUI_NOW.
tui_wait_line() {
	tries=600
	while [ $tries -gt 0 ]; do
		TUI_NOW=$(tui_screen "$1")
		printf '%s\n' "$TUI_NOW" | grep -qE -- "$2" && return 0
		tries=$((tries - 1))
		sleep 0.05
	done
	fail "no line matching '$2' on $1"
}

# tui_press NAME KEY...: sends the keys (tmux key names) to a screen
# that is $TUI_NOW and waits for their effect (tui_change).
tui_press() {
	name=$1; shift
	press_before=$TUI_NOW
	tui_keys "$name" "$@"
	tui_change "$name" "$press_before"
}

tui_has() {
	printf '%s\n' "$TUI_NOW" | grep -qE -- "$1"
}

# The question on $TUI_NOW: its group and first label lines, and the
# progress line (it counts the answers, so it changes when one is taken
# even where two questions start alike).
tui_question_id() {
	printf '%s\n' "$TUI_NOW" | sed -n '2,5p'
}

tui_at_review() {
	tui_has '\[ (Submit|Lähetä|Skicka) \]'
}

# A value to try in the field on $TUI_NOW, the first not yet in $tried:
# the format the screen asks for, else the low end of a range it shows
# ("(0–60)" beside the field or "0–60" in a refusal), else small numbers
# and a word.
tui_field_value() {
	low=$(printf '%s\n' "$TUI_NOW" | sed -n '3,$s/.*[^0-9.-]\(-\{0,1\}[0-9][0-9.]*\)–-\{0,1\}[0-9].*/\1/p' | head -n 1)
	if tui_has '(YYYY|VVVV|ÅÅÅÅ)-(MM|KK)-(DD|PP) (HH|TT):MM'; then
		set -- "2024-05-31 12:30"
	elif tui_has '(YYYY|VVVV|ÅÅÅÅ)-(MM|KK)-(DD|PP)'; then
		set -- 2024-05-31
	elif tui_has '(HH|TT):MM'; then
		set -- 12:30
	else
		set -- "$low" 3 1 12 30 0 kysely
	fi
	for v in "$@"; do
		[ -n "$v" ] || continue
		case " $tried " in *" $v "*) continue ;; esac
		field_value=$v
		return 0
	done
	field_value=""
}

# tui_fill_field NAME: types values into the field on $TUI_NOW until one
# is taken, each step waited for on the screen: the emptied field, the
# typed value, then Enter. C-u follows Enter so that a refusal always
# changes the screen (the field empties) even when its message is the
# one already shown; after a taken answer C-u meets the next question,
# where it does nothing that matters (a field is emptied before typing).
tui_fill_field() {
	name=$1
	tried=""
	question=$(tui_question_id)
	while :; do
		tui_field_value
		[ -n "$field_value" ] || fail "no value for the field is taken"
		tried="$tried $field_value"
		# empty: nothing but the field's blanks after "> " (then a format or range)
		tui_has '^   >( *$| {9,})' || { tui_keys "$name" C-u; tui_wait_line "$name" '^   >( *$| {9,})'; }
		tui_type "$name" "$field_value"
		tui_wait_line "$name" "^   > $(printf '%s' "$field_value" | sed 's/[].[*^$\\]/\\&/g')( |\$)"
		tui_press "$name" Enter C-u
		if tui_at_review || [ "$(tui_question_id)" != "$question" ]; then
			action="type:$field_value"
			return 0
		fi
	done
}

# tui_answer_all NAME: answers every question NAME shows until the review
# screen, whatever the form: the first choice of a list, the first box
# of a checklist, OK of an acknowledge, and for a field a value that the
# form accepts (tui_fill_field). Every key waits for its effect on the
# screen before the next is sent, so that no key lands on a question it
# was not meant for however slow the machine. Prints one line per
# question: "label => keys:Enter" for a note, the answer otherwise.
tui_answer_all() {
	name=$1
	steps=0
	tui_change "$name" ""
	while [ $steps -lt 300 ]; do
		steps=$((steps + 1))
		tui_at_review && return 0
		question=$(tui_question_id)
		label=$(printf '%s\n' "$TUI_NOW" | sed -n 4p | sed 's/^ *//')
		if tui_has '^   >( |$)'; then
			tui_fill_field "$name"
		else
			if tui_has '^   1\. \( \) ' || tui_has '^   1\. \[ \] '; then
				action="keys:1 Enter"
				tui_press "$name" 1
			elif tui_has '^   \( \) '; then
				action="keys:1 Enter"
				tui_press "$name" 1
			elif tui_has '^   \[ \] OK'; then
				action="keys:Space Enter"
				tui_press "$name" Space
			elif tui_has '^   (1\. )?\((•| )\) ' || tui_has '^   1\. \[.\] ' ||
			     tui_has '^   \[.\] OK'; then
				action="default, Enter"   # answered already
			else
				action="keys:Enter"   # a note
			fi
			tui_press "$name" Enter
			tui_at_review || [ "$(tui_question_id)" != "$question" ] ||
				fail "'$label' was not taken ($action)"
		fi
		echo "$label => $action"
	done
	fail "no review screen after 300 questions"
}

# tui_skip NAME: leaves the optional question on NAME unanswered: Enter,
# then, once collect asks whether to skip it (in any language), Enter
# again. The question's screen must not show that prompt yet.
tui_skip() {
	tui_keys "$1" Enter
	tui_wait_line "$1" '(Skip this question\?|Ohitetaanko kysymys\?|Vill du hoppa över frågan\?)'
	tui_keys "$1" Enter
}

# tui_pass_debrief NAME: after a submission, closes the debrief screen
# (form setting debrief = yes) when one appears before the program ends;
# its help line is "Enter or q: close" in every language.
tui_pass_debrief() {
	tries=$(( ${2:-10} * 20 ))
	while [ $tries -gt 0 ]; do
		[ -s "$T/$1.rc" ] && return 0
		if tui_screen "$1" | grep -qE 'Enter (or|tai|eller) q: '; then
			tui_keys "$1" q
			return 0
		fi
		tries=$((tries - 1))
		sleep 0.05
	done
}

# tui_complete_survey CODE: answers the bundled survey in language CODE
# from the welcome screen to submission with keys only, then checks that
# the response is complete, in that language, and holds exactly one
# answer for every question answered on screen.
tui_complete_survey() {
	code=$1
	db="$T/$code.db"
	case $code in
	fi) start="Aloita painamalla Enter."; review="Tarkista vastauksesi"; none="(ei vastausta)" ;;
	sv) start="Tryck Enter för att börja."; review="Granska dina svar"; none="(inget svar)" ;;
	*) start="Press Enter to start."; review="Review your answers"; none="(no answer)" ;;
	esac
	tui_start "c$code" -- "$SURVEY" --db "$db" --lang "$code"
	tui_wait "c$code" "$start"
	tui_keys "c$code" Enter
	tui_wait_gone "c$code" "$start"
	tui_answer_all "c$code" >"$T/answered-$code"
	tui_wait "c$code" "$review"
	tui_screen "c$code" | grep -qF -- "$none" && fail "the review shows an unanswered question"
	tui_keys "c$code" Enter
	# the bundled survey shows the respondent's own results (debrief = yes)
	case $code in
	fi) results="Tuloksesi" ;;
	sv) results="Dina resultat" ;;
	*) results="Your results" ;;
	esac
	tui_wait "c$code" "$results"
	tui_pass_debrief "c$code"
	[ "$(tui_wait_exit "c$code")" = 0 ] || fail "collect did not exit 0 after submitting"
	uuid=$(tui_sql "$db" "SELECT uuid FROM response WHERE status = 'complete' AND lang = '$code'")
	[ -n "$uuid" ] || fail "no complete response in '$code'"
	answered=$(grep -cv '=> keys:Enter$' "$T/answered-$code" || true)
	stored=$(tui_slots "$db" "$uuid" | grep -c . || true)
	[ "$answered" -gt 20 ] || fail "only $answered questions answered"
	[ "$answered" = "$stored" ] || {
		cat "$T/answered-$code"; tui_slots "$db" "$uuid"
		fail "$answered answers given on screen, $stored stored"
	}
}
