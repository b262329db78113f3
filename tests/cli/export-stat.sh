#!/bin/sh
# export --format sav|dta: read back with R's haven and with PSPP, every
# value and label compared with the wide CSV export through the codebook's
# name_in_file and code_in_file; names made legal and unique per format;
# Finnish and Swedish labels intact. Skips (77) only without R's haven.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v Rscript >/dev/null && Rscript -e 'library(haven)' >/dev/null 2>&1 ||
	{ echo "R's haven not installed"; exit 77; }
CHECK="Rscript $SRCDIR/tests/cli/export-stat-check.R"

"$KYSELY" import "$SRCDIR/surveys/ht-needs" --db "$T/db" \
	"$SRCDIR/data-samples/ht-needs-2015-synthetic.csv" --set wave=2015 --set site=00100 2> "$T/err" ||
	fail "import: $(cat "$T/err")"
"$KYSELY" export --db "$T/db" -o "$T/wide.csv"
for f in sav dta; do
	"$KYSELY" export --db "$T/db" --format $f -o "$T/study.$f" --codebook "$T/cb-$f.csv" ||
		fail "export --format $f"
	$CHECK "$T/study.$f" "$T/wide.csv" "$T/cb-$f.csv" fi > "$T/out" 2>&1 ||
		fail "$f against the csv: $(cat "$T/out")"
	"$KYSELY" export --db "$T/db" --format $f --lang sv -o "$T/sv.$f" --codebook "$T/cbsv-$f.csv"
	$CHECK "$T/sv.$f" "$T/wide.csv" "$T/cbsv-$f.csv" sv > "$T/out" 2>&1 ||
		fail "$f in Swedish: $(cat "$T/out")"
done
echo "ok 1 - sav and dta equal the csv export in values, variable and value labels (fi, sv)"

cat > "$T/r.R" <<'R'
suppressMessages(library(haven))
s <- read_sav(commandArgs(TRUE)[1])
stopifnot(is.numeric(s$wave), s$wave == 2015, is.character(s$site), s$site == "00100")
stopifnot(attr(s$workplace, "label") == "Var arbetar du huvudsakligen?")
stopifnot("Sjukskötare" %in% names(attr(s$profession, "labels")))
cat("ok\n")
R
Rscript "$T/r.R" "$T/sv.sav" > "$T/out" 2>&1 || fail "numeric attribute, Swedish labels: $(cat "$T/out")"
echo "ok 2 - an attribute of numbers is numeric, a code with a leading zero text; Swedish labels"

# names: reserved words, too long, equal but for case, group paths
mkdir "$T/form"
cat > "$T/form/survey.csv" <<'CSV'
type,name,label::Suomi (fi),label::Svenska (sv)
integer,with,Ikä vuosina,Ålder i år
integer,Age,Ikä,Ålder
integer,age,ikä,ålder
text,a_very_long_question_name_that_goes_on_and_on_for_more_than_sixty_four_bytes,Pitkä,Lång
text,a_very_long_question_name_that_goes_on_and_on_for_more_than_sixty_four_bytes_too,Pitkä 2,Lång 2
select_multiple opts,_n,Valinnat,Val
date,born,Syntymäpäivä,Födelsedag
begin_group,g1,Ryhmä,Grupp
integer,x,X,X
end_group,,,
begin_group,g2,Ryhmä 2,Grupp 2
integer,x,X,X
end_group,,,
CSV
cat > "$T/form/choices.csv" <<'CSV'
list_name,name,label::Suomi (fi),label::Svenska (sv)
opts,a.b,Ä,Å
opts,a-b,Ö,Ö
CSV
cat > "$T/resp.csv" <<'CSV'
respondent,status,started,completed,lang,with,Age,age,a_very_long_question_name_that_goes_on_and_on_for_more_than_sixty_four_bytes,a_very_long_question_name_that_goes_on_and_on_for_more_than_sixty_four_bytes_too,_n,born,g1/x,g2/x
r1,complete,,,fi,1,2,3,pitkä,toinen,a.b a-b,1582-10-14,4,5
r2,partial,,,sv,,7,,,,a-b,,,6
r3,complete,,,fi,,,,,,,2024-02-29,,
CSV
"$KYSELY" import "$T/form" --db "$T/n.db" "$T/resp.csv" 2> "$T/err" || fail "import names: $(cat "$T/err")"
"$KYSELY" export --db "$T/n.db" -o "$T/n.csv"
for f in sav dta; do
	"$KYSELY" export --db "$T/n.db" --format $f -o "$T/n.$f" --codebook "$T/ncb-$f.csv" ||
		fail "names: export $f"
	$CHECK "$T/n.$f" "$T/n.csv" "$T/ncb-$f.csv" fi > "$T/out" 2>&1 ||
		fail "names $f: $(cat "$T/out")"
done
names() { awk -F, 'NR > 1 && $NF != "x" { print $(NF - 1) }' "$1" | sort -u | tr '\n' ' '; }
sav=$(names "$T/ncb-sav.csv")
dta=$(names "$T/ncb-dta.csv")
for n in with_ Age age_2 g1_x g2_x v_n_a_b v_n_a_b_2; do
	echo " $sav" | grep -q " $n " || fail "sav names lack $n: $sav"
done
for n in with_ Age age _n_a_b _n_a_b_2 g1_x g2_x \
	a_very_long_question_name_that_g a_very_long_question_name_that_2; do
	echo " $dta" | grep -q " $n " || fail "dta names lack $n: $dta"
done
for n in $sav; do [ ${#n} -le 64 ] || fail "sav name over 64 bytes: $n"; done
cat > "$T/dates.R" <<'R'
suppressMessages(library(haven))
a <- commandArgs(TRUE)
for (d in list(read_sav(a[1]), read_dta(a[2])))
  stopifnot(inherits(d$born, "Date"), identical(format(d$born), c("1582-10-14", NA, "2024-02-29")))
R
Rscript "$T/dates.R" "$T/n.sav" "$T/n.dta" > "$T/out" 2>&1 || fail "dates: $(cat "$T/out")"
echo "ok 3 - names legal and unique per format (reserved words, case, length, paths); dates as dates"

# a text longer than a Stata str: dta refuses it whole, sav keeps it
long=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "ä"; }')
mkdir "$T/form2"
printf 'type,name,label\ntext,note1,Note\n' > "$T/form2/survey.csv"
printf 'list_name,name,label\n' > "$T/form2/choices.csv"
printf 'respondent,status,started,completed,lang,note1\nr1,complete,,,,%s\n' "$long" > "$T/long.csv"
"$KYSELY" import "$T/form2" --db "$T/l.db" "$T/long.csv" 2> "$T/err" || fail "import long: $(cat "$T/err")"
set +e
"$KYSELY" export --db "$T/l.db" --format dta -o "$T/l.dta" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] && [ ! -e "$T/l.dta" ] && grep -q "note1" "$T/err" ||
	fail "long text in dta: rc $rc, $(cat "$T/err")"
"$KYSELY" export --db "$T/l.db" --format sav -o "$T/l.sav" || fail "long text in sav"
Rscript -e 'library(haven); stopifnot(nchar(read_sav(commandArgs(TRUE)[1])$note1) == 3000)' "$T/l.sav" \
	> "$T/out" 2>&1 || fail "long text in sav: $(cat "$T/out")"
echo "ok 4 - a text too long for Stata is refused whole (exit 1, no file); sav keeps it"

if command -v pspp >/dev/null; then
	cat > "$T/t.sps" <<SPS
GET FILE='$T/study.sav'.
DISPLAY DICTIONARY /VARIABLES=profession met_setting_ems experience.
LIST /VARIABLES=respondent profession met_setting_ems.
SPS
	pspp -O format=csv -o "$T/pspp.csv" "$T/t.sps" > "$T/out" 2>&1 || fail "pspp: $(cat "$T/out")"
	grep -q '^profession,6,Mikä on ammattisi?,Nominal,' "$T/pspp.csv" || fail "pspp dictionary: $(head -5 "$T/pspp.csv")"
	grep -q '^,4,Kätilö$' "$T/pspp.csv" || fail "pspp value label"
	grep -q ': Ensihoito,0,ei valittu$' "$T/pspp.csv" || fail "pspp option labels"
	# every listed case equals the csv (profession by its code in the codebook)
	awk -F, 'NR == FNR { if ($1 == "profession") code[$7] = $(NF); next }
		FNR > 1 && $1 != "" { print $1 "," code[$6] }' "$T/cb-sav.csv" "$T/wide.csv" | sort > "$T/want"
	sed -n '/^Table: Data List/,$p' "$T/pspp.csv" | awk -F, 'NR > 2 && NF == 3 { print $1 "," $2 }' |
		sort > "$T/got"
	[ -s "$T/got" ] && cmp -s "$T/want" "$T/got" || fail "pspp cases differ: $(diff "$T/want" "$T/got" | head -5)"
	echo "ok 5 - PSPP reads the dictionary, labels and cases"
else
	echo "ok 5 # SKIP pspp not installed"
fi
echo "1..5"
