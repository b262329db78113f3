/* store-log.c - the answer log in the store (store.h): reading one
 * respondent's log and adding rows to it idempotently, which is what
 * merge needs to carry the log from the sites to CENTRAL. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "store/store-impl.h"

int store_log_scan(struct store *s, const char *uuid, store_log_fn fn, void *ctx,
		   struct ky_error *err)
{
	struct store_log_row row = { uuid, 0, NULL, NULL };
	sqlite3_stmt *st = store_stmt(s, ST_LOG_SCAN, err);
	int rc, stop = 0;

	if (!st)
		return KY_EIO;
	if (store_bind_text(st, 1, uuid)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.slot = sqlite3_column_int(st, 0);
		row.value = (const char *)sqlite3_column_text(st, 1);
		row.answered_at = (const char *)sqlite3_column_text(st, 2);
		if ((stop = fn(ctx, &row)))
			break;
	}
	store_stmt_done(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot read the answer log");
	return KY_OK;
}

int store_log_put(struct store *s, const struct store_log_row *row, bool *added,
		  struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_LOG_PUT, err);
	struct store_response ignored;
	int rc;

	if (added)
		*added = false;
	if (!st)
		return KY_EIO;
	if (!row->uuid || !row->answered_at)
		return ky_error_set(err, KY_EINPUT, "%s: an answer log row needs a respondent "
				    "and a time", s->path);
	if (store_bind_text(st, 1, row->uuid) || sqlite3_bind_int(st, 2, row->slot) ||
	    store_bind_text(st, 3, row->value) || store_bind_text(st, 4, row->answered_at)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, "cannot log an answer", err)))
		return rc;
	if (sqlite3_changes(s->db) > 0) {
		if (added)
			*added = true;
		return KY_OK;
	}
	/* Nothing added: a duplicate, or no such respondent (an error). */
	if ((rc = store_response_get(s, row->uuid, NULL, &ignored, err)) == KY_OK)
		store_response_free(&ignored);
	return rc;
}
