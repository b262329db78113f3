#!/bin/sh
# The brief on the sample study (data-samples/, 242 respondents, by
# profession): printed by headless Chromium, at most 4 A4 pages come
# before the appendix and at most 56 in all, in en, fi and sv; the three
# languages show the same numbers, findings, charts and tables; every
# finding's numbers are the ones its documented rule (kysely.1, "The
# brief") picks from analyze's CSV given the same options; and when the
# data change, the findings change with them (and still follow the rules).
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
form="$SRCDIR/surveys/ht-needs"
data="$SRCDIR/data-samples/ht-needs-2015-synthetic.csv"
opts="--by profession --min-cell 5"

# the same study with changed answers: a third of the respondents left
# out, and everyone answering k_chain_gain and the law items correctly
python3 - "$data" "$T/changed.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head = rows[0]
out = [head]
law = [i for i, c in enumerate(head) if c.startswith("k_law_")]
gain = head.index("k_chain_gain")
for n, r in enumerate(rows[1:]):
    if n % 3 == 0:
        continue
    r[gain] = "false"
    for i in law:
        if r[i] == "dont_know":
            r[i] = "true"
    out.append(r)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(out)
PY

check_rules() {   # check_rules PAGE.html CSVDIR
	python3 - "$1" "$2" "$form/choices.csv" <<'PY'
import csv, html.parser, math, sys
page, d, choices = sys.argv[1], sys.argv[2], sys.argv[3]
est = list(csv.DictReader(open(d + "/estimates.csv", encoding="utf-8")))
items = list(csv.DictReader(open(d + "/items.csv", encoding="utf-8")))
tests = list(csv.DictReader(open(d + "/tests.csv", encoding="utf-8")))

class Findings(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rule, self.found, self.ids, self.hrefs, self.text = None, {}, set(), {}, {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "li" and "data-rule" in a:
            self.rule = a["data-rule"]
            self.found[self.rule] = []
        elif self.rule and tag == "data":
            self.found[self.rule].append(a["value"])
        elif self.rule and tag == "a":
            self.hrefs[self.rule] = a["href"][1:]
    def handle_data(self, data):
        if self.rule:
            self.text[self.rule] = self.text.get(self.rule, "") + data
    def handle_endtag(self, tag):
        if tag == "li":
            self.rule = None
p = Findings()
p.feed(open(page, encoding="utf-8").read())
fail = []
def num(s):
    return float(s) if s != "" else math.nan
def whole(r):
    return r["by"] == ""
def ok(r):
    return r["suppressed"] != "1" and r["estimate"] != ""
def eli(r):
    return [r["estimate"], r["conf_low"], r["conf_high"]]
def find(var, stat, level=None):
    for r in est:
        if whole(r) and r["variable"] == var and r["statistic"] == stat and (level is None or r["level"] == level):
            return r
want = {}
dom = [r for r in est if whole(r) and r["variable"].startswith("knowledge:") and r["statistic"] == "share_correct" and ok(r)]
g = min(dom, key=lambda r: num(r["estimate"]))
want["gap"] = eli(g) + [find(g["variable"], "share_dont_know")["estimate"]]
it = [r for r in items if r["by"] == "" and r["p_incorrect"] != ""]
want["misconception"] = [max(it, key=lambda r: num(r["p_incorrect"]))["p_incorrect"]]
needs = sorted([r for r in est if whole(r) and r["statistic"] == "mwds" and ok(r)], key=lambda r: -num(r["estimate"]))
want["needs"] = sum((eli(r) for r in needs[:3]), [])
values = {r["name"]: r["value"] for r in csv.DictReader(open(choices, encoding="utf-8")) if r["list_name"] == "awareness"}
top = max(values, key=lambda k: float(values[k]))
low = min(values, key=lambda k: float(values[k]))
want["awareness"] = eli(find("know_system", "proportion", top)) + eli(find("know_system", "proportion", low))
want["encounter"] = eli(find("met_suspected", "proportion", "yes"))
act = [r for r in est if whole(r) and r["variable"] == "met_action" and r["statistic"] == "proportion" and ok(r)]
want["action"] = eli(max(act, key=lambda r: num(r["estimate"])))
sc = [r for r in est if not whole(r) and r["variable"] == "knowledge" and r["statistic"] == "score_pct" and ok(r)]
want["score-groups"] = eli(min(sc, key=lambda r: num(r["estimate"]))) + eli(max(sc, key=lambda r: num(r["estimate"])))
differ = sum(num(r["p_adjusted"]) < 0.05 for r in tests)
best = min(tests, key=lambda r: num(r["p_adjusted"]))
want["groups"] = [str(differ), str(len(tests)), best["p_adjusted"]] if differ else [str(len(tests))]
for rule, values in want.items():
    if p.found.get(rule) != values:
        fail.append("finding %s: page %s, rule on the CSV %s" % (rule, p.found.get(rule), values))
    elif p.hrefs.get(rule) not in p.ids:
        fail.append("finding %s links to #%s, which is not on the page" % (rule, p.hrefs.get(rule)))
apart = num(needs[0]["conf_low"]) > num(needs[3]["conf_high"])
if ("stands out" in p.text.get("needs", "")) != apart or ("uncertain" in p.text.get("needs", "")) == apart:
    fail.append("finding needs: says %r, but the first interval %s the fourth" % (p.text.get("needs"), "clears" if apart else "overlaps"))
if len(p.found) < 5 or len(p.found) > 8:
    fail.append("%d findings (5 to 8 wanted)" % len(p.found))
if fail:
    print("\n".join(fail))
    sys.exit(1)
print(" ".join("%s=%s" % (k, v[0]) for k, v in sorted(p.found.items())))
PY
}

run_study() {   # run_study NAME RESPONSES
	"$KYSELY" import "$form" --db "$T/$1.db" "$2" >/dev/null 2>&1 || fail "import $2"
	# shellcheck disable=SC2086
	"$KYSELY" analyze --db "$T/$1.db" $opts --lang en --out "$T/$1-csv" || fail "analyze $1"
	for lang in en fi sv; do
		# shellcheck disable=SC2086
		"$KYSELY" report --db "$T/$1.db" $opts --lang "$lang" -o "$T/$1-$lang.html" ||
			fail "report $1 --lang $lang"
	done
	check_rules "$T/$1-en.html" "$T/$1-csv" >"$T/$1.findings" || { cat "$T/$1.findings"; fail "$1: findings do not follow the rules"; }
	echo "$1: $(cat "$T/$1.findings")"
}
run_study sample "$data"
run_study changed "$T/changed.csv"
[ "$(cat "$T/sample.findings")" != "$(cat "$T/changed.findings")" ] || fail "the findings did not change with the data"
for rule in gap misconception score-groups; do
	a=$(tr ' ' '\n' <"$T/sample.findings" | grep "^$rule=")
	b=$(tr ' ' '\n' <"$T/changed.findings" | grep "^$rule=")
	[ "$a" != "$b" ] || fail "finding $rule stayed $a when the data changed"
done

# who answered: against the population totals when --poststratify gives them
pop="$SRCDIR/data-samples/population-by-profession-synthetic.csv"
"$KYSELY" report --db "$T/sample.db" --by profession --poststratify "$pop" --lang en -o "$T/pop.html" ||
	fail "report --poststratify"
python3 - "$T/pop.html" "$pop" "$T/sample-csv/estimates.csv" <<'PY' || fail "the profession mix against the population"
import csv, re, sys
page = re.sub(r"<[^>]+>", "", re.search(r'<p class="mix">(.*?)</p>', open(sys.argv[1], encoding="utf-8").read()).group(1))
pop = {r["profession"]: float(r["population"]) for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
total = sum(pop.values())
rows = [r for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))
        if r["variable"] == "profession" and r["by"] == "" and r["statistic"] == "proportion"]
for r in rows:
    want = "%s %s (%.1f %%; population %.1f %%)" % (r["level_label"], r["n"], 100 * int(r["n"]) / int(r["base"]), 100 * pop[r["level"]] / total)
    if want not in page:
        print("missing %r in %r" % (want, page[:300]))
        sys.exit(1)
print("who answered: %d professions against the population" % len(rows))
PY

# the same report in every language apart from the words
python3 - "$T" <<'PY'
import re, sys
t = sys.argv[1]
def shape(lang):
    s = open("%s/sample-%s.html" % (t, lang), encoding="utf-8").read()
    return (re.findall(r'<data value="([^"]*)"', s), re.findall(r'data-estimate="([^"]*)"', s),
            re.findall(r'data-rule="([^"]*)"', s), s.count("<svg"), s.count("<table"), s.count("<tr"))
en = shape("en")
for lang in ("fi", "sv"):
    if shape(lang) != en:
        print("the %s report differs from the English one beyond its words" % lang)
        sys.exit(1)
print("en, fi, sv: the same %d numbers, %d findings, %d charts, %d tables" % (len(en[0]) + len(en[1]), len(en[2]), en[3], en[4]))
PY

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
	echo "chromium or poppler-utils not installed: page counts not checked"
	exit 77
fi
for lang in en fi sv; do
	timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$T/profile" \
		--no-pdf-header-footer --print-to-pdf="$T/$lang.pdf" "file://$T/sample-$lang.html" \
		>/dev/null 2>"$T/pdf.log" || { cat "$T/pdf.log"; fail "chromium could not print the $lang report"; }
	pages=$(pdfinfo "$T/$lang.pdf" | sed -n 's/^Pages: *//p')
	pdfinfo "$T/$lang.pdf" | grep -q '^Page size:.*A4' || fail "$lang: the PDF is not A4"
	case $lang in en) word="Appendix: tables" ;; fi) word="Liite: taulukot" ;; sv) word="Bilaga: tabeller" ;; esac
	first=""
	p=1
	while [ $p -le "$pages" ]; do
		if pdftotext -f $p -l $p "$T/$lang.pdf" - | grep -q "$word"; then first=$p; break; fi
		p=$((p + 1))
	done
	[ -n "$first" ] || fail "$lang: no appendix heading in the PDF"
	before=$((first - 1))
	echo "$lang: $pages A4 pages, $before before the appendix"
	[ "$before" -le 4 ] || fail "$lang: $before pages before the appendix (at most 4)"
	[ "$pages" -le 56 ] || fail "$lang: $pages pages in all (at most 56)"
done
