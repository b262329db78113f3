#!/bin/sh
# Paradata of a collect session: a respondent answers their age, steps
# back from the next question and corrects it; export --paradata shows
# the back step (two visits of age, one reached by stepping back), the
# changed answer with its first and last times, and time on every screen.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
db="$T/k.db"

tui_start a -- "$MINI" --db "$db" --lang en
tui_wait a "Press Enter to start."
tui_keys a Enter
tui_wait a "What is your profession?"
tui_keys a 2 Enter
tui_wait a "Your age in years"
tui_type a 45
tui_keys a Enter
tui_wait a "Have you met a victim"
tui_keys a PPage                      # the back step
tui_wait a "Your age in years"
tui_wait a "> 45"
tui_keys a BSpace BSpace
tui_wait_gone a "> 45"
tui_type a 50
tui_keys a Enter
tui_wait a "Have you met a victim"
tui_keys a 2 Enter
tui_wait a "I recognise the signs"
tui_keys a 4 Enter
tui_wait a "Which topics"
tui_skip a
tui_wait a "When were you last trained?"
tui_skip a
tui_wait a "Comments"
tui_skip a
tui_wait_line a '\[ Submit \]'
tui_keys a Enter
tui_pass_debrief a
[ "$(tui_wait_exit a)" = 0 ] || fail "collect did not end"
[ "$(tui_sql "$db" "SELECT status FROM response")" = complete ] || fail "not complete"

"$KYSELY" export --db "$db" -o /dev/null --paradata "$T/p.csv" 2>"$T/err" ||
	fail "export --paradata: $(cat "$T/err")"
[ "$(head -1 "$T/p.csv")" = "respondent,question,first_answered,last_answered,changes,visits,seconds,back" ] ||
	fail "paradata header: $(head -1 "$T/p.csv")"
python3 - "$T/p.csv" "$(tui_sql "$db" "SELECT uuid FROM response")" <<'PY' || fail "paradata: $(cat "$T/p.csv")"
import csv, sys
rows = {r["question"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert all(r["respondent"] == sys.argv[2] for r in rows.values())
age, prof, met = rows["age"], rows["profession"], rows["met_victim"]
# age: shown twice, the second time reached by stepping back; 45 then 50
assert (age["visits"], age["back"], age["changes"]) == ("2", "1", "1"), age
assert age["first_answered"] < age["last_answered"], age
assert (prof["visits"], prof["back"], prof["changes"]) == ("1", "0", "0"), prof
assert prof["first_answered"] == prof["last_answered"], prof
# met_victim: shown before the back step and after it, answered once
assert (met["visits"], met["back"], met["changes"]) == ("2", "0", "0"), met
assert "times" not in rows        # never shown, never answered
for name in ("age", "profession", "met_victim", "signs", "training"):
    assert float(rows[name]["seconds"]) > 0, rows[name]
# answer times are the log's: UTC with milliseconds
assert age["first_answered"].endswith("Z") and "." in age["first_answered"], age
PY
exit 0
