/* store-sync.c - the sync mark and the scan of changed responses
 * (store-sync.h). Its statements are its own, prepared per call: a sync
 * runs a few of them per batch of a thousand responses. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "store/store-impl.h"
#include "store/store-sync.h"

enum sync_sql { SQL_MARK_GET, SQL_MARK_SET, SQL_SAME_TIME, SQL_LATER };

static const char *const sync_sql[] = {
	[SQL_MARK_GET] = "SELECT last_updated, last_id FROM sync_state WHERE target = ?1",
	[SQL_MARK_SET] = "INSERT INTO sync_state(target, last_updated, last_id, synced_at) "
			 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (target) DO "
			 "UPDATE SET last_updated = ?2, last_id = ?3, synced_at = ?4",
	/* Two ranges, each an exact seek in the index response_updated: the
	 * rest of the mark's `updated` (an import gives thousands of rows one
	 * time stamp; a row value comparison would seek by time only and step
	 * over the rows sent already, once per batch), then later times. */
	[SQL_SAME_TIME] = "SELECT id, form, uuid, status, started, completed, lang, answers, "
			  "attrs, updated FROM response WHERE updated = ?1 AND id > ?2 "
			  "ORDER BY updated, id LIMIT ?3",
	[SQL_LATER] = "SELECT id, form, uuid, status, started, completed, lang, answers, "
		      "attrs, updated FROM response WHERE updated > ?1 AND ?2 = ?2 "
		      "ORDER BY updated, id LIMIT ?3",
};

static sqlite3_stmt *prepare(struct store *s, enum sync_sql id, struct ky_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sync_sql[id], -1, &st, NULL) != SQLITE_OK) {
		store_db_error(s, err, "cannot prepare a statement");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int store_sync_mark_get(struct store *s, const char *target, struct store_sync_mark *mark,
			struct ky_error *err)
{
	sqlite3_stmt *st = prepare(s, SQL_MARK_GET, err);
	int rc;

	mark->updated[0] = '\0';
	mark->id = 0;
	if (!st)
		return KY_EIO;
	if (store_bind_text(st, 1, target)) {
		sqlite3_finalize(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(st, 0);
		snprintf(mark->updated, sizeof mark->updated, "%s", u ? u : "");
		mark->id = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot read the sync mark");
	return KY_OK;
}

int store_sync_mark_set(struct store *s, const char *target, const struct store_sync_mark *mark,
			struct ky_error *err)
{
	sqlite3_stmt *st = prepare(s, SQL_MARK_SET, err);
	char now[TIMESTAMP_LEN];
	int rc;

	if (!st)
		return KY_EIO;
	store_utc_now(now, sizeof now, true);
	if (store_bind_text(st, 1, target) || store_bind_text(st, 2, mark->updated) ||
	    sqlite3_bind_int64(st, 3, mark->id) || store_bind_text(st, 4, now)) {
		sqlite3_finalize(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot record the sync mark");
	return KY_OK;
}

static void fill_row(sqlite3_stmt *st, struct store_sync_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->form_pk = sqlite3_column_int64(st, 1);
	row->r.uuid = (const char *)sqlite3_column_text(st, 2);
	row->r.status = (const char *)sqlite3_column_text(st, 3);
	row->r.started = (const char *)sqlite3_column_text(st, 4);
	row->r.completed = (const char *)sqlite3_column_text(st, 5);
	row->r.lang = (const char *)sqlite3_column_text(st, 6);
	row->r.answers = sqlite3_column_blob(st, 7);
	row->r.answers_len = (size_t)sqlite3_column_bytes(st, 7);
	row->r.attrs_json = (const char *)sqlite3_column_text(st, 8);
	row->updated = (const char *)sqlite3_column_text(st, 9);
}

/* One range of the index response_updated, up to limit rows. */
static int scan_range(struct store *s, enum sync_sql sql, const struct store_sync_mark *mark,
		      long limit, store_sync_fn fn, void *ctx, long *n, struct ky_error *err)
{
	sqlite3_stmt *st = prepare(s, sql, err);
	struct store_sync_row row;
	int rc, stop = 0;

	if (!st)
		return KY_EIO;
	if (store_bind_text(st, 1, mark->updated) || sqlite3_bind_int64(st, 2, mark->id) ||
	    sqlite3_bind_int64(st, 3, limit)) {
		sqlite3_finalize(st);
		return store_db_error(s, err, "cannot bind");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill_row(st, &row);
		(*n)++;
		if ((stop = fn(ctx, &row)))
			break;
	}
	if (!stop && rc != SQLITE_DONE)
		stop = store_db_error(s, err, "cannot read the responses to sync");
	sqlite3_finalize(st);
	return stop;
}

int store_sync_scan(struct store *s, const struct store_sync_mark *mark, long limit,
		    store_sync_fn fn, void *ctx, long *n, struct ky_error *err)
{
	int rc;

	*n = 0;
	if ((rc = scan_range(s, SQL_SAME_TIME, mark, limit, fn, ctx, n, err)) || *n >= limit)
		return rc;
	return scan_range(s, SQL_LATER, mark, limit - *n, fn, ctx, n, err);
}
