#!/bin/sh
# Only prepared statements: no SQL text in src/ or analysis/ is built at run
# time (printf-style formatting, SQLite's mprintf, concatenation, a
# non-constant string handed to sqlite3_prepare or sqlite3_exec). The
# checker is first shown to catch each of those in crafted code.
set -eu
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
CHECK="python3 $SRCDIR/tests/reliability/sql-literal.py"

mkdir "$T/bad" "$T/good"
cat >"$T/bad/mprintf.c" <<'C'
void f(sqlite3 *db, const char *name) { char *q = sqlite3_mprintf("SELECT * FROM t WHERE n = '%q'", name); }
C
cat >"$T/bad/asprintf.c" <<'C'
void f(sqlite3 *db, const char *name)
{
	char *sql = ky_asprintf("DELETE FROM response WHERE uuid = '%s'", name);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
}
C
cat >"$T/bad/snprintf.c" <<'C'
void f(sqlite3 *db, sqlite3_stmt **st, const char *col)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM response", col);
	sqlite3_prepare_v2(db, sql, -1, st, NULL);
}
C
cat >"$T/bad/strcat.c" <<'C'
void f(char *buf, const char *id) { strcat(buf, "UPDATE response SET status = 'x' WHERE id = "); strcat(buf, id); }
C
cat >"$T/bad/param.c" <<'C'
static int run(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }
int g(sqlite3 *db, const char *user) { run(db, "PRAGMA foreign_keys = ON"); return run(db, user); }
C
cat >"$T/bad/sqllit.c" <<'C'
void f(sqlite3 *db, const char *user)
{
	struct sql_build b = { 0 };
	sql_lit(&b, user);
	sqlite3_exec(db, sql_text(&b), NULL, NULL, NULL);
}
C
cat >"$T/good/built.c" <<'C'
void sql_lit(struct sql_build *b, const char *literal);
int f(sqlite3 *db, const char *name)
{
	struct sql_build b = { 0 };
	sql_lit(&b, "CREATE TABLE ");
	sql_ident(&b, name);
	sql_lit(&b, " (x)");
	return sqlite3_exec(db, sql_text(&b), NULL, NULL, NULL);
}
C
cat >"$T/good/ok.c" <<'C'
/* sqlite3_mprintf("SELECT %s FROM t") in a comment is fine */
static const char *const table[] = { "SELECT 1", [1] = "SELECT 2 FROM t WHERE a = ?" };
static int run(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }
int g(sqlite3 *db, sqlite3_stmt **st, int i)
{
	char msg[64];
	snprintf(msg, sizeof msg, "cannot select the row %d", i);
	run(db, "PRAGMA foreign_keys = ON");
	return sqlite3_prepare_v2(db, table[i], -1, st, NULL) +
		sqlite3_prepare_v3(db, "SELECT id FROM response WHERE uuid = ?", -1, 0, st, NULL);
}
C
set +e
$CHECK "$T/bad" >"$T/findings"
rc=$?
set -e
[ $rc = 1 ] || fail "crafted bad code passed: $(cat "$T/findings")"
for f in mprintf asprintf snprintf strcat param sqllit; do
	grep -q "/bad/$f.c:" "$T/findings" || fail "$f.c not caught: $(cat "$T/findings")"
done
$CHECK "$T/good" >"$T/findings" || fail "false alarm: $(cat "$T/findings")"
echo "ok 1 - the checker catches every crafted case and passes constant SQL"

$CHECK "$SRCDIR/src" "$SRCDIR/analysis" >"$T/findings" ||
	fail "SQL built at run time: $(cat "$T/findings")"
echo "ok 2 - src/ and analysis/ prepare constant SQL only"
echo "1..2"
