#!/bin/sh
# Repeats through export, import and merge (interfaces.md section 5): the
# answers of each repeat in OUT-REPEAT.csv beside OUT.csv (respondent,
# parent, key, then the repeat's questions); export, import into a fresh
# database and export again gives the same bytes; a bad repeat row rejects
# its respondent whole with the repeat file's line and column; re-importing
# an export adds nothing; merge carries the instances; erase removes them.
set -eu
. "$SRCDIR/tests/cli/lib.sh"
FORM="$SRCDIR/tests/forms/repeats"
# said TEXT: the last command wrote TEXT (the counts go to stderr).
said() { cat "$T/out" "$T/err" | grep -q "$1"; }

mkdir "$T/in"
cat > "$T/in/resp.csv" <<'EOF'
respondent,status,household,n_children
r1,complete,Virtanen,2
r2,complete,Korhonen,0
r3,partial,Nieminen,1
EOF
cat > "$T/in/resp-child.csv" <<'EOF'
respondent,parent,key,child_name,child_age
r1,,r1/child[2],Eero,3
r1,,r1/child[1],Aino,7
r3,,r3/child[1],Liisa,12
EOF
cat > "$T/in/resp-visit.csv" <<'EOF'
respondent,parent,key,visit_date,vaccinated
r1,r1/child[1],r1/child[1]/visit[2],2024-09-12,no
r1,r1/child[2],r1/child[2]/visit[1],2025-01-20,yes
r1,r1/child[1],r1/child[1]/visit[1],2024-03-01,yes
EOF
cat > "$T/in/resp-adult.csv" <<'EOF'
respondent,parent,key,adult_name,role
r1,,r1/adult[1],Matti,head
r1,,r1/adult[2],Maija,partner
r2,,r2/adult[1],Pekka,
EOF

expect_exit 0 "$KYSELY" import "$FORM" --db "$T/a.db" "$T/in/resp.csv"
said 'imported 3 rows, 0 rejected' || fail "import: $(cat "$T/out" "$T/err")"
expect_exit 0 "$KYSELY" export --db "$T/a.db" -o "$T/one.csv"

# The main file keeps the respondents' own questions only.
[ "$(head -n 1 "$T/one.csv")" = \
  "respondent,status,started,completed,lang,household,n_children,total_age,n_adults,first_child" ] ||
	fail "main header: $(head -n 1 "$T/one.csv")"
# Each repeat's file: its own questions, instances in document order.
cat > "$T/want-visit.csv" <<'EOF'
respondent,parent,key,visit_date,vaccinated
r1,r1/child[1],r1/child[1]/visit[1],2024-03-01,yes
r1,r1/child[1],r1/child[1]/visit[2],2024-09-12,no
r1,r1/child[2],r1/child[2]/visit[1],2025-01-20,yes
EOF
tr -d '\r' < "$T/one-visit.csv" | cmp -s - "$T/want-visit.csv" ||
	fail "visit file: $(cat "$T/one-visit.csv")"
head -n 2 "$T/one-child.csv" | tr -d '\r' | tail -n 1 | grep -qx 'r1,,r1/child\[1\],Aino,7,' ||
	fail "child file: $(cat "$T/one-child.csv")"

# Round trip: import the export into a fresh database, export again.
expect_exit 0 "$KYSELY" import "$FORM" --db "$T/b.db" "$T/one.csv"
said 'imported 3 rows, 0 rejected' || fail "re-import: $(cat "$T/out" "$T/err")"
expect_exit 0 "$KYSELY" export --db "$T/b.db" -o "$T/two.csv"
for f in "" -child -visit -adult; do
	cmp -s "$T/one$f.csv" "$T/two$f.csv" || fail "two$f.csv differs from one$f.csv"
done
# Idempotent: the export of the same database adds nothing.
expect_exit 0 "$KYSELY" import "$FORM" --db "$T/b.db" "$T/two.csv"
said 'imported 0 rows, 0 rejected' || fail "idempotent: $(cat "$T/out" "$T/err")"

# A different tree for a stored respondent is a conflict, as a changed row.
mkdir "$T/c"
cp "$T/two.csv" "$T/two-visit.csv" "$T/two-adult.csv" "$T/c/"
sed 's/,Aino,7,/,Aino,8,/' "$T/two-child.csv" > "$T/c/two-child.csv"
expect_exit 1 "$KYSELY" import "$FORM" --db "$T/b.db" "$T/c/two.csv"
grep -q "line 2: respondent 'r1' is already stored with different answers in its repeats (conflict)" \
	"$T/err" || fail "conflict: $(cat "$T/err")"
said 'imported 0 rows, 1 rejected' || fail "conflict count: $(cat "$T/out")"

# Bad repeat rows: each rejects its respondent whole, naming the file,
# the line and the column; nothing of theirs is stored.
mkdir "$T/bad"
cp "$T/in/resp.csv" "$T/in/resp-adult.csv" "$T/bad/"
sed 's|r1,r1/child\[2\],r1/child\[2\]/visit\[1\]|r1,r1/child[3],r1/child[3]/visit[1]|' \
	"$T/in/resp-visit.csv" > "$T/bad/resp-visit.csv"
sed 's/Liisa,12/Liisa,x1/' "$T/in/resp-child.csv" > "$T/bad/resp-child.csv"
sed 's/Pekka,$/Pekka,chief/' "$T/in/resp-adult.csv" > "$T/bad/resp-adult.csv"
expect_exit 1 "$KYSELY" import "$FORM" --db "$T/bad.db" "$T/bad/resp.csv" --rejects "$T/rej.csv"
said 'imported 0 rows, 3 rejected' || fail "bad rows: $(cat "$T/out" "$T/err")"
grep -q "line 2: .*/bad/resp-visit.csv:3: 'parent': no instance of repeat 'child' has that key" \
	"$T/rej.csv" || fail "missing parent: $(cat "$T/rej.csv")"
grep -q "line 4: .*/bad/resp-child.csv:4: 'child_age': not a whole number" "$T/rej.csv" ||
	fail "bad integer: $(cat "$T/rej.csv")"
grep -q "line 3: .*/bad/resp-adult.csv:4: 'role': " "$T/rej.csv" ||
	fail "bad choice: $(cat "$T/rej.csv")"
# Their repeat rows wait beside the rejects file (line, reason first):
# fixed there, the rejects file imports with its repeats.
[ "$(grep -c '^[0-9]*,.*,r1,r1/child' "$T/rej-visit.csv")" = 3 ] ||
	fail "rejects of visits: $(cat "$T/rej-visit.csv")"
sed -i 's/,Liisa,x1/,Liisa,12/' "$T/rej-child.csv"
sed -i 's|r1,r1/child\[3\],r1/child\[3\]/visit\[1\]|r1,r1/child[2],r1/child[2]/visit[1]|' "$T/rej-visit.csv"
sed -i 's/,Pekka,chief/,Pekka,/' "$T/rej-adult.csv"
expect_exit 0 "$KYSELY" import "$FORM" --db "$T/bad.db" "$T/rej.csv" --rejects "$T/rej.csv"
said 'imported 3 rows, 0 rejected' || fail "fixed rejects: $(cat "$T/out" "$T/err")"
[ "$(wc -l < "$T/rej-visit.csv")" = 1 ] || fail "visits left: $(cat "$T/rej-visit.csv")"
expect_exit 0 "$KYSELY" export --db "$T/bad.db" -o "$T/fixed.csv"
for f in "" -child -visit -adult; do
	cmp -s "$T/one$f.csv" "$T/fixed$f.csv" || fail "fixed$f.csv differs from one$f.csv"
done
# An unknown column of a repeat file refuses the import, naming it.
sed '1s/child_age/child_agex/' "$T/in/resp-child.csv" > "$T/bad/resp-child.csv"
expect_exit 1 "$KYSELY" import "$FORM" --db "$T/bad.db" "$T/bad/resp.csv"
[ "$(wc -l < "$T/err")" = 1 ] && grep -q "resp-child.csv:1: column 'child_agex' is not a question of repeat 'child'" \
	"$T/err" || fail "unknown column: $(cat "$T/err")"

# A main-file column of a repeat's question is ignored, with one warning.
printf 'respondent,household,n_children,child_name\nr9,Salo,1,Ilona\n' > "$T/main-only.csv"
expect_exit 0 "$KYSELY" import "$FORM" --db "$T/m1.db" "$T/main-only.csv"
grep -q "main-only.csv:1: 1 column ('child_name'...) of questions in repeats ignored" "$T/err" ||
	fail "repeat column in the main file: $(cat "$T/err")"

# --paradata never writes over a repeat's file.
expect_exit 2 "$KYSELY" export --db "$T/a.db" -o "$T/p.csv" --paradata "$T/p-child.csv"
head -n 1 "$T/p-child.csv" | grep -q '^respondent,parent,key,child_name' ||
	fail "paradata over a repeat's file: $(cat "$T/err")"

# The repeats go to files beside -o FILE: standard output is refused.
expect_exit 2 "$KYSELY" export --db "$T/a.db"
grep -q "has repeats" "$T/err" || fail "export to stdout: $(cat "$T/err")"
# The long layout names instances by key.
expect_exit 0 "$KYSELY" export --db "$T/a.db" --format long
grep -q '^r1/child\[2\]/visit\[1\],vaccinated,yes' "$T/out" || fail "long: $(cat "$T/out")"

# --format sqlite: a table per repeat, keyed by the instance's key.
if command -v sqlite3 > /dev/null; then
	expect_exit 0 "$KYSELY" export --db "$T/a.db" --format sqlite -o "$T/a.sqlite"
	[ "$(sqlite3 "$T/a.sqlite" "SELECT group_concat(key, ' ') FROM visit WHERE parent = 'r1/child[1]'")" = \
	  "r1/child[1]/visit[1] r1/child[1]/visit[2]" ] || fail "sqlite visit table"
	[ "$(sqlite3 "$T/a.sqlite" "SELECT child_age + 0 FROM child WHERE key = 'r3/child[1]' AND parent IS NULL")" = 12 ] ||
		fail "sqlite child table"
fi

# --format xlsx: a sheet per repeat between responses and labels.
expect_exit 0 "$KYSELY" export --db "$T/a.db" --format xlsx -o "$T/a.xlsx"
if command -v unzip > /dev/null; then
	unzip -p "$T/a.xlsx" xl/workbook.xml | grep -q 'name="responses".*name="child".*name="visit".*name="adult".*name="labels"' ||
		fail "xlsx sheets: $(unzip -p "$T/a.xlsx" xl/workbook.xml)"
fi

# --format sav and dta: a file per repeat beside the main one.
for f in sav dta; do
	expect_exit 0 "$KYSELY" export --db "$T/a.db" --format $f -o "$T/a.$f"
	for r in child visit adult; do
		[ -s "$T/a-$r.$f" ] || fail "no a-$r.$f"
	done
done
if command -v Rscript > /dev/null && Rscript -e 'library(haven)' > /dev/null 2>&1; then
	[ "$(Rscript -e 'd <- haven::read_sav(commandArgs(TRUE)[1]); cat(d$key[d$parent == "r1/child[1]"])' \
	    "$T/a-visit.sav")" = "r1/child[1]/visit[1] r1/child[1]/visit[2]" ] || fail "a-visit.sav"
fi

# Merge carries each respondent's instances: two sites, one central.
head -n 2 "$T/in/resp.csv" > "$T/s1.csv"
sed -n '1p;3,4p' "$T/in/resp.csv" > "$T/s2.csv"
for r in child visit adult; do
	grep -v '^r[23],' "$T/in/resp-$r.csv" > "$T/s1-$r.csv"
	grep -v '^r1,' "$T/in/resp-$r.csv" > "$T/s2-$r.csv"
done
expect_exit 0 "$KYSELY" import "$FORM" --db "$T/site1.db" "$T/s1.csv"
expect_exit 0 "$KYSELY" import "$FORM" --db "$T/site2.db" "$T/s2.csv"
expect_exit 0 "$KYSELY" merge --db "$T/central.db" "$T/site1.db" "$T/site2.db"
expect_exit 0 "$KYSELY" export --db "$T/central.db" -o "$T/m.csv"
for f in "" -child -visit -adult; do
	cmp -s "$T/one$f.csv" "$T/m$f.csv" || fail "merged m$f.csv differs from one$f.csv"
done
expect_exit 0 "$KYSELY" merge --db "$T/central.db" "$T/site1.db" "$T/site2.db"
said '0 responses added, 3 already present, 0 conflicts' ||
	fail "merge again: $(cat "$T/out" "$T/err")"

# Erase removes a respondent's instances with it.
expect_exit 0 "$KYSELY" erase --db "$T/central.db" --respondent r1
expect_exit 0 "$KYSELY" export --db "$T/central.db" -o "$T/e.csv"
[ "$(wc -l < "$T/e-visit.csv")" = 1 ] || fail "erase left visits: $(cat "$T/e-visit.csv")"
! grep -q '^r1' "$T/e-child.csv" "$T/e-adult.csv" || fail "erase left r1's instances"
grep -q '^r2,,r2/adult\[1\],Pekka' "$T/e-adult.csv" || fail "erase took r2's: $(cat "$T/e-adult.csv")"
echo "ok - repeats through export, import, merge and erase"
