/* store-sync.h - the terminal's side of kysely sync: what changed since
 * the last push to a central store, and the mark of how far it got.
 *
 * The mark (table sync_state, one row per central store) is the
 * (updated, id) of the last response the central store committed; a
 * response answered or finished since has a later `updated` and is sent
 * again. Pushing is idempotent, so a mark that lags (a sync killed
 * between the server's commit and ours) only costs a resend. */
#ifndef KY_STORE_SYNC_H
#define KY_STORE_SYNC_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

struct store_sync_mark {
	char updated[40];   /* "" when never synced */
	int64_t id;
};

int store_sync_mark_get(struct store *s, const char *target, struct store_sync_mark *mark,
			struct ky_error *err);
int store_sync_mark_set(struct store *s, const char *target, const struct store_sync_mark *mark,
			struct ky_error *err);

/* One changed response; pointers valid during the call only. */
struct store_sync_row {
	int64_t id, form_pk;
	const char *updated;
	struct store_response r;
};
typedef int (*store_sync_fn)(void *ctx, const struct store_sync_row *row);

/* Up to limit responses after mark in (updated, id) order; *n how many
 * fn saw. fn returns 0 to go on, non-zero to stop (returned). */
int store_sync_scan(struct store *s, const struct store_sync_mark *mark, long limit,
		    store_sync_fn fn, void *ctx, long *n, struct ky_error *err);

#endif
