/* attrs.c - respondent attributes as a flat JSON object (attrs.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/attrs.h"
#include "util/mem.h"

/* ---- building ---- */

void attrs_builder_init(struct attrs_builder *b)
{
	memset(b, 0, sizeof *b);
}

void attrs_builder_reset(struct attrs_builder *b)
{
	b->len = 0;
	b->n_pairs = 0;
}

static void put_bytes(struct attrs_builder *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = ky_grow_cap(b->cap, b->len + n + 1, 128);
		b->buf = ky_realloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static void put_json_string(struct attrs_builder *b, const char *s, size_t len)
{
	size_t i, run = 0;

	put_bytes(b, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put_bytes(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
			esc[0] = '\\';
			esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : (char)c;
			put_bytes(b, esc, 2);
		} else {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			put_bytes(b, esc, 6);
		}
	}
	put_bytes(b, s + run, len - run);
	put_bytes(b, "\"", 1);
}

void attrs_builder_add(struct attrs_builder *b, const char *name, const char *value, size_t len)
{
	put_bytes(b, b->n_pairs ? "," : "{", 1);
	put_json_string(b, name, strlen(name));
	put_bytes(b, ":", 1);
	put_json_string(b, value, len);
	b->n_pairs++;
}

const char *attrs_builder_end(struct attrs_builder *b)
{
	if (!b->n_pairs)
		return NULL;
	put_bytes(b, "}", 1);
	b->buf[b->len] = '\0';
	return b->buf;
}

void attrs_builder_release(struct attrs_builder *b)
{
	free(b->buf);
	attrs_builder_init(b);
}

/* ---- reading ---- */

void attrs_reader_init(struct attrs_reader *r)
{
	memset(r, 0, sizeof *r);
}

void attrs_reader_release(struct attrs_reader *r)
{
	free(r->buf);
	free(r->offsets);
	free(r->slots);
	attrs_reader_init(r);
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* Unescapes the string at p (just after its opening quote) to *out,
 * NUL-terminated; returns the position after the closing quote or NULL.
 * The text never grows: an escape is longer than what it stands for. */
static const char *read_string(const char *p, char **out)
{
	char *o = *out;
	for (;;) {
		char c = *p++;
		unsigned cp, low;
		if (c == '"')
			break;
		if (c == '\0')
			return NULL;
		if (c != '\\') {
			*o++ = c;
			continue;
		}
		switch (c = *p++) {
		case '"': case '\\': case '/': *o++ = c; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (hex4(p, &cp))
				return NULL;
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p[0] == '\\' && p[1] == 'u' &&
			    !hex4(p + 2, &low) && low >= 0xdc00 && low < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
				p += 6;
			}
			o = put_utf8(o, cp);
			break;
		default:
			return NULL;
		}
	}
	*o++ = '\0';
	*out = o;
	return p;
}

/* A bare value (number, true, false, null) copied as text; null is
 * reported through *is_null. */
static const char *read_bare(const char *p, char **out, int *is_null)
{
	const char *start = p;
	char *o = *out;
	while (*p && *p != ',' && *p != '}' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
		p++;
	if (p == start || *start == '{' || *start == '[' || *start == '"')
		return NULL;
	*is_null = (p - start == 4 && !memcmp(start, "null", 4));
	memcpy(o, start, (size_t)(p - start));
	o += p - start;
	*o++ = '\0';
	*out = o;
	return p;
}

typedef void (*pair_fn)(void *ctx, const char *key, const char *value, size_t value_off);

/* Walks the pairs of a flat object, unescaping into r->buf. */
static int walk(struct attrs_reader *r, const char *json, pair_fn fn, void *ctx)
{
	size_t need = strlen(json) + 2;
	const char *p = skip_space(json);
	char *o;

	if (r->cap < need) {
		r->buf = ky_realloc(r->buf, need);
		r->cap = need;
	}
	o = r->buf;
	if (*p++ != '{')
		return -1;
	p = skip_space(p);
	if (*p == '}')
		return *skip_space(p + 1) ? -1 : 0;
	for (;;) {
		char *key = o, *value;
		int is_null = 0;
		if (*p++ != '"' || !(p = read_string(p, &o)))
			return -1;
		p = skip_space(p);
		if (*p++ != ':')
			return -1;
		p = skip_space(p);
		value = o;
		p = *p == '"' ? read_string(p + 1, &o) : read_bare(p, &o, &is_null);
		if (!p)
			return -1;
		fn(ctx, key, is_null ? NULL : value, (size_t)(value - r->buf));
		p = skip_space(p);
		if (*p == '}')
			return *skip_space(p + 1) ? -1 : 0;
		if (*p++ != ',')
			return -1;
		p = skip_space(p);
	}
}

/* Up to this many wanted names a scan per key is cheapest; beyond, a
 * hash of the names keeps a row of 100,000 attributes linear. */
#define SCAN_NAMES 16

struct lookup {
	struct attrs_reader *r;
	const char *const *names;
	size_t n;
};

static size_t hash_key(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void hash_names(struct attrs_reader *r, const char *const *names, size_t n)
{
	size_t cap = 32, i, at;
	while (cap < 2 * n)
		cap *= 2;
	if (r->n_slots < cap) {
		free(r->slots);
		r->slots = ky_calloc(cap, sizeof *r->slots);
		r->n_slots = cap;
	} else {
		cap = r->n_slots;
		memset(r->slots, 0, cap * sizeof *r->slots);
	}
	for (i = 0; i < n; i++) {
		for (at = hash_key(names[i]) & (cap - 1); r->slots[at]; at = (at + 1) & (cap - 1))
			;
		r->slots[at] = i + 1;
	}
}

static void note_wanted(void *ctx, const char *key, const char *value, size_t value_off)
{
	struct lookup *l = ctx;
	struct attrs_reader *r = l->r;
	size_t i, at, mask = r->n_slots - 1;
	if (l->n <= SCAN_NAMES) {
		for (i = 0; i < l->n; i++)
			if (!strcmp(key, l->names[i]))
				r->offsets[i] = value ? value_off + 1 : 0;
		return;
	}
	/* every slot of the probe run: a name may be wanted twice */
	for (at = hash_key(key) & mask; r->slots[at]; at = (at + 1) & mask)
		if (!strcmp(key, l->names[r->slots[at] - 1]))
			r->offsets[r->slots[at] - 1] = value ? value_off + 1 : 0;
}

int attrs_read(struct attrs_reader *r, const char *json, const char *const *names, size_t n,
	       const char **values)
{
	struct lookup l = { r, names, n };
	size_t i;

	if (r->n_offsets < n) {
		r->offsets = ky_reallocarray(r->offsets, n, sizeof *r->offsets);
		r->n_offsets = n;
	}
	for (i = 0; i < n; i++) {
		r->offsets[i] = 0;
		values[i] = NULL;
	}
	if (!json)
		return 0;
	if (n > SCAN_NAMES)
		hash_names(r, names, n);
	if (walk(r, json, note_wanted, &l))
		return -1;
	for (i = 0; i < n; i++)
		values[i] = r->offsets[i] ? r->buf + r->offsets[i] - 1 : NULL;
	return 0;
}

struct key_visit {
	void (*fn)(void *ctx, const char *key);
	void *ctx;
};

static void visit_key(void *ctx, const char *key, const char *value, size_t value_off)
{
	struct key_visit *k = ctx;
	(void)value;
	(void)value_off;
	k->fn(k->ctx, key);
}

int attrs_each_key(struct attrs_reader *r, const char *json,
		   void (*fn)(void *ctx, const char *key), void *ctx)
{
	struct key_visit k = { fn, ctx };
	return json ? walk(r, json, visit_key, &k) : 0;
}
