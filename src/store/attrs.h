/* attrs.h - respondent attributes as the store keeps them: a flat JSON
 * object of strings, keys sorted, empty values left out.
 *
 * Building and reading it here (rather than with SQLite's json_extract)
 * keeps a scan of a million responses fast: json_extract costs about as
 * much per call as reading the whole row. The reader accepts any flat
 * object (string, number, true/false/null values); nested values are an
 * error. */
#ifndef KY_ATTRS_H
#define KY_ATTRS_H

#include <stdbool.h>
#include <stddef.h>

/* A reusable growing text buffer for building objects. */
struct attrs_builder {
	char *buf;
	size_t len, cap;
	size_t n_pairs;
};
void attrs_builder_init(struct attrs_builder *b);
void attrs_builder_reset(struct attrs_builder *b);
/* Adds "name":"value" (escaped). Callers add names in sorted order and
 * skip empty values; the result is NUL-terminated after attrs_builder_end. */
void attrs_builder_add(struct attrs_builder *b, const char *name, const char *value, size_t len);
/* Closes the object; returns the text, or NULL when no pair was added. */
const char *attrs_builder_end(struct attrs_builder *b);
void attrs_builder_release(struct attrs_builder *b);

/* A reusable reader: attrs_read() looks up each of names[0..n-1] in json
 * and points values[i] at its text (NULL when absent or null). The texts
 * live in r until the next call. Returns 0, or -1 when json is not a flat
 * object. */
struct attrs_reader {
	char *buf;
	size_t cap;
	size_t *offsets;     /* per name: offset into buf + 1, 0 = absent */
	size_t n_offsets;
	size_t *slots;       /* many names: open addressing, name index + 1, 0 empty */
	size_t n_slots;      /* a power of two */
};
void attrs_reader_init(struct attrs_reader *r);
int attrs_read(struct attrs_reader *r, const char *json, const char *const *names, size_t n,
	       const char **values);
/* Calls fn for each key of json (unescaped, NUL-terminated); -1 when json
 * is not a flat object. */
int attrs_each_key(struct attrs_reader *r, const char *json,
		   void (*fn)(void *ctx, const char *key), void *ctx);
void attrs_reader_release(struct attrs_reader *r);

#endif
