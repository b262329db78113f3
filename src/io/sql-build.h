/* sql-build.h - SQL text for statements whose identifiers come from a
 * form (the plain SQLite copy's table and column names), which SQLite
 * cannot bind.
 *
 * Owns the only way such text is made: constant pieces (sql_lit, which
 * tests/reliability/sql-literal.py requires to be given a string literal
 * at every call) and identifiers (sql_ident, always double-quoted with
 * '"' doubled). Values are still bound parameters. */
#ifndef KY_SQL_BUILD_H
#define KY_SQL_BUILD_H

#include <stddef.h>

struct sql_build {
	char *text;
	size_t len, cap;
};

/* Appends constant SQL text: a string literal at every call. */
void sql_lit(struct sql_build *b, const char *literal);
/* Appends name as a quoted identifier. */
void sql_ident(struct sql_build *b, const char *name);
/* The text so far ("" when empty); valid until the next append. */
const char *sql_text(struct sql_build *b);
void sql_build_release(struct sql_build *b);

#endif
