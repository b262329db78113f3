/* pg-sync.h - pushing a terminal's store to the central store
 * (kysely sync; the schema and its rules are in pg-schema.c).
 *
 * Forms (with their attribute names) go first, each in its own
 * transaction; then the responses changed since the store's mark
 * (store-sync.h), in batches: one server transaction per batch, holding
 * the responses and the answer log of those added or replaced, then the
 * mark moves past the batch in the local store. A broken connection or
 * a kill leaves at most one batch uncommitted on the server, which the
 * next run sends again; what the server has already is "present". */
#ifndef KY_PG_SYNC_H
#define KY_PG_SYNC_H

#include "store/store.h"

struct pg_sync_counts {
	long added, present, replaced, conflicts, batches;
};

/* Conflicts are reported on stderr (respondent ids only) and counted;
 * they are not an error here. */
int pg_sync(struct store *local, const char *local_path, const char *uri, long batch,
	    struct pg_sync_counts *counts, struct ky_error *err);

#endif
