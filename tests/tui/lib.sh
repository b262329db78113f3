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
#   tui_wait NAME TEXT [S]   wait up to S seconds (default 10) for TEXT on the screen
#   tui_wait_gone NAME TEXT  wait for TEXT to leave the screen
#   tui_wait_exit NAME       wait for the program to end; prints its exit status
#   tui_slots DB UUID        the stored answers of a response, one slot per line
#   tui_pass_debrief NAME    close the debrief screen if one follows a submission
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

fail() {
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
	tries=$(( ${3:-10} * 20 ))
	while [ $tries -gt 0 ]; do
		if tui_screen "$1" | grep -qF -- "$2"; then
			return 0
		fi
		[ -e "$T/$1.rc" ] && [ "$2" != "" ] && sleep 0.2 && tui_screen "$1" | grep -qF -- "$2" && return 0
		tries=$((tries - 1))
		sleep 0.05
	done
	fail "'$2' did not appear on $1"
}

tui_wait_gone() {
	tries=$(( ${3:-10} * 20 ))
	while [ $tries -gt 0 ]; do
		tui_screen "$1" | grep -qF -- "$2" || return 0
		tries=$((tries - 1))
		sleep 0.05
	done
	fail "'$2' stayed on $1"
}

tui_wait_exit() {
	tries=$(( ${2:-10} * 20 ))
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
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db, uuid = sys.argv[1], sys.argv[2]
row = sqlite3.connect(db).execute("SELECT answers FROM response WHERE uuid = ?", (uuid,)).fetchone()
if row is None:
    sys.exit("no response " + uuid)
blob, i = bytes(row[0] or b""), 0
while i < len(blob):
    n = shift = 0
    while True:
        b = blob[i]; i += 1
        n |= (b & 0x7f) << shift; shift += 7
        if not b & 0x80:
            break
    print(blob[i:i + n].decode("utf-8").replace("\n", " "))
    i += n
PY
}

# The value of slot N (0-based) of a response.
tui_slot() {
	tui_slots "$1" "$2" | sed -n "$(($3 + 1))p"
}

tui_sql() {
	sqlite3 "$1" "$2"
}

# tui_answer_all NAME: answers every question NAME shows until the review
# screen, whatever the form: the first choice of a list, the first box
# of a checklist, OK of an acknowledge, and for a field the first of a
# few values that the form accepts (a date, the low end of a range, small
# numbers, a word). Prints one line per answered question.
tui_answer_all() {
	name=$1
	steps=0
	before=$(tui_screen "$name")
	while [ $steps -lt 300 ]; do
		steps=$((steps + 1))
		if printf '%s\n' "$before" | grep -qE '\[ (Submit|Lähetä|Skicka) \]'; then
			return 0
		fi
		question=$(printf '%s\n' "$before" | sed -n 3,5p)
		if printf '%s\n' "$before" | grep -qE '^   1\. \((•| )\) '; then
			set -- "keys:1 Enter"
		elif printf '%s\n' "$before" | grep -qE '^   \((•| )\) '; then
			set -- "keys:1 Enter"
		elif printf '%s\n' "$before" | grep -qE '^   1\. \[.\] '; then
			set -- "keys:1 Enter"
		elif printf '%s\n' "$before" | grep -qE '^   \[.\] OK'; then
			set -- "keys:Space Enter"
		elif printf '%s\n' "$before" | grep -qE '^   >( |$)'; then
			low=$(printf '%s\n' "$before" | sed -n 's/.*(\(-\{0,1\}[0-9.]*\)–[0-9.-]*).*/\1/p' | head -n 1)
			if printf '%s\n' "$before" | grep -qE '(YYYY|VVVV|ÅÅÅÅ)-MM-DD|(VVVV|ÅÅÅÅ)-KK-PP'; then
				set -- "type:2024-05-31"
			elif printf '%s\n' "$before" | grep -qE '(HH|TT):MM'; then
				set -- "type:12:30"
			elif [ -n "$low" ]; then
				set -- "type:$low"
			else
				set -- "type:3" "type:1" "type:12" "type:30" "type:0" "type:kysely"
			fi
		else
			set -- "keys:Enter"   # a note
		fi
		for try in "$@"; do
			case $try in
			keys:*) tui_keys "$name" ${try#keys:} ;;
			# values without blanks: tmux sends a word that is no key name as text
			type:*) tui_keys "$name" C-u "${try#type:}" Enter ;;
			esac
			# wait for the screen to change, then see whether the question did
			tries=100
			while [ $tries -gt 0 ] && [ "$(tui_screen "$name")" = "$before" ]; do
				tries=$((tries - 1)); sleep 0.05
			done
			# then until it settles: under load a list redraws for the
			# digit before the Enter that follows is handled
			after=$(tui_screen "$name")
			settle=40
			while [ $settle -gt 0 ]; do
				sleep 0.15
				now=$(tui_screen "$name")
				[ "$now" = "$after" ] && break
				after=$now
				settle=$((settle - 1))
			done
			before=$after
			if [ "$(printf '%s\n' "$after" | sed -n 3,5p)" != "$question" ] ||
			   printf '%s\n' "$after" | grep -qE '\[ (Submit|Lähetä|Skicka) \]'; then
				echo "$(printf '%s\n' "$question" | sed -n 2p | sed 's/^ *//') => $try"
				break
			fi
		done
	done
	fail "no review screen after 300 questions"
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
