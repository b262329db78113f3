#!/bin/sh
# The bundled forms must stay valid with no diagnostic at all (an unknown
# column is a warning), the instrument must keep its form id, languages and
# extension columns, and every text must exist in all three languages:
# validate accepts a label missing in one language (it falls back to the
# default one), but a Swedish respondent would then read Finnish.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

for form in "$SRCDIR/surveys/ht-needs" "$SRCDIR/surveys/example-onefile.csv"; do
	if ! "$KYSELY" validate "$form" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL: kysely validate $form"
		cat "$tmp/err"
		fail=1
		continue
	fi
	if [ -s "$tmp/err" ]; then
		echo "FAIL: diagnostics for $form:"
		cat "$tmp/err"
		fail=1
	fi
done

"$KYSELY" validate "$SRCDIR/surveys/ht-needs" >"$tmp/out" 2>/dev/null || true
if ! grep -q 'form_id ht_needs,.* 3 languages' "$tmp/out"; then
	echo "FAIL: ht-needs summary: $(cat "$tmp/out")"
	fail=1
fi

# Every survey-sheet extension column must be present in the header.
header=$(head -n 1 "$SRCDIR/surveys/ht-needs/survey.csv")
for col in scale reverse domain need_topic need_role 'label::Suomi (fi)' \
	'label::Svenska (sv)' 'label::English (en)'; do
	case ",$header," in
	*",$col,"*) ;;
	*) echo "FAIL: survey.csv has no column '$col'"; fail=1 ;;
	esac
done
case "$(head -n 1 "$SRCDIR/surveys/ht-needs/choices.csv")" in
*,score,value,dont_know) ;;
*) echo "FAIL: choices.csv lacks score,value,dont_know"; fail=1 ;;
esac

# End to end: synthetic answers to the instrument import with no reject,
# and analyze reads the ordinal `value` column (a mean row for lists whose
# choice names are words) and the numeric choice names of the Likert lists.
"$KYSELY" simulate "$SRCDIR/surveys/ht-needs" -n 80 --seed 2015 -o "$tmp/sim.csv"
"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$tmp/s.db" "$tmp/sim.csv" \
	--rejects "$tmp/rejects.csv" >/dev/null || { echo "FAIL: import of simulated answers"; fail=1; }
if [ -s "$tmp/rejects.csv" ] && [ "$(wc -l <"$tmp/rejects.csv")" -gt 1 ]; then
	echo "FAIL: simulated answers rejected:"; head -n 5 "$tmp/rejects.csv"; fail=1
fi
"$KYSELY" analyze --db "$tmp/s.db" --out "$tmp/analysis" || { echo "FAIL: analyze"; fail=1; }
# variable,statistic,estimate of every mean row, checked against the range
# of the list's values (know_system 1-4 via `value`, att_police 1-5 by name).
for want in know_system:1:4 ask_conditions:1:5 training_length:1:5 att_police:1:5 imp_trauma:1:5; do
	var=${want%%:*}; lo=$(echo "$want" | cut -d: -f2); hi=${want##*:}
	# labels may hold commas: blank every quoted cell before splitting
	est=$(sed 's/"[^"]*"//g' "$tmp/analysis/estimates.csv" |
		awk -F, -v v="$var" '$2 == v && $8 == "mean" && $4 == "" { print $11 }')
	if [ -z "$est" ] || ! awk -v e="$est" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(e + 0 > lo && e + 0 < hi) }'; then
		echo "FAIL: mean of $var is '$est', expected within ($lo, $hi)"; fail=1
	fi
done

# The extension columns reach the analysis: a knowledge score in total and
# per domain, alpha for both scales (with the reverse-coded att_police in
# its scale), top-two-box shares and a need rank for each of the ten topics.
sed 's/"[^"]*"//g' "$tmp/analysis/estimates.csv" |
	awk -F, '$4 == "" { print $2 "," $6 "," $8 "," $11 }' >"$tmp/derived"
for want in knowledge,,score knowledge,,score_pct knowledge:chain,,score \
	knowledge:indicators,,score knowledge:law,,score_pct knowledge:care,,score \
	attitude,,alpha attitude,att_police,alpha_if_deleted \
	attitude,att_others,alpha_if_deleted imp_referral,,top2 comp_safety,,top2; do
	grep -q "^$want," "$tmp/derived" || { echo "FAIL: no row $want"; fail=1; }
done
ranks=$(grep -E '^(indicators|raising|referral|interpreters|confidentiality|legal|children|health|trauma|safety),,need_rank,' "$tmp/derived" |
	cut -d, -f4 | sort -n | tr '\n' ' ')
[ "$ranks" = "1 2 3 4 5 6 7 8 9 10 " ] || { echo "FAIL: need ranks '$ranks'"; fail=1; }
alpha=$(grep '^attitude,,alpha,' "$tmp/derived" | cut -d, -f4)
awk -v a="$alpha" 'BEGIN { exit !(a + 0 > 0.6) }' || { echo "FAIL: attitude alpha '$alpha'"; fail=1; }
pct=$(grep '^knowledge,,score_pct,' "$tmp/derived" | cut -d, -f4)
awk -v p="$pct" 'BEGIN { exit !(p + 0 > 0 && p + 0 < 100) }' || { echo "FAIL: knowledge percent '$pct'"; fail=1; }

# Translations complete, names stable ASCII snake_case, every constraint
# and required answer with its message, every scored item with its
# one-line explanation for the debrief and the debrief's pointer to more
# help in every language (python3 is needed by the reference
# tests anyway; without it this part is not checked).
if command -v python3 >/dev/null 2>&1; then
	python3 - "$SRCDIR/surveys/ht-needs" <<'PY' || fail=1
import csv, os, re, sys
folder = sys.argv[1]
langs = ["Suomi (fi)", "Svenska (sv)", "English (en)"]
bad = []
def rows(name):
	with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
		return list(csv.DictReader(f))
for line, r in enumerate(rows("survey.csv"), 2):
	where = "survey.csv:%d" % line
	if r["type"] != "end_group":
		if not re.fullmatch(r"[a-z][a-z0-9_]*", r["name"]):
			bad.append(where + ": name '%s' is not ASCII snake_case" % r["name"])
		if not all(r["label::" + l] for l in langs):
			bad.append(where + ": label missing in a language")
	for col in ("hint", "constraint_message", "required_message"):
		texts = [r[col + "::" + l] for l in langs]
		if any(texts) and not all(texts):
			bad.append(where + ": %s missing in a language" % col)
	if r["constraint"] and not r["constraint_message::English (en)"]:
		bad.append(where + ": constraint without a message")
	if r["required"] and not r["required_message::English (en)"]:
		bad.append(where + ": required without a message")
	if r["domain"] and not all(r["explanation::" + l] for l in langs):
		bad.append(where + ": scored item without an explanation in every language")
settings = rows("settings.csv")[0]
if settings.get("debrief") == "yes" and not all(settings.get("debrief_more::" + l) for l in langs):
	bad.append("settings.csv:2: debrief_more missing in a language")
for col in ("controller", "contact", "retention"):
	if not settings.get(col):
		bad.append("settings.csv:2: no '%s' for the opening note" % col)
for line, r in enumerate(rows("choices.csv"), 2):
	if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", r["name"]):
		bad.append("choices.csv:%d: name '%s' is not ASCII snake_case" % (line, r["name"]))
	if not all(r["label::" + l] for l in langs):
		bad.append("choices.csv:%d: label missing in a language" % line)
for b in bad:
	print("FAIL: " + b)
sys.exit(1 if bad else 0)
PY
else
	echo "python3 not found: translations not checked"
fi

exit $fail
