/* pg-array.h - PostgreSQL array literals as parameter values.
 *
 * A batch of a thousand responses goes to the server as one call whose
 * parameters are arrays ('{"a","b",NULL}'): values, never SQL text, so
 * nothing in them can change the statement. Owns its buffer. */
#ifndef KY_PG_ARRAY_H
#define KY_PG_ARRAY_H

#include <stddef.h>
#include <stdint.h>

struct pg_array {
	char *buf;
	size_t len, cap, n;
};

void pg_array_init(struct pg_array *a);
void pg_array_release(struct pg_array *a);
/* Empties the array for the next batch, keeping the buffer. */
void pg_array_reset(struct pg_array *a);
void pg_array_text(struct pg_array *a, const char *text);      /* NULL: NULL */
void pg_array_bytea(struct pg_array *a, const void *data, size_t len);
void pg_array_int(struct pg_array *a, int64_t v);
/* The literal, valid until the next change. */
const char *pg_array_value(struct pg_array *a);

#endif
