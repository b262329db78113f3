#!/bin/sh
# kysely report: renders the reference study (by profession, weighted) in
# headless Chromium to PNG and PDF; checks that the page loaded without
# errors or network requests, has the expected headings and one chart per
# chart file, and that every estimate shown equals the analyze CSV.
# (The brief's own checks, on the sample study: report-brief.sh.)
set -eu
. "$SRCDIR/tests/cli/lib.sh"
tmp=$T
case_dir="$SHARED/reference/small"
"$KYSELY" import "$case_dir/form" --db "$tmp/s.db" "$case_dir/responses.csv" 2>/dev/null
cd "$case_dir"
opts="--by profession --weight weight --lang fi"
# shellcheck disable=SC2086
"$KYSELY" report --db "$tmp/s.db" $opts -o "$tmp/report.html" --charts "$tmp/charts"
# the report's default is the published rule (--min-cell 5); analyze's is none
# shellcheck disable=SC2086
"$KYSELY" analyze --db "$tmp/s.db" $opts --min-cell 5 --out "$tmp/csv"
# shellcheck disable=SC2086
"$KYSELY" analyze --db "$tmp/s.db" $opts --out "$tmp/csv0"
suppressed() {
	python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1], encoding="utf-8"))); print(sum(x["suppressed"] == "1" for x in r))' "$1"
}
[ "$(suppressed "$tmp/csv/estimates.csv")" -gt 0 ] || {
	echo "report: the published rule suppresses nothing here: the default is not tested"; exit 1; }
[ "$(suppressed "$tmp/csv0/estimates.csv")" = 0 ] || {
	echo "report: analyze suppressed cells without --min-cell"; exit 1; }
# --min-cell 0 turns the rule off in the report too
# shellcheck disable=SC2086
"$KYSELY" report --db "$tmp/s.db" $opts --min-cell 0 -o "$tmp/report0.html"
grep -q "ei ole piilotettu soluja" "$tmp/report0.html" || { echo "report: --min-cell 0 still suppresses"; exit 1; }
grep -q "alle 5 vastaajaa" "$tmp/report.html" || { echo "report: the methods do not state the default rule"; exit 1; }

# Report runs analyze's analysis in-process through analyze's own option
# table: every analysis option is accepted (--lonely-psu, --published
# included), nothing is written to TMPDIR, and given the same options
# (--min-cell, --digits, --level ...) the page shows analyze's numbers.
same="--by profession --weight weight --strata profession --lonely-psu remove --published --min-cell 3 --digits 4 --level 0.9 --lang en --adjust BH"
mkdir "$tmp/tmpdir"
# shellcheck disable=SC2086
TMPDIR="$tmp/tmpdir" "$KYSELY" report --db "$tmp/s.db" $same -o "$tmp/same.html"
# shellcheck disable=SC2086
"$KYSELY" analyze --db "$tmp/s.db" $same --out "$tmp/same"
[ -z "$(ls -A "$tmp/tmpdir")" ] || { echo "report: wrote into TMPDIR: $(ls -A "$tmp/tmpdir")"; exit 1; }
set +e
"$KYSELY" report --db "$tmp/s.db" --seed 1 -o "$tmp/seed.html" 2>"$tmp/seed.err"; rc=$?
set -e
[ $rc = 2 ] && grep -q "^kysely: report: unknown option '--seed'" "$tmp/seed.err" ||
	{ echo "report --seed: exit $rc, $(cat "$tmp/seed.err") (analyze has no --seed)"; exit 1; }
python3 - "$tmp/same.html" "$tmp/same/estimates.csv" <<'PY'
import csv, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
cols = {c: i for i, c in enumerate(rows[0])}
shown = re.findall(r'data-row="(\d+)" data-estimate="([^"]*)"', page)
bad = [(l, e, rows[int(l) - 1][cols["estimate"]]) for l, e in shown
       if rows[int(l) - 1][cols["estimate"]] != e]
supp = sum(r[cols["suppressed"]] == "1" for r in rows[1:])
if len(shown) < 300 or bad or not supp:
    print("report vs analyze with the same options: %d shown, %d differ %s, %d suppressed"
          % (len(shown), len(bad), bad[:3], supp))
    sys.exit(1)
# 4 significant digits: the page carries the CSV's text, not its own
if not any(len(e.replace("0.", "").lstrip("0")) == 4 for _, e in shown):
    print("report: --digits 4 did not reach the page")
    sys.exit(1)
print("report vs analyze, same options: %d estimates equal, %d suppressed" % (len(shown), supp))
PY

python3 - "$tmp" <<'PY'
import csv, glob, html.parser, re, sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
page = open(tmp + "/report.html", encoding="utf-8").read()
rows = list(csv.reader(open(tmp + "/csv/estimates.csv", encoding="utf-8")))
fail = []
def check(cond, what):
    if not cond:
        fail.append(what)

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.svgs, self.cells, self.cur, self.text = [], 0, [], None, ""
        self.external = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h2", "h3") and "id" in a:
            self.ids.append(a["id"])
        if tag == "svg":
            self.svgs += 1
        for k in ("src", "href"):
            if k in a and not a[k].startswith("#") and not a[k].startswith("http://www.w3.org"):
                self.external.append(a[k])
        if tag == "script":
            self.external.append("script")
        if tag == "td" and "data-estimate" in a:
            self.cur = a
            self.text = ""
    def handle_data(self, data):
        if self.cur is not None:
            self.text += data
    def handle_endtag(self, tag):
        if tag == "td" and self.cur is not None:
            self.cells.append((self.cur, self.text.strip()))
            self.cur = None
p = Page()
p.feed(page)
for need in ("study", "questions", "numeric", "tests", "methods"):
    check(need in p.ids, "heading #%s missing" % need)
charts = sorted(glob.glob(tmp + "/charts/*.svg"))
# the brief's charts: knowledge by domain, training needs, score by group
check(len(charts) >= 3, "expected at least 3 chart files, got %d" % len(charts))
check(p.svgs == len(charts), "page has %d charts, --charts wrote %d" % (p.svgs, len(charts)))
for c in charts:
    try:
        ET.parse(c)
    except ET.ParseError as e:
        fail.append("%s: not well-formed SVG: %s" % (c, e))
check(not p.external, "page loads external resources: %s" % p.external[:3])
est_col = rows[0].index("estimate")
supp_col = rows[0].index("suppressed")
stat_col = rows[0].index("statistic")
check(len(p.cells) > 300, "only %d estimates shown" % len(p.cells))
for attrs, shown in p.cells:
    line = int(attrs["data-row"])
    r = rows[line - 1]
    check(attrs["data-estimate"] == r[est_col], "line %d: page says %s, CSV %s" % (line, attrs["data-estimate"], r[est_col]))
    if r[supp_col] == "1" or r[est_col] == "":
        continue
    v = float(r[est_col])
    if r[stat_col] == "proportion":
        want = ("%.1f %%" % (100 * v)).replace(".", ",")   # --lang fi: a decimal comma
    else:
        want = None
    if want:
        check(shown == want, "line %d: shows %r, CSV %s means %r" % (line, shown, r[est_col], want))
check("Vastaukset ryhmittäin" in page and "Keskeiset tulokset" in page, "Finnish headings missing with --lang fi")
check("Sairaanhoitaja" in page, "group labels are not the form's Finnish choice labels")
if fail:
    print("\n".join(fail[:20]))
    sys.exit(1)
print("report: %d charts, %d estimates equal the CSV" % (p.svgs, len(p.cells)))
PY

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "report: chromium not installed: rendering not checked" >&2
	exit 0
fi
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$tmp/profile --enable-logging=stderr --v=0"
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "file://$tmp/report.html" 2>"$tmp/pdf.log" >/dev/null
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --window-size=1000,3000 --screenshot="$tmp/report.png" "file://$tmp/report.html" 2>"$tmp/png.log" >/dev/null
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --dump-dom "file://$tmp/report.html" 2>"$tmp/dom.log" >"$tmp/dom.html"
test -s "$tmp/report.pdf" || { echo "no PDF"; cat "$tmp/pdf.log"; exit 1; }
test -s "$tmp/report.png" || { echo "no PNG"; cat "$tmp/png.log"; exit 1; }
grep -q "</svg>" "$tmp/dom.html" || { echo "the DOM has no charts"; exit 1; }
# Console errors, failed loads or blocked requests would show here.
if grep -hiE "Uncaught|CONSOLE|net::ERR|Failed to load|Refused to" "$tmp"/*.log; then
	echo "the page logged errors while loading"
	exit 1
fi
head -c 5 "$tmp/report.pdf" | grep -q "%PDF" || { echo "not a PDF"; exit 1; }
if command -v pdfinfo >/dev/null; then
	pages=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Pages: *//p')
	size=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Page size: *//p')
	echo "report: PDF of $pages pages ($size)"
	case "$size" in *A4*) ;; *) echo "PDF is not A4: $size"; exit 1 ;; esac
fi
echo "report: rendered to PNG and PDF without errors"
