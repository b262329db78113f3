/* strbuf.c - a growing string (strbuf.h). */
#include "config.h"
#include <string.h>
#include "util/mem.h"
#include "util/strbuf.h"

void ky_strbuf_add(struct ky_strbuf *b, const char *text, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = ky_grow_cap(b->cap, b->len + n + 1, 64);
		b->s = ky_realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, text, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ky_strbuf_adds(struct ky_strbuf *b, const char *text)
{
	ky_strbuf_add(b, text, strlen(text));
}

char *ky_strbuf_finish(struct ky_strbuf *b)
{
	return b->s ? b->s : ky_strdup("");
}
