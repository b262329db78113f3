#!/bin/sh
# Excel: export --format xlsx and analyze --xlsx read back with openpyxl
# (sheets, frozen headers, numbers as numbers, text kept as text, shares
# as percentages, suppressed cells shaded); --excel CSV read as Finnish
# Excel does (byte-order mark, ';', decimal comma) keeps ä and ö.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null || { echo "SKIP: no openpyxl for $PY"; exit 77; }

cat > "$T/form.csv" <<'CSV'
survey
,type,name,label::Suomi (fi),label::English (en)
,select_one job,job,Mikä on ammattisi?,What is your job?
,integer,age,Ikä,Age
,decimal,hours,Työtunnit viikossa,Hours a week
,text,postcode,Postinumero,Postcode
,text,remark,Huomioita,Remarks
choices
,list_name,name,label::Suomi (fi),label::English (en)
,job,nurse,Sairaanhoitaja,Nurse
,job,doctor,Lääkäri,Doctor
settings
,form_id,default_language
,xl,fi
CSV
{
	echo "respondent,status,started,completed,lang,job,age,hours,postcode,remark"
	echo "11111111-1111-4111-8111-111111111111,complete,,,fi,nurse,34,37.5,00100,'=1+1"
	echo "11111111-1111-4111-8111-111111111112,complete,,,fi,doctor,51,40.25,33100,ok"
	echo "11111111-1111-4111-8111-111111111113,complete,,,fi,nurse,29,,,"
	echo "11111111-1111-4111-8111-111111111114,complete,,,fi,nurse,45,20,,"
	echo "11111111-1111-4111-8111-111111111115,complete,,,fi,nurse,38,30,,"
	echo "11111111-1111-4111-8111-111111111116,complete,,,fi,nurse,41,,,"
	echo "11111111-1111-4111-8111-111111111117,complete,,,fi,nurse,60,,,"
	echo "11111111-1111-4111-8111-111111111118,complete,,,fi,doctor,33,,,"
} > "$T/in.csv"
"$KYSELY" import "$T/form.csv" --db "$T/db" "$T/in.csv" 2>"$T/err" || fail "import: $(cat "$T/err")"

# the workbook of the responses
"$KYSELY" export --db "$T/db" --format xlsx -o "$T/out.xlsx" 2>"$T/err" ||
	fail "export xlsx: $(cat "$T/err")"
[ "$(stat -c %a "$T/out.xlsx")" = 600 ] || fail "workbook mode $(stat -c %a "$T/out.xlsx")"
"$PY" - "$T/out.xlsx" <<'PY' || fail "export workbook"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["responses", "labels"], wb.sheetnames
ws = wb["responses"]
assert ws.freeze_panes == "A2", ws.freeze_panes
head = [c.value for c in ws[1]]
rows = {r[0]: dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
one = rows["11111111-1111-4111-8111-111111111111"]
assert one["age"] == 34 and isinstance(one["age"], int), one
assert one["hours"] == 37.5, one
assert one["postcode"] == "00100", one          # a text answer stays text
assert one["remark"] == "=1+1", one              # a string cell, never a formula
assert ws.cell(row=2, column=head.index("remark") + 1).data_type == "s"
assert rows["11111111-1111-4111-8111-111111111113"]["hours"] is None
labels = [[c for c in r] for r in wb["labels"].iter_rows(values_only=True)]
assert any("Lääkäri" in r for r in labels), labels
PY

"$KYSELY" export --db "$T/db" --format xlsx 2>"$T/err" && fail "a workbook on standard output"
grep -q "needs a file name" "$T/err" || fail "stdout refusal: $(cat "$T/err")"
"$KYSELY" export --db "$T/db" --format xlsx -o "$T/db" 2>"$T/err" && fail "a workbook over the database"
"$KYSELY" export --db "$T/db" -o "$T/check.csv" || fail "the database was harmed"

# --excel CSV: bytes first, then as Excel splits it
"$KYSELY" export --db "$T/db" --excel -o "$T/ex.csv" --codebook "$T/cb.csv"
[ "$(head -c 3 "$T/ex.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no byte-order mark"
[ "$(head -c 3 "$T/cb.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "codebook: no byte-order mark"
"$PY" - "$T/ex.csv" "$T/cb.csv" <<'PY' || fail "export --excel"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
head = rows[0]
assert head[:2] == ["respondent", "status"], head
one = dict(zip(head, rows[1]))
assert one["hours"] == "37,5" and one["age"] == "34", one
assert one["remark"] == "'=1+1", one             # still neutralised with ';'
cb = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline=""), delimiter=";"))
assert any("Lääkäri" in r for r in cb), cb
assert any("Mikä on ammattisi?" in r for r in cb), cb
PY

# analysis tables as CSV for Excel and as one workbook
"$KYSELY" analyze --db "$T/db" --out "$T/res" --lang fi --excel --xlsx "$T/res.xlsx" \
	--by job --min-cell 2 2>"$T/err" || fail "analyze: $(cat "$T/err")"
[ "$(head -c 3 "$T/res/estimates.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] ||
	fail "estimates.csv: no byte-order mark"
[ "$(stat -c %a "$T/res.xlsx")" = 600 ] || fail "analysis workbook mode"
"$PY" - "$T/res/estimates.csv" "$T/res.xlsx" <<'PY' || fail "analyze --excel --xlsx"
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
head = rows[0]
est = [dict(zip(head, r)) for r in rows[1:]]
nurse = [r for r in est if r["variable"] == "job" and r["level"] == "nurse" and not r["by"]][0]
assert nurse["level_label"] == "Sairaanhoitaja", nurse
assert nurse["variable_label"] == "Mikä on ammattisi?", nurse
assert nurse["estimate"] == "0,75", nurse
mean = [r for r in est if r["variable"] == "hours" and r["statistic"] == "mean" and not r["by"]][0]
assert float(mean["estimate"].replace(",", ".")) == (37.5 + 40.25 + 20 + 30) / 4, mean

wb = openpyxl.load_workbook(sys.argv[2])
assert wb.sheetnames[:2] == ["estimates", "tests"] and "run" in wb.sheetnames, wb.sheetnames
for ws in wb:
    assert ws.freeze_panes == "A2", (ws.title, ws.freeze_panes)
ws = wb["estimates"]
head = [c.value for c in ws[1]]
assert head[:3] == ["Form", "Variable", "Question"], head
col = {h: i for i, h in enumerate(head)}
shaded = found = False
for r in ws.iter_rows(min_row=2):
    v = [c.value for c in r]
    if v[col["Variable"]] == "job" and v[col["Level"]] == "nurse" and v[col["Grouped by"]] is None:
        e = r[col["Estimate"]]
        assert e.value == 0.75 and e.number_format == "0.0%", (e.value, e.number_format)
        assert v[col["Level label"]] == "Sairaanhoitaja"
        assert isinstance(v[col["n"]], int) and v[col["n"]] == 6
        found = True
    if v[col["Suppressed"]] == 1:
        assert r[col["Estimate"]].value is None
        shaded = shaded or r[col["Estimate"]].fill.fill_type == "solid"
assert found and shaded, (found, shaded)
PY

# model --excel: the same CSV for Excel
"$KYSELY" model --db "$T/db" --out "$T/mod" --excel 'age ~ job' 2>"$T/err" || fail "model: $(cat "$T/err")"
"$PY" - "$T/mod/models.csv" <<'PY' || fail "model --excel"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
icpt = [r for r in rows if r["term"] == "(Intercept)"][0]
# the intercept is the reference group's mean age: nurses 247/6, written
# with a decimal comma (or doctors' 42, when they are the reference)
est = icpt["estimate"]
assert est == "42" or ("," in est and abs(float(est.replace(",", ".")) - 247 / 6) < 1e-4), icpt
assert all("." not in r["std_error"] for r in rows), rows
PY
exit 0
