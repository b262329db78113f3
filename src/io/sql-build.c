/* sql-build.c - SQL text from constant pieces and quoted identifiers
 * (sql-build.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "io/sql-build.h"
#include "util/mem.h"

static void append(struct sql_build *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->text = ky_realloc(b->text, b->cap);
	}
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
}

void sql_lit(struct sql_build *b, const char *literal)
{
	append(b, literal, strlen(literal));
}

void sql_ident(struct sql_build *b, const char *name)
{
	append(b, "\"", 1);
	for (const char *p = name; *p; p++) {
		append(b, p, 1);
		if (*p == '"')
			append(b, "\"", 1);   /* "" inside quotes is one " */
	}
	append(b, "\"", 1);
}

const char *sql_text(struct sql_build *b)
{
	if (!b->text)
		append(b, "", 0);
	return b->text;
}

void sql_build_release(struct sql_build *b)
{
	free(b->text);
	memset(b, 0, sizeof *b);
}
