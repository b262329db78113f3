/* record.c - the response record codec (record.h).
 *
 * Each slot is an unsigned LEB128 varint length followed by the bytes.
 * LEB128 keeps short answers (a choice name, a digit) at one byte of
 * overhead and needs no alignment, so the blob is compact on disk. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "store/record.h"
#include "util/mem.h"

/* A varint longer than this cannot encode a length that fits size_t. */
#define VARINT_MAX_BYTES 10

/* Reads the varint length at p: the byte after it, or NULL when it is
 * malformed or its value runs past end. */
static const unsigned char *read_length(const unsigned char *p, const unsigned char *end,
					uint64_t *len)
{
	unsigned shift = 0, nbytes = 0;
	unsigned char byte;

	*len = 0;
	do {
		if (p == end || nbytes == VARINT_MAX_BYTES)
			return NULL;
		byte = *p++;
		nbytes++;
		*len |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
	} while (byte & 0x80);
	return *len > (uint64_t)(end - p) ? NULL : p;
}

int record_decode(const void *blob, size_t blob_len, struct record_view *views, size_t n_slots)
{
	const unsigned char *p = blob, *end = p + blob_len;
	size_t slot;

	for (slot = 0; slot < n_slots; slot++) {
		uint64_t len;

		if (p == end) {
			/* A record written for a shorter form: the rest is unanswered. */
			for (; slot < n_slots; slot++) {
				views[slot].ptr = NULL;
				views[slot].len = 0;
			}
			return 0;
		}
		if (!(p = read_length(p, end, &len)))
			return -1;
		views[slot].ptr = len ? (const char *)p : NULL;
		views[slot].len = (size_t)len;
		p += len;
	}
	return 0;
}

void record_builder_init(struct record_builder *b)
{
	b->buf = NULL;
	b->len = 0;
	b->cap = 0;
}

void record_builder_reset(struct record_builder *b)
{
	b->len = 0;
}

static void builder_reserve(struct record_builder *b, size_t extra)
{
	size_t need = b->len + extra;
	if (need < b->len)
		need = SIZE_MAX;   /* ky_realloc aborts on the impossible size */
	if (need <= b->cap)
		return;
	b->cap = ky_grow_cap(b->cap, need, 256);
	b->buf = ky_realloc(b->buf, b->cap);
}

void record_builder_add(struct record_builder *b, const char *value, size_t len)
{
	size_t n = value ? len : 0;

	builder_reserve(b, VARINT_MAX_BYTES + n);
	do {
		unsigned char byte = n & 0x7f;
		n >>= 7;
		b->buf[b->len++] = n ? (byte | 0x80) : byte;
	} while (n);
	if (value && len) {
		memcpy(b->buf + b->len, value, len);
		b->len += len;
	}
}

static void builder_append(struct record_builder *b, const unsigned char *from, const unsigned char *to)
{
	size_t n = (size_t)(to - from);
	if (!n)
		return;
	builder_reserve(b, n);
	memcpy(b->buf + b->len, from, n);
	b->len += n;
}

int record_replace(struct record_builder *b, const void *blob, size_t blob_len, size_t n_slots,
		   size_t slot, const char *value, size_t len)
{
	const unsigned char *p = blob, *end = p + blob_len;
	const unsigned char *slot_start = NULL, *slot_end = NULL;
	size_t present;

	/* walk (and check) the slots the blob holds */
	for (present = 0; present < n_slots && p < end; present++) {
		const unsigned char *start = p;
		uint64_t n;
		if (!(p = read_length(p, end, &n)))
			return -1;
		p += n;
		if (present == slot) {
			slot_start = start;
			slot_end = p;
		}
	}
	record_builder_reset(b);
	if (slot_start) {
		builder_append(b, blob, slot_start);
		record_builder_add(b, value, len);
		builder_append(b, slot_end, p);
	} else {
		builder_append(b, blob, p);
		for (size_t k = present; k < slot; k++)
			record_builder_add(b, NULL, 0);
		record_builder_add(b, value, len);
	}
	for (size_t k = present > slot ? present : slot + 1; k < n_slots; k++)
		record_builder_add(b, NULL, 0);
	return 0;
}

void record_builder_release(struct record_builder *b)
{
	free(b->buf);
	record_builder_init(b);
}

void *record_encode(const char *const *values, size_t n_slots, size_t *len)
{
	struct record_builder b;
	size_t i;

	record_builder_init(&b);
	for (i = 0; i < n_slots; i++)
		record_builder_add(&b, values[i], values[i] ? strlen(values[i]) : 0);
	if (!b.buf)
		b.buf = ky_malloc(1);   /* an empty record is a valid, freeable buffer */
	*len = b.len;
	return b.buf;
}
