/* pg-array.c - array literals (pg-array.h): every element is quoted,
 * with backslash and double quote escaped, as array_in reads them. */
#include "config.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "store/pg-array.h"
#include "util/mem.h"

void pg_array_init(struct pg_array *a)
{
	a->buf = NULL;
	a->len = a->cap = a->n = 0;
	pg_array_reset(a);
}

void pg_array_release(struct pg_array *a)
{
	free(a->buf);
	a->buf = NULL;
	a->len = a->cap = a->n = 0;
}

static void reserve(struct pg_array *a, size_t more)
{
	if (a->len + more + 2 <= a->cap)
		return;
	while (a->len + more + 2 > a->cap)
		a->cap = a->cap ? a->cap * 2 : 4096;
	a->buf = ky_realloc(a->buf, a->cap);
}

static void put(struct pg_array *a, const char *s, size_t n)
{
	reserve(a, n);
	memcpy(a->buf + a->len, s, n);
	a->len += n;
}

void pg_array_reset(struct pg_array *a)
{
	a->len = 0;
	a->n = 0;
	put(a, "{", 1);
}

static void separate(struct pg_array *a)
{
	if (a->n++)
		put(a, ",", 1);
}

void pg_array_text(struct pg_array *a, const char *text)
{
	const char *p;
	separate(a);
	if (!text) {
		put(a, "NULL", 4);
		return;
	}
	reserve(a, 2 * strlen(text) + 2);
	a->buf[a->len++] = '"';
	for (p = text; *p; p++) {
		if (*p == '"' || *p == '\\')
			a->buf[a->len++] = '\\';
		a->buf[a->len++] = *p;
	}
	a->buf[a->len++] = '"';
}

void pg_array_bytea(struct pg_array *a, const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = data;
	size_t i;

	separate(a);
	reserve(a, 2 * len + 6);
	/* the element's text is \x0a1b..., its backslash escaped */
	memcpy(a->buf + a->len, "\"\\\\x", 4);
	a->len += 4;
	for (i = 0; i < len; i++) {
		a->buf[a->len++] = hex[b[i] >> 4];
		a->buf[a->len++] = hex[b[i] & 15];
	}
	a->buf[a->len++] = '"';
}

void pg_array_int(struct pg_array *a, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%" PRId64, v);
	separate(a);
	put(a, num, (size_t)n);
}

const char *pg_array_value(struct pg_array *a)
{
	reserve(a, 2);
	a->buf[a->len] = '}';
	a->buf[a->len + 1] = '\0';
	return a->buf;
}
