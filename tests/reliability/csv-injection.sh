#!/bin/sh
# CSV formula injection is neutralised in every CSV kysely writes: answers,
# respondent ids, attributes (hence analysis groups), question and choice
# labels starting with = + - @ TAB or CR come out behind an apostrophe in
# export (wide, long, codebook), the rejects file, analyze's estimates and
# tests, simulate and merge's export; numbers (-3) stay numbers; the HTML
# report escapes markup in the same labels and groups. A cell with ';' or
# TAB (the separators of Finnish and Swedish Excel and of a paste) is
# quoted, with an apostrophe after it when a formula follows: read with ';' as the
# separator, no file has a formula cell either. An attribute with a
# control character (TAB) is refused, and lands in the rejects file.
. "$SRCDIR/tests/reliability/lib.sh"
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
IFORM=$SRCDIR/tests/reliability/data/injection-form
python3 - "$T/responses.csv" <<'PY'
import csv, sys
rows = [
    ["respondent", "status", "started", "completed", "lang", "comment", "colour", "n", "topics", "site"],
    ["=r1", "complete", "", "", "", "=1+1", "red", "5", "a b", "=north"],
    ["+r2", "complete", "", "", "", "+SUM(A1)", "blue", "-3", "a", "@home"],
    ["-r3", "complete", "", "", "", "-2+3", "red", "7", "b", "-x"],
    ["@r4", "complete", "", "", "", "@SUM(A1)", "blue", "8", "", "+y"],
    ["r5;=1+1", "complete", "", "", "", "\tTAB", "red", "9", "a", "z;=1+1"],
    ["r6", "complete", "", "", "", "<img src=x onerror=alert(2)>", "red", "9", "a", "<b>bold</b>"],
    ["\rr7", "complete", "", "", "", "\rCR", "blue", "10", "b", "\rw"],
    ["=r8", "complete", "", "", "", "=bad", "red", "500", "a", "=north"],
    ["@r9", "complete", "", "", "", "@bad", "green", "1", "a", "@home"],
    ["r10", "complete", "", "", "", "x\t=1+1", "red", "9", "a", "\tz"],
    ["r11", "complete", "", "", "", "a;@SUM(1+1)*cmd|' /C calc'!A0", "red", "9", "a", " =1+1"],
]
with open(sys.argv[1], "w", newline="") as f:
    csv.writer(f).writerows(rows)
PY
set +e
"$KYSELY" import "$IFORM" --db "$T/db" "$T/responses.csv" --rejects "$T/rejects.csv" 2>"$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "import: exit $rc: $(cat "$T/err")"
"$KYSELY" export --db "$T/db" -o "$T/wide.csv" --codebook "$T/codebook.csv"
"$KYSELY" export --db "$T/db" --format long -o "$T/long.csv"
"$KYSELY" analyze --db "$T/db" --by site --out "$T/analysis" >/dev/null
"$KYSELY" simulate "$IFORM" -n 30 --seed 4 -o "$T/simulate.csv"
"$KYSELY" merge --db "$T/merged.db" "$T/db" 2>/dev/null
"$KYSELY" export --db "$T/merged.db" -o "$T/merged.csv"
"$KYSELY" report --db "$T/db" --by site -o "$T/report.html"

python3 - "$T" <<'PY'
import csv, re, sys
tmp = sys.argv[1]
number = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
# file: cells that must appear neutralised in it (proof the text got there)
expect = {
    "wide.csv": ["'=r1", "'=1+1", "'+SUM(A1)", "'-2+3", "'@SUM(A1)", "'\tTAB", "'=north",
                 "r5;'=1+1", "z;'=1+1", "a;'@SUM(1+1)*cmd|' /C calc'!A0", "' =1+1"],
    "long.csv": ["'=r1", "'=1+1", "'+SUM(A1)"],
    "codebook.csv": ["'=cmd|' /C calc'!A0", "'@Number", "'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1)", "'-b"],
    "rejects.csv": ["'=r8", "'=bad", "'=north", "'@r9", "'@home", "x\t'=1+1", "'\tz"],
    "analysis/estimates.csv": ["'=north", "'@home", "'-x", "'+y", "z;'=1+1", "' =1+1",
                               "'=HYPERLINK(\"http://x\",\"y\")"],
    "analysis/tests.csv": [],
    "simulate.csv": [],
    "merged.csv": ["'=r1", "'=1+1"],
}
bad = []
for name, wanted in expect.items():
    cells = set()
    with open(f"{tmp}/{name}", newline="") as f:
        for lineno, row in enumerate(csv.reader(f), 1):
            for col, cell in enumerate(row, 1):
                cells.add(cell)
                if cell and cell[0] in "=+-@\t\r" and not number.fullmatch(cell):
                    bad.append(f"{name}:{lineno}: column {col} not neutralised: {cell!r}")
                if re.search(r"[;\t\r\n] *[-=+@]", cell):
                    bad.append(f"{name}:{lineno}: column {col}: formula after ';' or TAB: {cell!r}")
    # Excel in fi-FI and sv-SE splits at ';' (and honours quotes)
    with open(f"{tmp}/{name}", newline="") as f:
        for lineno, row in enumerate(csv.reader(f, delimiter=";"), 1):
            for cell in row:
                c = cell.lstrip(" ")
                if c and c[0] in "=+-@" and not number.fullmatch(c):
                    bad.append(f"{name}:{lineno}: a ';' reader sees a formula: {cell!r}")
    for w in wanted:
        if w not in cells:
            bad.append(f"{name}: no cell {w!r} (the crafted text should be there, neutralised)")
    print(f"ok - {name}: no formula cell")
assert "-3" in open(f"{tmp}/wide.csv").read().split(","), "the number -3 was altered"
html = open(f"{tmp}/report.html").read()
for raw in ("<script>alert(1)", "<img src=x", "<b>bold</b>"):
    if raw in html:
        bad.append(f"report.html: unescaped {raw!r}")
if "&lt;b&gt;bold&lt;/b&gt;" not in html:
    bad.append("report.html: the group <b>bold</b> is missing (escaped)")
print("ok - report.html: markup in labels and groups escaped")
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
