#!/bin/sh
# The debrief (settings debrief = yes): after submitting, one scrollable
# screen shows each scored item's label, the respondent's answer, the
# outcome, the correct answer and the explanation, then debrief_more, in
# the respondent's language (fi, en); q or Enter leaves it, the kiosk
# returns to the welcome screen, and nothing of it is stored. The opening
# note shows the {{controller}} and {{retention}} settings.
. "${SRCDIR:-$(dirname "$0")/../..}/tests/tui/lib.sh"
FORM="$SRCDIR/tests/tui/debrief.csv"

answer() {   # $1 window, $2 start text, $3 note text, $4 k_consent key, $5 k_border key, $6 signs keys
	tui_wait "$1" "$2"
	tui_keys "$1" Enter
	tui_wait "$1" "$3"
	tui_keys "$1" Enter
	tui_wait "$1" "1."
	tui_keys "$1" "$4" Enter
	tui_wait_gone "$1" "onsent"
	tui_keys "$1" "$5" Enter
	tui_wait_gone "$1" "order"
	for k in $6; do tui_keys "$1" "$k"; done
	tui_keys "$1" Enter
}

# Finnish: correct, incorrect, don't know
tui_start fi -- "$FORM" --db "$T/fi.db" --lang fi
tui_wait fi "Aloita painamalla Enter."
tui_keys fi Enter
tui_wait fi "Rekisterinpitäjä: Testivirasto. Säilytys: 5 vuotta / 5 years."
tui_screen fi | grep -qF "{{" && fail "a placeholder was left on the note"
tui_keys fi Enter
tui_wait fi "suostumus"
tui_keys fi 1 Enter
tui_wait fi "rajan ylitystä"
tui_keys fi 1 Enter
tui_wait fi "Mitkä voivat viitata"
tui_keys fi 4 Enter
tui_wait fi "Tarkista vastauksesi"
tui_keys fi Enter
tui_wait fi "Tuloksesi"
tui_wait fi "Oikein 1 / 3."
tui_wait fi "1. Uhrin suostumus hyväksikäyttöön ei poista ihmiskauppaa."
tui_wait fi "Vastauksesi: Pitää paikkansa   ✓ oikein"
tui_wait fi "Suostumuksella ei ole merkitystä"
tui_keys fi End
tui_wait fi "Vastauksesi: Pitää paikkansa   ✗ väärin"
tui_wait fi "Oikea vastaus: Ei pidä paikkaansa"
tui_wait fi "Ihmiskauppaa voi tapahtua kokonaan Suomen sisällä."
tui_wait fi "Vastauksesi: En tiedä   ? en tiedä"
tui_wait fi "Oikea vastaus: Velka työnantajalle, Työnantaja pitää passia"
tui_wait fi "Velka ja viedyt asiakirjat ovat tunnettuja merkkejä."
tui_wait fi "Lisätietoa"
tui_wait fi "Auttamisjärjestelmä neuvoo 24/7: 0295 463 177"
tui_keys fi q
[ "$(tui_wait_exit fi)" = 0 ] || fail "collect did not exit 0 after the debrief"
uuid=$(tui_sql "$T/fi.db" "SELECT uuid FROM response WHERE status = 'complete'")
[ -n "$uuid" ] || fail "no complete response"
[ "$(tui_slots "$T/fi.db" "$uuid" | grep -c .)" = 3 ] || { tui_slots "$T/fi.db" "$uuid"; fail "not 3 answers stored"; }
# the debrief's own words and the outcomes are nowhere in the database
for word in "Tuloksesi" "Vastauksesi" "Oikein 1 / 3" "väärin"; do
	if grep -qaF "$word" "$T/fi.db" "$T"/fi.db-* 2>/dev/null; then fail "the database holds '$word'"; fi
done

# English in kiosk mode: incorrect, correct, correct; back to the welcome screen
secret="$T/secret"
( umask 077; echo "operator-7" >"$secret" )
tui_start en -- "$FORM" --db "$T/en.db" --lang en --kiosk --kiosk-secret-file "$secret"
tui_wait en "Press Enter to start."
tui_keys en Enter
tui_wait en "Controller: Testivirasto. Kept: 5 vuotta / 5 years."
tui_keys en Enter
tui_wait en "consent to exploitation"
tui_keys en 2 Enter
tui_wait en "requires crossing a border"
tui_keys en 2 Enter
tui_wait en "Which can indicate"
tui_keys en 1 2 Enter
tui_wait en "Review your answers"
tui_keys en Enter
tui_wait en "Your results"
tui_wait en "Correct: 2 of 3."
tui_wait en "Your answer: False   ✗ incorrect"
tui_wait en "Correct answer: True"
tui_wait en "Consent is irrelevant when deception or coercion was used."
tui_keys en NPage NPage
tui_wait en "Your answer: Debt to the employer, The employer keeps the passport   ✓"
tui_wait en "Debt and confiscated documents are known signs."
tui_wait en "The assistance system advises 24/7: +358 295 463 177"
tui_keys en Enter
tui_wait en "Press Enter to start."
tui_screen en | grep -qF "Your results" && fail "the debrief stayed after the kiosk went back"
[ "$(tui_sql "$T/en.db" "SELECT count(*) FROM response WHERE status = 'complete' AND lang = 'en'")" = 1 ] ||
	fail "the kiosk response is not stored complete"
# a kiosk debrief left alone closes after the idle timeout
tui_start idle -- "$FORM" --db "$T/idle.db" --lang en --kiosk --kiosk-secret-file "$secret" --idle-timeout 4
tui_wait idle "Press Enter to start."
tui_keys idle Enter
tui_wait idle "Controller: Testivirasto."
tui_keys idle Enter
tui_wait idle "consent to exploitation"
tui_keys idle 3 Enter
tui_wait idle "requires crossing a border"
tui_keys idle 3 Enter
tui_wait idle "Which can indicate"
tui_keys idle 4 Enter
tui_wait idle "Review your answers"
tui_keys idle Enter
tui_wait idle "Correct: 0 of 3."
tui_wait idle "Press Enter to start." 15
tui_screen idle | grep -qF "Correct: 0 of 3." && fail "the idle debrief stayed on screen"

# --script prints its one line per response and nothing of the debrief
printf 'k_consent=true\nk_border=false\nk_signs=debt docs\nsubmit\n' >"$T/script.in"
"$KYSELY" collect "$FORM" --db "$T/script.db" --script "$T/script.in" >"$T/script.out" 2>"$T/script.err" ||
	fail "collect --script: $(cat "$T/script.err")"
grep -qxE '[0-9a-f-]{36} complete' "$T/script.out" && [ "$(wc -l <"$T/script.out")" = 1 ] ||
	fail "collect --script printed: $(cat "$T/script.out")"
echo "debrief: fi and en shown, nothing stored"
