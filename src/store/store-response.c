/* store-response.c - responses in the store (store.h): idempotent bulk
 * puts for import and merge, collection's one-transaction-per-answer
 * writes, reads and scans. The connection and statements are store.c's. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store-impl.h"
#include "util/mem.h"

/* Binds ?1..?9 of the insert / compare / replace statements. */
static int bind_response(sqlite3_stmt *st, int64_t form_pk, const struct store_response *r,
			 const char *now)
{
	const char *status = r->status ? r->status : "complete";
	int rc = sqlite3_bind_int64(st, 1, form_pk);
	if (!rc) rc = store_bind_text(st, 2, r->uuid);
	if (!rc) rc = store_bind_text(st, 3, status);
	if (!rc) rc = store_bind_text(st, 4, r->started);
	if (!rc) rc = store_bind_text(st, 5, r->completed);
	if (!rc) rc = store_bind_text(st, 6, r->lang);
	if (!rc) rc = store_bind_blob(st, 7, r->answers, r->answers_len);
	if (!rc) rc = store_bind_text(st, 8, r->attrs_json);
	if (!rc && now && sqlite3_bind_parameter_count(st) >= 9)
		rc = store_bind_text(st, 9, now);
	return rc;
}

/* Runs one of the response statements bound by bind_response(). */
static int run_response_stmt(struct store *s, enum stmt_id id, int64_t form_pk,
			     const struct store_response *r, const char *now,
			     const char *what, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, id, err);
	if (!st)
		return KY_EIO;
	if (bind_response(st, form_pk, r, now)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return store_stmt_run(s, st, what, err);
}

static void add_key(void *ctx, const char *key)
{
	struct attrs_builder *keys = ctx;
	attrs_builder_add(keys, key, "", 0);
}

struct key_list {
	char **names;
	size_t n;
};

static void collect_key(void *ctx, const char *key)
{
	struct key_list *l = ctx;
	l->names = ky_reallocarray(l->names, l->n + 1, sizeof *l->names);
	l->names[l->n++] = ky_strdup(key);
}

/* Records the keys of attrs_json in form_attr unless the previous call
 * registered the same keys for the same form. */
static int register_attr_keys(struct store *s, int64_t form_pk, const char *attrs_json,
			      struct ky_error *err)
{
	struct attrs_builder swap;
	int rc;

	if (!attrs_json)
		return KY_OK;
	attrs_builder_reset(&s->keys_now);
	if (attrs_each_key(&s->reader, attrs_json, add_key, &s->keys_now))
		return ky_error_set(err, KY_EINPUT, "respondent attributes are not a flat JSON object");
	if (s->keys_form == form_pk && s->keys_now.len == s->keys_seen.len &&
	    !memcmp(s->keys_now.buf, s->keys_seen.buf, s->keys_now.len))
		return KY_OK;
	{
		/* Rare (a new set of keys): allocation is fine here. */
		struct key_list l = { NULL, 0 };
		attrs_each_key(&s->reader, attrs_json, collect_key, &l);
		rc = store_register_attrs(s, form_pk, (const char *const *)l.names, l.n, err);
		while (l.n)
			free(l.names[--l.n]);
		free(l.names);
		if (rc)
			return rc;
	}
	swap = s->keys_seen;
	s->keys_seen = s->keys_now;
	s->keys_now = swap;
	s->keys_form = form_pk;
	return KY_OK;
}

int store_register_attrs(struct store *s, int64_t form_pk, const char *const *names,
			 size_t n, struct ky_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!(st = store_stmt(s, ST_ATTR_ADD, err)))
			return KY_EIO;
		if (sqlite3_bind_int64(st, 1, form_pk) || store_bind_text(st, 2, names[i])) {
			store_stmt_done(st);
			return store_db_error(s, err, "cannot bind");
		}
		if ((rc = store_stmt_run(s, st, "cannot record an attribute name", err)))
			return rc;
	}
	return KY_OK;
}

/* The response just inserted, for store_import_seen(). */
static void note_added(struct store *s, const char *uuid)
{
	size_t len = strlen(uuid) + 1;

	if (len > s->last_added_cap) {
		s->last_added_cap = len;
		s->last_added_uuid = ky_realloc(s->last_added_uuid, len);
	}
	memcpy(s->last_added_uuid, uuid, len);
	s->last_added = sqlite3_last_insert_rowid(s->db);
}

int store_put_response(struct store *s, int64_t form_pk, const struct store_response *r,
		       bool replace, bool *added, struct ky_error *err)
{
	char now[TIMESTAMP_LEN];
	sqlite3_stmt *st;
	int rc, same;

	*added = false;
	s->last_added = 0;
	if (!r->uuid || !*r->uuid)
		return ky_error_set(err, KY_EINPUT, "%s: a response without an id", s->path);
	store_utc_now(now, sizeof now, true);
	if ((rc = run_response_stmt(s, ST_RESP_INSERT, form_pk, r, now,
				    "cannot store a response", err)))
		return rc;
	if (sqlite3_changes(s->db) == 1) {
		*added = true;
		note_added(s, r->uuid);
		return register_attr_keys(s, form_pk, r->attrs_json, err);
	}

	/* The uuid is there already: the same content is no change. */
	if (!(st = store_stmt(s, ST_RESP_SAME, err)))
		return KY_EIO;
	if (bind_response(st, form_pk, r, NULL)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	same = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	store_stmt_done(st);
	if (rc != SQLITE_ROW)
		return store_db_error(s, err, "cannot compare a response");
	if (same)
		return KY_OK;
	if (!replace)
		return ky_error_set(err, KY_EINPUT,
				    "respondent '%s' is already stored with different answers (conflict)",
				    r->uuid);
	if ((rc = run_response_stmt(s, ST_RESP_REPLACE, form_pk, r, now,
				    "cannot replace a response", err)))
		return rc;
	*added = true;
	return register_attr_keys(s, form_pk, r->attrs_json, err);
}

/* ---- collection: one committed transaction per call ---- */

static bool last_was_busy(struct store *s)
{
	int code = sqlite3_errcode(s->db) & 0xff;
	return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

int store_in_write_tx(struct store *s, tx_body_fn body, void *ctx, struct ky_error *err)
{
	int attempt, rc = KY_OK;

	if (s->in_transaction)
		return body(s, ctx, err);
	for (attempt = 0; attempt < STORE_BUSY_RETRIES; attempt++) {
		rc = store_tx_begin(s, err);
		if (!rc && !(rc = body(s, ctx, err)) && !(rc = store_tx_commit(s, err)))
			return KY_OK;
		store_tx_rollback(s);
		if (rc != KY_EIO || !last_was_busy(s))
			break;
	}
	return rc;
}

struct start_args {
	int64_t form_pk, *resp_pk;
	const char *uuid, *lang, *attrs_json;
};

static int start_body(struct store *s, void *ctx, struct ky_error *err)
{
	struct start_args *a = ctx;
	char now[TIMESTAMP_LEN], now_ms[TIMESTAMP_LEN];
	sqlite3_stmt *st = store_stmt(s, ST_RESP_START, err);
	int rc;

	if (!st)
		return KY_EIO;
	store_utc_now(now, sizeof now, false);
	store_utc_now(now_ms, sizeof now_ms, true);
	if (sqlite3_bind_int64(st, 1, a->form_pk) || store_bind_text(st, 2, a->uuid) ||
	    store_bind_text(st, 3, now) || store_bind_text(st, 4, a->lang) ||
	    store_bind_text(st, 5, now_ms) || store_bind_text(st, 6, a->attrs_json)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	store_stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return ky_error_set(err, KY_EINPUT, "%s: respondent '%s' exists already", s->path,
				    a->uuid);
	if (rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot start a response");
	*a->resp_pk = sqlite3_last_insert_rowid(s->db);
	/* in the same transaction: a response never stands without its
	 * attributes, nor export without their columns */
	return register_attr_keys(s, a->form_pk, a->attrs_json, err);
}

int store_response_start(struct store *s, int64_t form_pk, const char *uuid,
			 const char *lang, int64_t *resp_pk, struct ky_error *err)
{
	return store_response_start_attrs(s, form_pk, uuid, lang, NULL, resp_pk, err);
}

int store_response_start_attrs(struct store *s, int64_t form_pk, const char *uuid,
			       const char *lang, const char *attrs_json, int64_t *resp_pk,
			       struct ky_error *err)
{
	struct start_args a = { form_pk, resp_pk, uuid, lang, attrs_json };
	return store_in_write_tx(s, start_body, &a, err);
}

struct answer_args {
	int64_t resp_pk;
	size_t n_slots;
	int slot;
	const char *value;
};

int store_record_with_answer(struct store *s, enum stmt_id read, int64_t id, const char *what,
			     size_t n_slots, int slot, const char *value, int64_t *extra,
			     struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, read, err);
	int rc, bad;

	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, id)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_step_to_row(s, st, "cannot read stored answers", err)))
		return rc != NO_ROW ? rc : ky_error_set(err, KY_EIO, "%s: %s %lld is gone",
							 s->path, what, (long long)id);
	/* the blob is only valid until st is reset: the new record first */
	bad = record_replace(&s->answer_record, sqlite3_column_blob(st, 0),
			     (size_t)sqlite3_column_bytes(st, 0), n_slots, (size_t)slot, value,
			     value ? strlen(value) : 0);
	if (extra)
		*extra = sqlite3_column_int64(st, 1);
	store_stmt_done(st);
	if (bad)
		return ky_error_set(err, KY_EIO, "%s: %s %lld: stored answers are damaged",
				    s->path, what, (long long)id);
	return KY_OK;
}

static int answer_body(struct store *s, void *ctx, struct ky_error *err)
{
	struct answer_args *a = ctx;
	struct record_builder *b = &s->answer_record;
	char now[TIMESTAMP_LEN];
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_record_with_answer(s, ST_RESP_ANSWERS, a->resp_pk, "response", a->n_slots,
					   a->slot, a->value, NULL, err)))
		return rc;
	store_utc_now(now, sizeof now, true);
	rc = KY_EIO;
	if (!(st = store_stmt(s, ST_RESP_SET_ANSWERS, err)))
		goto out;
	if (sqlite3_bind_int64(st, 1, a->resp_pk) || store_bind_blob(st, 2, b->buf, b->len) ||
	    store_bind_text(st, 3, now)) {
		store_stmt_done(st);
		rc = store_db_error(s, err, "cannot bind");
		goto out;
	}
	if ((rc = store_stmt_run(s, st, "cannot save an answer", err)))
		goto out;
	rc = KY_EIO;
	if (!(st = store_stmt(s, ST_LOG_INSERT, err)))
		goto out;
	if (sqlite3_bind_int64(st, 1, a->resp_pk) || sqlite3_bind_int(st, 2, a->slot) ||
	    store_bind_text(st, 3, a->value && *a->value ? a->value : NULL) || store_bind_text(st, 4, now)) {
		store_stmt_done(st);
		rc = store_db_error(s, err, "cannot bind");
		goto out;
	}
	rc = store_stmt_run(s, st, "cannot log an answer", err);
out:
	return rc;
}

int store_answer_put(struct store *s, int64_t resp_pk, size_t n_slots, int slot,
		     const char *value, struct ky_error *err)
{
	struct answer_args a = { resp_pk, n_slots, slot, value };
	if (slot < 0 || (size_t)slot >= n_slots)
		return ky_error_set(err, KY_EIO, "%s: answer slot %d out of range (form has %zu)",
				    s->path, slot, n_slots);
	return store_in_write_tx(s, answer_body, &a, err);
}

struct update_args {
	enum stmt_id id;
	int64_t resp_pk;
	const char *text;   /* ?2 when not NULL */
	const char *what;
};

static int update_body(struct store *s, void *ctx, struct ky_error *err)
{
	struct update_args *a = ctx;
	char now[TIMESTAMP_LEN], now_ms[TIMESTAMP_LEN];
	sqlite3_stmt *st = store_stmt(s, a->id, err);
	int rc;

	if (!st)
		return KY_EIO;
	store_utc_now(now, sizeof now, false);
	store_utc_now(now_ms, sizeof now_ms, true);
	if (sqlite3_bind_int64(st, 1, a->resp_pk) || store_bind_text(st, 2, a->text ? a->text : now) ||
	    store_bind_text(st, 3, now_ms)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, a->what, err)))
		return rc;
	if (sqlite3_changes(s->db) != 1)
		return ky_error_set(err, KY_EIO, "%s: response %lld is gone", s->path,
				    (long long)a->resp_pk);
	return KY_OK;
}

int store_response_set_lang(struct store *s, int64_t resp_pk, const char *lang, struct ky_error *err)
{
	struct update_args a = { ST_RESP_SET_LANG, resp_pk, lang ? lang : "", "cannot save the language" };
	return store_in_write_tx(s, update_body, &a, err);
}

int store_response_finish(struct store *s, int64_t resp_pk, struct ky_error *err)
{
	/* ?2 = completed: now, to the second, as started. */
	struct update_args a = { ST_RESP_FINISH, resp_pk, NULL, "cannot finish the response" };
	return store_in_write_tx(s, update_body, &a, err);
}

static char *column_strdup(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return t ? ky_strdup(t) : NULL;
}

int store_response_get(struct store *s, const char *uuid, int64_t *resp_pk,
		       struct store_response *r, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_RESP_GET, err);
	void *answers;
	int rc;

	memset(r, 0, sizeof *r);
	if (!st)
		return KY_EIO;
	if (store_bind_text(st, 1, uuid)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_step_to_row(s, st, "cannot read a response", err)))
		return rc != NO_ROW ? rc : ky_error_set(err, KY_EINPUT, "%s: no respondent '%s'",
							 s->path, uuid);
	if (resp_pk)
		*resp_pk = sqlite3_column_int64(st, 0);
	r->uuid = column_strdup(st, 1);
	r->status = column_strdup(st, 2);
	r->started = column_strdup(st, 3);
	r->completed = column_strdup(st, 4);
	r->lang = column_strdup(st, 5);
	r->answers_len = (size_t)sqlite3_column_bytes(st, 6);
	answers = ky_malloc(r->answers_len ? r->answers_len : 1);
	if (r->answers_len)
		memcpy(answers, sqlite3_column_blob(st, 6), r->answers_len);
	r->answers = answers;
	r->attrs_json = column_strdup(st, 7);
	store_stmt_done(st);
	return KY_OK;
}

void store_response_free(struct store_response *r)
{
	free((char *)r->uuid);
	free((char *)r->status);
	free((char *)r->started);
	free((char *)r->completed);
	free((char *)r->lang);
	free((void *)r->answers);
	free((char *)r->attrs_json);
	memset(r, 0, sizeof *r);
}

/* Collects the text of column 0 of every row of st (bound already). */
static int collect_strings(struct store *s, sqlite3_stmt *st, char ***out, size_t *n,
			   struct ky_error *err)
{
	char **list = NULL;
	size_t count = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		KY_GROW(list, count, cap, 16);
		list[count++] = column_strdup(st, 0);
	}
	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		while (count)
			free(list[--count]);
		free(list);
		return store_db_error(s, err, "cannot list");
	}
	*out = list;
	*n = count;
	return KY_OK;
}

static int list_by_form(struct store *s, enum stmt_id id, int64_t form_pk, char ***out,
			size_t *n, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, id, err);
	*out = NULL;
	*n = 0;
	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, form_pk)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return collect_strings(s, st, out, n, err);
}

int store_list_partial(struct store *s, int64_t form_pk, char ***uuids, size_t *n,
		       struct ky_error *err)
{
	return list_by_form(s, ST_LIST_PARTIAL, form_pk, uuids, n, err);
}

int store_attr_names(struct store *s, int64_t form_pk, char ***names, size_t *n,
		     struct ky_error *err)
{
	return list_by_form(s, ST_ATTR_NAMES, form_pk, names, n, err);
}

int64_t store_count_responses(struct store *s, int64_t form_pk)
{
	struct ky_error ignored;
	sqlite3_stmt *st = store_stmt(s, ST_COUNT, &ignored);
	int64_t count = -1;
	if (!st)
		return -1;
	if (sqlite3_bind_int64(st, 1, form_pk) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		count = sqlite3_column_int64(st, 0);
	store_stmt_done(st);
	return count;
}

int store_response_uuid(struct store *s, int64_t id, char *buf, size_t len,
			struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_UUID_OF, err);
	int rc;
	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "?");
	store_stmt_done(st);
	if (rc == SQLITE_ROW)
		return KY_OK;
	if (rc == SQLITE_DONE)
		return ky_error_set(err, KY_EINPUT, "%s: no response %lld", s->path, (long long)id);
	return store_db_error(s, err, "cannot read a response");
}

static void copy_date(char *dst, size_t len, sqlite3_stmt *st, int col)
{
	const char *text = (const char *)sqlite3_column_text(st, col);
	snprintf(dst, len, "%s", text ? text : "");
}

int store_summarise(struct store *s, int64_t form_pk, struct store_summary *out,
		    struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_SUMMARY, err);
	int rc;
	memset(out, 0, sizeof *out);
	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, form_pk) != SQLITE_OK) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->responses = sqlite3_column_int64(st, 0);
		out->complete = sqlite3_column_int64(st, 1);
		copy_date(out->first, sizeof out->first, st, 2);
		copy_date(out->last, sizeof out->last, st, 3);
	}
	store_stmt_done(st);
	if (rc != SQLITE_ROW)
		return store_db_error(s, err, "cannot count the responses");
	return KY_OK;
}

/* The rows of a prepared scan (ST_SCAN or ST_SCAN_RANGE, bound), in id
 * order, to fn. */
static int scan_rows(struct store *s, sqlite3_stmt *st, const char *const *attr_names,
		     size_t n_attrs, store_scan_fn fn, void *ctx, struct ky_error *err)
{
	const char **values = ky_calloc(n_attrs ? n_attrs : 1, sizeof *values);
	struct store_response r;
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.uuid = (const char *)sqlite3_column_text(st, 0);
		r.status = (const char *)sqlite3_column_text(st, 1);
		r.started = (const char *)sqlite3_column_text(st, 2);
		r.completed = (const char *)sqlite3_column_text(st, 3);
		r.lang = (const char *)sqlite3_column_text(st, 4);
		r.answers = sqlite3_column_blob(st, 5);
		r.answers_len = (size_t)sqlite3_column_bytes(st, 5);
		r.attrs_json = (const char *)sqlite3_column_text(st, 6);
		r.id = sqlite3_column_int64(st, 7);
		if (attrs_read(&s->reader, r.attrs_json, attr_names, n_attrs, values)) {
			stop = ky_error_set(err, KY_EIO, "%s: respondent '%s': damaged attributes",
					    s->path, r.uuid ? r.uuid : "?");
			break;
		}
		if ((stop = fn(ctx, &r, values)))
			break;
	}
	store_stmt_done(st);
	free(values);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return store_db_error(s, err, "cannot read the responses");
	return KY_OK;
}

int store_scan(struct store *s, int64_t form_pk, const char *const *attr_names,
	       size_t n_attrs, store_scan_fn fn, void *ctx, struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_SCAN, err);

	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, form_pk)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return scan_rows(s, st, attr_names, n_attrs, fn, ctx, err);
}

int store_scan_range(struct store *s, int64_t form_pk, int64_t from_id, int64_t to_id,
		     const char *const *attr_names, size_t n_attrs, store_scan_fn fn, void *ctx,
		     struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_SCAN_RANGE, err);

	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, form_pk) || sqlite3_bind_int64(st, 2, from_id) ||
	    sqlite3_bind_int64(st, 3, to_id)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return scan_rows(s, st, attr_names, n_attrs, fn, ctx, err);
}

int store_id_range(struct store *s, int64_t form_pk, int64_t *min_id, int64_t *max_id,
		   struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, ST_ID_RANGE, err);
	int rc;

	*min_id = 0;
	*max_id = -1;
	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, form_pk)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*min_id = sqlite3_column_int64(st, 0);
		*max_id = sqlite3_column_int64(st, 1);
	}
	store_stmt_done(st);
	if (rc != SQLITE_ROW)
		return store_db_error(s, err, "cannot read the responses' ids");
	return KY_OK;
}
