/* record.h - the stored form of one response's answers.
 *
 * A response's answers are one BLOB: the values of the form's slots in
 * slot order (form.h), each a varint length then that many UTF-8 bytes;
 * length 0 means unanswered. One row per response keeps collection
 * durable per answer (one small UPDATE per answer) and lets analysis scan
 * a million respondents without a join. Decoding makes views into the
 * blob and allocates nothing. */
#ifndef KY_RECORD_H
#define KY_RECORD_H

#include <stddef.h>
#include <stdint.h>

struct record_view {
	const char *ptr;   /* not NUL-terminated; NULL when unanswered */
	size_t len;
};

/* Decodes blob into views[0..n_slots-1]. Slots beyond the blob's end are
 * unanswered (a record written for a shorter form). Returns 0, or -1 when
 * the blob is malformed. */
int record_decode(const void *blob, size_t blob_len, struct record_view *views, size_t n_slots);

/* Encodes values (NULL or "" = unanswered) into a fresh buffer the caller
 * frees; *len receives its size. */
void *record_encode(const char *const *values, size_t n_slots, size_t *len);

/* A growing encoder that reuses its buffer between records (no per-row
 * allocation on the import path). */
struct record_builder {
	unsigned char *buf;
	size_t len, cap;
};
void record_builder_init(struct record_builder *b);
void record_builder_reset(struct record_builder *b);
void record_builder_add(struct record_builder *b, const char *value, size_t len);
void record_builder_release(struct record_builder *b);

/* The record blob with slot `slot` (< n_slots) set to value (NULL or len
 * 0: unanswered), into b (reset first): the other slots' bytes are copied
 * as they are, slots missing from a shorter record become unanswered, and
 * the result has n_slots slots. -1 when blob is malformed. */
int record_replace(struct record_builder *b, const void *blob, size_t blob_len, size_t n_slots,
		   size_t slot, const char *value, size_t len);

#endif
