/* strbuf.h - a growing NUL-terminated string (a pattern, a display text,
 * a CSV file being written). Start from { 0 }; free(b.s) when done. */
#ifndef KY_STRBUF_H
#define KY_STRBUF_H

#include <stddef.h>

struct ky_strbuf {
	char *s;        /* NULL until the first add */
	size_t len, cap;
};

/* Appends n bytes of text (the terminating NUL kept after them). */
void ky_strbuf_add(struct ky_strbuf *b, const char *text, size_t n);
void ky_strbuf_adds(struct ky_strbuf *b, const char *text);
/* The string, "" (allocated) when nothing was added; the caller frees it. */
char *ky_strbuf_finish(struct ky_strbuf *b);

#endif
