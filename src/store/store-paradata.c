/* store-paradata.c - screen visits and the paradata scan (store-paradata.h). */
#include "config.h"
#include <string.h>
#include "store/store-impl.h"
#include "store/store-paradata.h"

enum paradata_sql { VISIT_PUT, LOG_ROWS, VISIT_ROWS, HAS_VISITS, ANY_VISIT };

/* Constant text, every value bound. */
static const char *const paradata_sql[] = {
	[VISIT_PUT] = "INSERT INTO screen_visit(response, question, entered_at, seconds, back) "
		      "VALUES (?1, ?2, ?3, ?4, ?5)",
	[LOG_ROWS] = "SELECT r.id, r.uuid, l.slot, l.value, l.answered_at FROM answer_log AS l "
		     "JOIN response AS r ON r.id = l.response WHERE r.form = ?1 "
		     "ORDER BY r.id, l.slot, l.answered_at, l.id",
	[VISIT_ROWS] = "SELECT r.id, r.uuid, v.question, v.seconds, v.back FROM screen_visit AS v "
		       "JOIN response AS r ON r.id = v.response WHERE r.form = ?1 "
		       "ORDER BY r.id, v.id",
	[HAS_VISITS] = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
	[ANY_VISIT] = "SELECT EXISTS (SELECT 1 FROM screen_visit)",
};

static int put_one(struct store *s, sqlite3_stmt *st, int64_t resp_pk,
		   const struct store_visit *v, struct ky_error *err)
{
	if (sqlite3_bind_int64(st, 1, resp_pk) || sqlite3_bind_int(st, 2, v->question) ||
	    store_bind_text(st, 3, v->entered_at) || sqlite3_bind_double(st, 4, v->seconds) ||
	    sqlite3_bind_int(st, 5, v->back)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return store_stmt_run(s, st, "cannot record a screen visit", err);
}

int store_visits_put(struct store *s, int64_t resp_pk, const struct store_visit *v, size_t n,
		     struct ky_error *err)
{
	sqlite3_stmt *st = NULL;
	bool own = !s->in_transaction;
	int rc = KY_OK;

	if (!n)
		return KY_OK;
	if (sqlite3_prepare_v2(s->db, paradata_sql[VISIT_PUT], -1, &st, NULL) != SQLITE_OK)
		return store_db_error(s, err, "cannot prepare a statement");
	if (own && (rc = store_tx_begin(s, err))) {
		sqlite3_finalize(st);
		return rc;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = put_one(s, st, resp_pk, &v[i], err);
	sqlite3_finalize(st);
	if (own && !rc)
		rc = store_tx_commit(s, err);
	if (own && rc)
		store_tx_rollback(s);
	return rc;
}

static bool has_visit_table(struct store *s)
{
	sqlite3_stmt *st = NULL;
	bool yes = false;

	if (sqlite3_prepare_v2(s->db, paradata_sql[HAS_VISITS], -1, &st, NULL) == SQLITE_OK &&
	    store_bind_text(st, 1, "screen_visit") == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return yes;
}

static int open_cursor(struct store *s, enum paradata_sql sql, int64_t form_pk,
		       sqlite3_stmt **st, int *step, struct ky_error *err)
{
	if (sqlite3_prepare_v2(s->db, paradata_sql[sql], -1, st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(*st, 1, form_pk) != SQLITE_OK)
		return store_db_error(s, err, "cannot read the paradata");
	*step = sqlite3_step(*st);
	return KY_OK;
}

static void row_of(sqlite3_stmt *st, bool visit, struct store_paradata_row *row)
{
	memset(row, 0, sizeof *row);
	row->response = sqlite3_column_int64(st, 0);
	row->uuid = (const char *)sqlite3_column_text(st, 1);
	row->visit = visit;
	if (visit) {
		row->question = sqlite3_column_int(st, 2);
		row->seconds = sqlite3_column_double(st, 3);
		row->back = sqlite3_column_int(st, 4) != 0;
	} else {
		row->slot = sqlite3_column_int(st, 2);
		row->value = (const char *)sqlite3_column_text(st, 3);
		row->answered_at = (const char *)sqlite3_column_text(st, 4);
	}
}

/* Both cursors are ordered by response: the smaller id goes first, the
 * log before the visits of the same respondent. */
static int merge(struct store *s, sqlite3_stmt *log, int *log_step, sqlite3_stmt *vis,
		 int *vis_step, store_paradata_fn fn, void *ctx, struct ky_error *err)
{
	struct store_paradata_row row;
	int stop = 0;

	while (!stop && (*log_step == SQLITE_ROW || *vis_step == SQLITE_ROW)) {
		bool take_log = *log_step == SQLITE_ROW &&
			(*vis_step != SQLITE_ROW ||
			 sqlite3_column_int64(log, 0) <= sqlite3_column_int64(vis, 0));
		row_of(take_log ? log : vis, !take_log, &row);
		stop = fn(ctx, &row);
		if (take_log)
			*log_step = sqlite3_step(log);
		else
			*vis_step = sqlite3_step(vis);
	}
	if (stop)
		return stop;
	if (*log_step != SQLITE_DONE || *vis_step != SQLITE_DONE)
		return store_db_error(s, err, "cannot read the paradata");
	return KY_OK;
}

int store_paradata_scan(struct store *s, int64_t form_pk, store_paradata_fn fn, void *ctx,
			struct ky_error *err)
{
	sqlite3_stmt *log = NULL, *vis = NULL;
	int log_step = SQLITE_DONE, vis_step = SQLITE_DONE, rc;

	rc = open_cursor(s, LOG_ROWS, form_pk, &log, &log_step, err);
	if (!rc && has_visit_table(s))
		rc = open_cursor(s, VISIT_ROWS, form_pk, &vis, &vis_step, err);
	if (!rc)
		rc = merge(s, log, &log_step, vis, &vis_step, fn, ctx, err);
	sqlite3_finalize(log);
	sqlite3_finalize(vis);
	return rc;
}

/* VISIT_ROWS probes the visits of every response of the form: a million
 * index lookups for a store that import filled and that has none. */
static bool any_visit(struct store *s)
{
	sqlite3_stmt *st = NULL;
	bool yes = true;

	if (sqlite3_prepare_v2(s->db, paradata_sql[ANY_VISIT], -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return yes;
}

int store_visits_scan(struct store *s, int64_t form_pk, store_paradata_fn fn, void *ctx,
		      struct ky_error *err)
{
	sqlite3_stmt *vis = NULL;
	int log_step = SQLITE_DONE, vis_step = SQLITE_DONE, rc;

	if (!has_visit_table(s) || !any_visit(s))
		return KY_OK;
	rc = open_cursor(s, VISIT_ROWS, form_pk, &vis, &vis_step, err);
	if (!rc)
		rc = merge(s, NULL, &log_step, vis, &vis_step, fn, ctx, err);
	sqlite3_finalize(vis);
	return rc;
}
