/* store-paradata.h - paradata in the store: the screens a respondent saw
 * in collect (table screen_visit, store.h) and, with the answer log, what
 * `export --paradata` and analyze's data-quality table read.
 *
 * Visits are written in batches (store_visits_put: one transaction for
 * many), never inside an answer's transaction, so recording them does not
 * slow the commit of an answer. A database older than the table (schema
 * version 2, read-only) has no visits: the scans give none. */
#ifndef KY_STORE_PARADATA_H
#define KY_STORE_PARADATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

#define STORE_STAMP_LEN 32

/* One screen shown: the question (index into the form's questions), when
 * it was shown (UTC ISO 8601 with milliseconds), for how long, and whether
 * the respondent reached it by stepping back. */
struct store_visit {
	int question;
	char entered_at[STORE_STAMP_LEN];
	double seconds;
	bool back;
};

/* Adds the visits of response resp_pk in one transaction of their own (or
 * the caller's store_begin() transaction). */
int store_visits_put(struct store *s, int64_t resp_pk, const struct store_visit *v, size_t n,
		     struct ky_error *err);

/* One row of a form's paradata: an answer logged (visit false: slot,
 * value NULL when cleared, answered_at) or a screen visit (visit true:
 * question, seconds, back). Pointers are valid during the call only. */
struct store_paradata_row {
	int64_t response;
	const char *uuid;
	bool visit;
	int slot, question;
	const char *value, *answered_at;
	double seconds;
	bool back;
};
typedef int (*store_paradata_fn)(void *ctx, const struct store_paradata_row *row);

/* Every log row and visit of the respondents of form_pk, grouped by
 * respondent in storage order; within one: the log by slot and time,
 * then the visits in the order they happened. fn returns 0 to go on,
 * non-zero to stop (that value is returned). */
int store_paradata_scan(struct store *s, int64_t form_pk, store_paradata_fn fn, void *ctx,
			struct ky_error *err);
/* The visit rows only, in the same order; at once nothing when the store
 * has no visit at all (analyze's quality table on an imported store). */
int store_visits_scan(struct store *s, int64_t form_pk, store_paradata_fn fn, void *ctx,
		      struct ky_error *err);

#endif
