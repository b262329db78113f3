#!/bin/sh
# The question types the other tmux tests never reach (tests/tui/types.csv):
# rank, range, time, datetime, date, acknowledge and a decimal with a
# constraint, answered with keys as a respondent would. Each screen shows
# its label, widget and key help; a bad value (25:99, an impossible date,
# a value off the range or its steps, a comma as decimal mark...) is
# refused with a message under the field and never reaches the database;
# the export holds exactly the accepted answers in the spec's formats and
# imports back into a fresh database.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
FORM="$SRCDIR/tests/tui/types.csv"
db="$T/k.db"

# Slots of the form, in form order (a note holds none): opened 0,
# fruit_rank 1, satisfaction 2, woke 3, shift_start 4, birth 5, consent 6,
# weight 7, closed 8.

# The values ever written to slot $1 of the response, oldest first: the
# store logs every answer it commits (answer_log), so a refused value
# that had reached the database would show here.
logged() {
	tui_sql "$db" "SELECT l.value FROM answer_log AS l JOIN response AS r ON r.id = l.response
		WHERE r.uuid = '$uuid' AND l.slot = $1 ORDER BY l.id"
}

# stored SLOT VALUE: VALUE is the one thing ever written to SLOT.
stored() {
	got=$(logged "$1")
	[ "$got" = "$2" ] || fail "slot $1 holds '$got', not '$2'"
}

# refused NAME LABEL MESSAGE SLOT: the answer just entered was refused
# with MESSAGE shown, the question LABEL is still on screen and nothing
# was written to its slot. MESSAGE is never on the screen before the key
# that is refused, so once it shows the key has been handled.
refused() {
	tui_wait "$1" "$3"
	tui_screen "$1" | grep -qF -- "$2" || fail "a refused answer left '$2'"
	[ -z "$(logged "$4")" ] || fail "a refused answer of '$2' was stored: $(logged "$4")"
}

# on_screen_soon NAME TEXT...: every TEXT comes on the screen.
on_screen_soon() {
	name=$1; shift
	for text in "$@"; do
		tui_wait "$name" "$text"
	done
}

# on_screen NAME TEXT...: every TEXT is on the screen now.
on_screen() {
	name=$1; shift
	for text in "$@"; do
		tui_screen "$name" | grep -qF -- "$text" || fail "'$text' is not on $name"
	done
}

tui_start t -- "$FORM" --db "$db" --lang en
tui_wait t "Press Enter to start."
tui_keys t Enter

# note: its text and the key to continue
tui_wait t "This form asks one question of each kind."
on_screen t "Enter: continue"
uuid=$(tui_sql "$db" "SELECT uuid FROM response")
[ -n "$uuid" ] || fail "no response row after the start"
tui_keys t Enter

# rank: numbered boxes, the keys that order them
tui_wait t "Put the fruits in order, favourite first"
on_screen t "1. [ ] Apple" "2. [ ] Banana" "3. [ ] Cherry" "4. [ ] Plum" \
	"Space/1-9: add in order"
# nothing ranked: a required rank is refused
tui_keys t Enter
refused t "Put the fruits in order" "This question needs an answer." 1
# the highlight with Down and Space, then digits; each gets the next place
tui_keys t Down Down Space
tui_wait t "3. [1] Cherry"
tui_keys t 4
tui_wait t "4. [2] Plum"
tui_keys t 2
tui_wait t "2. [3] Banana"
tui_keys t 1
tui_wait t "1. [4] Apple"
# a second press takes a choice out and closes the gap; a third puts it last
tui_keys t 4
tui_wait t "4. [ ] Plum"
on_screen t "3. [1] Cherry" "2. [2] Banana" "1. [3] Apple"
tui_keys t 4
tui_wait t "4. [4] Plum"
tui_keys t Enter

# range: a typed field with its bounds beside it
tui_wait t "How satisfied are you with your training?"
on_screen t "0 = not at all" "(0–100)" "Type your answer"
stored 1 "cherry banana apple plum"
# back to the rank: the order is shown as it was given
tui_keys t PPage
tui_wait t "Put the fruits in order, favourite first"
on_screen t "3. [1] Cherry" "2. [2] Banana" "1. [3] Apple" "4. [4] Plum"
tui_keys t Enter
tui_wait t "How satisfied are you with your training?"
tui_type t 150
tui_keys t Enter
refused t "How satisfied are you" "Choose a number from 0 to 100." 2
# inside the bounds but off the steps of 10: the message says why
tui_keys t C-u
tui_type t 55
tui_keys t Enter
refused t "How satisfied are you" "Choose a number from 0 to 100 in steps of 10." 2
tui_keys t C-u
tui_type t 70
tui_keys t Enter

# time
tui_wait t "What time did you wake up today?"
on_screen t "HH:MM"
stored 2 70
tui_type t 25:99
tui_keys t Enter
refused t "What time did you wake up today?" "Type a time as HH:MM, e.g. 14:30." 3
tui_screen t | grep -qF "> 25:99" || fail "the refused time is no longer in the field"
tui_keys t C-u
tui_type t 07:45
tui_keys t Enter

# datetime: typed with a blank as the screen shows, stored as ISO 8601
tui_wait t "When did your last shift start?"
on_screen t "YYYY-MM-DD HH:MM"
stored 3 07:45
tui_type t "2024-02-30 10:00"
tui_keys t Enter
refused t "When did your last shift start?" "Type a date and time as YYYY-MM-DD HH:MM." 4
tui_keys t C-u
tui_type t "2024-03-01 09:15"
tui_keys t Enter

# date: 29 February only in a leap year
tui_wait t "What is your date of birth?"
on_screen t "YYYY-MM-DD"
stored 4 2024-03-01T09:15
tui_type t 1991-02-29
tui_keys t Enter
refused t "What is your date of birth?" "Type a date as YYYY-MM-DD, e.g. 2024-05-31." 5
tui_keys t C-u
tui_type t 1992-02-29
tui_keys t Enter

# acknowledge: required, so Enter without OK is refused; Space and 1 toggle
tui_wait t "I agree that my answers are used for research."
on_screen t "[ ] OK" "Space: OK on/off"
stored 5 1992-02-29
tui_keys t Enter
refused t "I agree that my answers" "This question needs an answer." 6
tui_keys t Space
tui_wait t "[x] OK"
tui_keys t Space
tui_wait t "[ ] OK"
tui_keys t 1
tui_wait t "[x] OK"
tui_keys t Enter

# decimal: a comma is no decimal mark; the constraint's own message
tui_wait t "Your weight in kilograms"
stored 6 OK
tui_type t 3,5
tui_keys t Enter
refused t "Your weight in kilograms" "Type a number, e.g. 3.5 (with a point)." 7
tui_keys t C-u
tui_type t 500
tui_keys t Enter
refused t "Your weight in kilograms" "Weight must be 20–300 kg" 7
tui_keys t C-u
tui_type t 72.5
tui_keys t Enter

# review: every answer as the respondent reads it
tui_wait t "Review your answers"
on_screen_soon t "7 answered" "[ Submit ]" "Cherry, Banana, Apple, Plum" " 70" " 07:45" \
	" 2024-03-01T09:15" " 1992-02-29" " OK" " 72.5"
tui_screen t | grep -qF "(no answer)" && fail "the review shows an unanswered question"
tui_keys t Enter
[ "$(tui_wait_exit t)" = 0 ] || fail "collect did not exit 0 after submitting"

# the database: the response is complete; its record holds the accepted
# answers between the start and end stamps, and the answer log one entry
# per accepted answer, none of the refused values
[ "$(tui_sql "$db" "SELECT status FROM response")" = complete ] || fail "not complete"
stored 7 72.5
tui_slots "$db" "$uuid" >"$T/slots"
want="cherry banana apple plum
70
07:45
2024-03-01T09:15
1992-02-29
OK
72.5"
[ "$(sed -n 2,8p "$T/slots")" = "$want" ] && [ "$(wc -l <"$T/slots")" -eq 9 ] ||
	{ cat "$T/slots"; fail "the response record is not the accepted answers"; }
log=$(tui_sql "$db" "SELECT slot || '=' || value FROM answer_log WHERE slot BETWEEN 1 AND 7 ORDER BY id")
[ "$log" = "$(printf '%s\n' "$want" | awk '{ print NR "=" $0 }')" ] ||
	{ printf '%s\n' "$log"; fail "the answer log is not the accepted answers"; }

# the wide export: exactly these columns and values
"$KYSELY" export --db "$db" -o "$T/wide.csv" || fail "export failed"
python3 - "$T/wide.csv" "$uuid" <<'PY' || fail "the wide export is wrong: $(cat "$T/wide.csv")"
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
header = ["respondent", "status", "started", "completed", "lang", "opened", "fruit_rank",
          "satisfaction", "woke", "shift_start", "birth", "consent", "weight", "closed"]
assert rows[0] == header, rows[0]
assert len(rows) == 2, rows
r = dict(zip(rows[0], rows[1]))
want = {"respondent": sys.argv[2], "status": "complete", "lang": "en",
        "fruit_rank": "cherry banana apple plum", "satisfaction": "70", "woke": "07:45",
        "shift_start": "2024-03-01T09:15", "birth": "1992-02-29", "consent": "OK",
        "weight": "72.5"}
for k, v in want.items():
    assert r[k] == v, (k, r[k], v)
stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
for k in ("started", "completed", "opened", "closed"):
    assert stamp.match(r[k]), (k, r[k])
PY

# what was exported is what import accepts: a fresh database takes it whole
"$KYSELY" import "$FORM" --db "$T/back.db" "$T/wide.csv" --rejects "$T/rejects.csv" \
	>"$T/import.out" 2>&1 || fail "the export does not import back: $(cat "$T/import.out" "$T/rejects.csv" 2>/dev/null)"
"$KYSELY" export --db "$T/back.db" -o "$T/back.csv" || fail "export of the re-import failed"
cmp -s "$T/wide.csv" "$T/back.csv" || fail "the re-imported response differs: $(cat "$T/back.csv")"
exit 0
