#!/bin/sh
# The report's change finding and section (kysely.1, "The brief", rule
# "change") on the sample data: the two waves with --compare wave and the
# training study with --paired: in en, fi and sv the finding's numbers
# are the cells of analyze's comparisons.csv / paired.csv given the same
# options (knowledge score_pct: difference, conf_low, conf_high,
# p_adjusted; with --paired n_pairs first), the section names exactly
# the items whose share correct changed at adjusted p < 0.05; without
# --compare/--paired (nor with --compare --by, which has no whole-sample
# rows) there is neither; with the change section the brief
# still prints on at most 4 A4 pages.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
form="$SRCDIR/surveys/ht-needs"
samples="$SRCDIR/data-samples"

"$KYSELY" import "$form" --db "$T/waves.db" "$samples/ht-needs-2015-synthetic.csv" --set wave=2015 \
	>/dev/null || fail "import 2015"
"$KYSELY" import "$form" --db "$T/waves.db" "$samples/ht-needs-2026-synthetic.csv" --set wave=2026 \
	>/dev/null || fail "import 2026"
"$KYSELY" import "$form" --db "$T/training.db" "$samples/ht-needs-training-synthetic.csv" \
	>/dev/null || fail "import training"

check() {   # check NAME DB CSV "OPTIONS"
	"$KYSELY" analyze --db "$T/$2.db" $4 --min-cell 5 --lang en --out "$T/$1-csv" 2>/dev/null ||
		fail "analyze $1"
	for lang in en fi sv; do
		"$KYSELY" report --db "$T/$2.db" $4 --lang $lang -o "$T/$1-$lang.html" 2>/dev/null ||
			fail "report $1 $lang"
		python3 - "$T/$1-$lang.html" "$T/$1-csv/$3" "$form/choices.csv" "$form/survey.csv" <<'PY' ||
import csv, html.parser, re, sys
page, path, choices_csv, survey_csv = sys.argv[1:5]
rows = list(csv.DictReader(open(path, encoding="utf-8")))
paired = "n_pairs" in rows[0]

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.where, self.data = None, {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and a.get("data-rule") == "change":
            self.where = "finding"
        elif tag == "p" and "data-change" in a:
            self.where = a["data-change"]
        elif tag in ("li", "p"):
            self.where = None
        if tag == "data" and self.where:
            self.data.setdefault(self.where, []).append(a["value"])
    def handle_endtag(self, tag):
        if tag in ("li", "p"):
            self.where = None
p = Page()
source = open(page, encoding="utf-8").read()
p.feed(source)

whole = [r for r in rows if r["variable"] == "knowledge" and r["statistic"] == "score_pct"
         and not (r["level"] if paired else r["group"]) and (not paired or r["test"] == "t-paired")]
assert len(whole) == 1, "one knowledge score_pct row in %s" % path
r = whole[0]
want = ([r["n_pairs"]] if paired else []) + [r["difference"], r["conf_low"], r["conf_high"], r["p_adjusted"]]
assert p.data.get("finding") == want, "finding %s != %s" % (p.data.get("finding"), want)
assert p.data.get("score") == [r["difference"]], "section score %s" % p.data.get("score")

# the items' share-correct rows: paired p_correct; compared, the share
# choosing the highest-scored answer
survey = {q["name"]: q for q in csv.DictReader(open(survey_csv, encoding="utf-8"))}
best = {}
for c in csv.DictReader(open(choices_csv, encoding="utf-8")):
    if c.get("score", "") != "" and (c["list_name"] not in best or float(c["score"]) > best[c["list_name"]][0]):
        best[c["list_name"]] = (float(c["score"]), c["name"])
def correct(q):
    t = survey.get(q, {}).get("type", "").split()
    return best.get(t[-1], (0, None))[1] if len(t) == 2 else None
if paired:
    items = [x for x in rows if x["statistic"] == "p_correct" and not x["level"]]
else:
    items = [x for x in rows if x["statistic"] == "proportion" and not x["group"]
             and x["level"] == correct(x["variable"])]
assert items, "no item rows"
for sign, key in ((1, "better"), (-1, "worse")):
    moved = sorted((x for x in items if x["suppressed"] == "0" and x["p_adjusted"] != ""
                    and float(x["p_adjusted"]) < 0.05 and float(x["difference"]) * sign > 0),
                   key=lambda x: -float(x["difference"]) * sign)
    shown = p.data.get(key, [])
    named = [x["difference"] for x in moved[:5]]
    if len(moved) > 5:
        named.append(str(len(moved) - 5))
    assert shown == named, "%s: %s != %s" % (key, shown, named)
    if moved:
        text = re.search(r'<p data-change="%s">(.*?)</p>' % key, source, re.S).group(1)
        lang = page.rsplit('-', 1)[-1][:2]
        unit = {"en": "percentage points", "fi": "prosenttiyksikköä", "sv": "procentenheter"}[lang]
        assert text.count(unit) == min(len(moved), 5), "%s: a change is not in %s: %s" % (key, unit, text)
print("%s: finding %s, %d items" % (page.rsplit("/", 1)[-1], " ".join(want), len(items)))
PY
			fail "$1 $lang: the change numbers are not the CSV's"
	done
}
check compare waves comparisons.csv "--compare wave"
check paired training paired.csv "--paired phase=pre:post --link linkage_code"

# without --compare or --paired: no change finding, no change section
"$KYSELY" report --db "$T/waves.db" -o "$T/plain.html" || fail "report without --compare"
grep -q 'data-rule="change"\|id="change"\|data-change=' "$T/plain.html" &&
	fail "a change section without --compare or --paired"
grep -q 'data-rule="change"' "$T/compare-en.html" || fail "no change finding with --compare"
# --compare with --by compares within the groups only: nothing to state
"$KYSELY" report --db "$T/waves.db" --compare wave --by profession -o "$T/by.html" ||
	fail "report --compare --by"
grep -q 'data-rule="change"\|id="change"' "$T/by.html" &&
	fail "a whole-sample change stated with --compare --by"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
	echo "chromium or poppler-utils not installed: page counts not checked"
	exit 77
fi
for name in compare-fi paired-sv; do
	timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$T/profile" \
		--no-pdf-header-footer --print-to-pdf="$T/$name.pdf" "file://$T/$name.html" \
		>/dev/null 2>"$T/pdf.log" || { cat "$T/pdf.log"; fail "chromium could not print $name"; }
	case $name in *-fi) word="Liite: taulukot" ;; *) word="Bilaga: tabeller" ;; esac
	pages=$(pdfinfo "$T/$name.pdf" | sed -n 's/^Pages: *//p')
	p=1
	first=""
	while [ $p -le "$pages" ]; do
		if pdftotext -f $p -l $p "$T/$name.pdf" - | grep -q "$word"; then first=$p; break; fi
		p=$((p + 1))
	done
	[ -n "$first" ] || fail "$name: no appendix heading in the PDF"
	echo "$name: $((first - 1)) pages before the appendix"
	[ $((first - 1)) -le 4 ] || fail "$name: $((first - 1)) pages before the appendix (at most 4)"
done
