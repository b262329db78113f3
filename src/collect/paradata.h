/* paradata.h - which screen a respondent is on, since when, and how they
 * got there: the visits collect hands to the store (store-paradata.h).
 *
 * The front end says which question it shows (paradata_show, -1 for the
 * review screen or none); each question screen left becomes one visit:
 * when it was shown, the seconds on it (monotonic clock, so a change of
 * the wall clock cannot make a negative time) and whether it was reached
 * by stepping back: a question earlier in the form than the one shown
 * before, or any question reached from the review screen. Visits wait
 * in memory and are written in batches (paradata_flush), never in an
 * answer's transaction. */
#ifndef KY_COLLECT_PARADATA_H
#define KY_COLLECT_PARADATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "store/store-paradata.h"

/* Visits held before paradata_show asks for a flush. */
#define PARADATA_BATCH 16
/* Visits kept while the store refuses them; older ones are dropped. */
#define PARADATA_MAX_HELD 1024

struct paradata {
	struct store_visit *held;
	size_t n_held, cap;
	int current;               /* question on screen; -1: none or the review */
	int previous;              /* the question shown before it; -1: none */
	bool from_review;          /* the screen before was the review */
	bool shown_any;
	struct timespec since;     /* CLOCK_MONOTONIC when current was shown */
	char since_stamp[STORE_STAMP_LEN];
};

void paradata_init(struct paradata *p);
void paradata_release(struct paradata *p);

/* The front end now shows question qi (index into the form's questions),
 * or the review screen / nothing (-1). True when a batch is ready. */
bool paradata_show(struct paradata *p, int qi);

/* Writes the held visits of resp_pk. On failure they stay held (up to
 * PARADATA_MAX_HELD) and err is filled: losing screen times must never
 * stop a respondent, so callers may go on. */
int paradata_flush(struct paradata *p, struct store *s, int64_t resp_pk, struct ky_error *err);

#endif
