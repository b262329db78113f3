#!/bin/sh
# kysely erase and kysely purge: a respondent's answers and answer log go,
# nothing of them stays in the database file or its WAL, the erasure log
# says what happened without content, the others are untouched, a mistyped
# id removes nothing, and the database passes SQLite's integrity check.
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 CLI"; exit 77; }
q() { sqlite3 "$DB" "$1"; }

mkdir "$T/form"
printf 'type,name,label\ninteger,age,Age\ntext,town,Town\n' > "$T/form/survey.csv"
DB=$T/study.db
collect() {
	printf '%b' "$1" | "$KYSELY" collect "$T/form" --db "$DB" --script - > /dev/null 2> "$T/err" ||
		fail "collect: $(cat "$T/err")"
}
# The marker is answered, changed and answered again: it is in the
# response and twice in the answer log.
collect 'age=30\ntown=Markerville-Alpha\ntown=Markerville-Alpha-Again\nsubmit\n'
collect 'age=41\ntown=Oulu\nsubmit\n'
collect 'age=52\ntown=Turku\nsubmit\n'
# Two respondents of an earlier wave, imported with their own dates.
cat > "$T/old.csv" <<'EOF'
respondent,status,started,completed,lang,age,town
old-1,complete,2019-03-01T10:00:00Z,2019-03-01T10:20:00Z,,60,Vaasa
old-2,partial,2019-05-02T08:00:00Z,,,61,Kemi
EOF
"$KYSELY" import "$T/form" --db "$DB" "$T/old.csv" 2> "$T/err" || fail "import: $(cat "$T/err")"
[ "$(q 'SELECT count(*) FROM response')" = 5 ] || fail "setup: not 5 respondents"
victim=$(q "SELECT uuid FROM response WHERE id = 1")
logged=$(q "SELECT count(*) FROM answer_log WHERE response = 1")
[ "$logged" = 3 ] || fail "setup: the first respondent logged $logged answers, not 3"
strings "$DB" "$DB-wal" 2>/dev/null | grep -q Markerville || fail "setup: the marker is not in the file"

# --dry-run counts and removes nothing.
out=$("$KYSELY" erase --db "$DB" --respondent "$victim" --dry-run) || fail "erase --dry-run failed"
echo "$out" | grep -q "would remove 1 respondent and 3 logged answers" || fail "dry run said: $out"
[ "$(q 'SELECT count(*) FROM response')" = 5 ] || fail "a dry run removed something"

# An unknown id among known ones: exit 1, nothing removed, the id not echoed.
set +e
"$KYSELY" erase --db "$DB" --respondent "$victim" --respondent no-such-id > "$T/out" 2> "$T/err"
rc=$?
set -e
[ $rc = 1 ] || fail "erase of an unknown id exited $rc, not 1"
grep -q 'respondent number 2: no such respondent' "$T/err" || fail "message: $(cat "$T/err")"
grep -q 'no-such-id' "$T/err" && fail "the id was echoed: $(cat "$T/err")"
[ "$(q 'SELECT count(*) FROM response')" = 5 ] || fail "a failed erase removed something"

# The erasure itself.
out=$("$KYSELY" erase --db "$DB" --respondent "$victim" 2> "$T/err") || fail "erase: $(cat "$T/err")"
echo "$out" | grep -q "removed 1 respondent and 3 logged answers; erasure logged; integrity check ok" ||
	fail "erase said: $out"
echo "$out$(cat "$T/err")" | grep -q "$victim" && fail "erase printed the id"
[ "$(q "SELECT count(*) FROM response WHERE uuid = '$victim'")" = 0 ] || fail "the respondent is still there"
[ "$(q 'SELECT count(*) FROM answer_log WHERE response = 1')" = 0 ] || fail "the answer log is still there"
[ "$(q 'SELECT count(*) FROM response')" = 4 ] || fail "others were removed too"
[ "$(q 'SELECT count(*) FROM answer_log')" = 4 ] || fail "others' answer log changed"
sha=$(printf '%s' "$victim" | sha256sum | cut -d' ' -f1)
[ "$(q "SELECT kind, respondent, responses, log_rows FROM erasure")" = "erase|$sha|1|3" ] ||
	fail "erasure log: $(q 'SELECT * FROM erasure')"
q "SELECT * FROM erasure" | grep -q Markerville && fail "the erasure log holds an answer"
# Nothing of the answers in the database file or the WAL.
for f in "$DB" "$DB-wal"; do
	[ -f "$f" ] || continue
	if strings "$f" | grep -q Markerville; then fail "$f still holds the erased answer"; fi
	if strings "$f" | grep -qF "$victim"; then fail "$f still holds the erased id"; fi
done
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity check after erase"
"$KYSELY" export --db "$DB" -o "$T/after.csv" 2> "$T/err" || fail "export after erase: $(cat "$T/err")"
[ "$(wc -l < "$T/after.csv")" = 5 ] || fail "export after erase has $(wc -l < "$T/after.csv") lines"

# purge: a bad date and a future date are usage errors.
for bad in 2024-02-30 yesterday 2999-01-01; do
	set +e
	"$KYSELY" purge --db "$DB" --before "$bad" > /dev/null 2> "$T/err"
	rc=$?
	set -e
	[ $rc = 2 ] || fail "purge --before $bad exited $rc, not 2"
done
out=$("$KYSELY" purge --db "$DB" --before 2020-01-01 --dry-run) || fail "purge --dry-run"
echo "$out" | grep -q "would remove 2 respondents" || fail "purge dry run said: $out"
[ "$(q 'SELECT count(*) FROM response')" = 4 ] || fail "a purge dry run removed something"
out=$("$KYSELY" purge --db "$DB" --before 2020-01-01) || fail "purge failed"
echo "$out" | grep -q "removed 2 respondents" || fail "purge said: $out"
[ "$(q "SELECT count(*) FROM response WHERE uuid LIKE 'old-%'")" = 0 ] || fail "old respondents remain"
[ "$(q 'SELECT count(*) FROM response')" = 2 ] || fail "purge removed recent respondents"
[ "$(q "SELECT kind, respondent IS NULL, cutoff, responses FROM erasure WHERE kind = 'purge'")" = "purge|1|2020-01-01|2" ] ||
	fail "purge log: $(q 'SELECT * FROM erasure')"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity check after purge"
"$KYSELY" analyze --db "$DB" --out "$T/res" 2> "$T/err" || fail "analyze after purge: $(cat "$T/err")"
grep -q '^ht\|,age,' "$T/res/estimates.csv" || fail "analyze after purge wrote no age estimate"

# A database of the schema before the erasure log is read as it is, and
# upgraded by the first writer.
cp "$DB" "$T/old.db"
sqlite3 "$T/old.db" 'DROP TABLE repeat_instance; DROP TABLE erasure; DROP TABLE screen_visit; DROP TABLE sync_state; DROP INDEX response_updated; DELETE FROM migration WHERE version >= 2; PRAGMA user_version = 1'
"$KYSELY" export --db "$T/old.db" -o "$T/old-export.csv" 2> "$T/err" ||
	fail "export of a schema 1 database: $(cat "$T/err")"
[ "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = 1 ] || fail "a reader upgraded the database"
"$KYSELY" purge --db "$T/old.db" --before 2000-01-01 > /dev/null 2> "$T/err" ||
	fail "purge on a schema 1 database: $(cat "$T/err")"
[ "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = 5 ] || fail "the writer did not upgrade the database"
exit 0
