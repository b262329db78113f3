/* store-repeat.c - a response's repeat instances (store-repeat.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "store/record.h"
#include "store/store-impl.h"
#include "store/store-repeat.h"
#include "util/mem.h"

bool store_has_repeats(struct store *s)
{
	sqlite3_stmt *st = NULL;
	if (s->has_repeats)
		return s->has_repeats == 1;
	s->has_repeats = 2;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
				      "AND name = 'repeat_instance'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		s->has_repeats = 1;
	sqlite3_finalize(st);
	return s->has_repeats == 1;
}

static int run_on_id(struct store *s, enum stmt_id id, int64_t value, const char *what,
		     struct ky_error *err);

bool store_any_instances(struct store *s)
{
	sqlite3_stmt *st = NULL;
	bool any = false;
	if (!store_has_repeats(s))
		return false;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM repeat_instance LIMIT 1", -1, &st, NULL) ==
	    SQLITE_OK)
		any = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return any;
}

static int bind_parent(sqlite3_stmt *st, int i, int64_t parent)
{
	return parent > 0 ? sqlite3_bind_int64(st, i, parent) : sqlite3_bind_null(st, i);
}

/* The response's `updated` moves with every instance change, so that
 * sync sends it again. */
static int touch_response(struct store *s, int64_t resp_pk, struct ky_error *err)
{
	char now[TIMESTAMP_LEN];
	sqlite3_stmt *st = store_stmt(s, ST_INST_TOUCH, err);
	if (!st)
		return KY_EIO;
	store_utc_now(now, sizeof now, true);
	if (sqlite3_bind_int64(st, 1, resp_pk) || store_bind_text(st, 2, now)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return store_stmt_run(s, st, "cannot mark a response changed", err);
}

struct add_args {
	int64_t resp_pk, parent;
	const char *repeat;
	int position;
	const void *answers;
	size_t answers_len;
	int64_t *id;
};

static int add_body(struct store *s, void *ctx, struct ky_error *err)
{
	struct add_args *a = ctx;
	sqlite3_stmt *st = store_stmt(s, ST_INST_ADD, err);
	int rc;

	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, a->resp_pk) || bind_parent(st, 2, a->parent) ||
	    store_bind_text(st, 3, a->repeat) || sqlite3_bind_int(st, 4, a->position) ||
	    store_bind_blob(st, 5, a->answers ? a->answers : "", a->answers_len)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, "cannot add a repeat instance", err)))
		return rc;
	*a->id = sqlite3_last_insert_rowid(s->db);
	return touch_response(s, a->resp_pk, err);
}

int store_instance_put(struct store *s, int64_t resp_pk, int64_t parent, const char *repeat,
		       int position, const void *answers, size_t answers_len, int64_t *id,
		       struct ky_error *err)
{
	struct add_args a = { resp_pk, parent, repeat, position, answers, answers_len, id };
	return add_body(s, &a, err);
}

int store_instances_clear(struct store *s, int64_t resp_pk, struct ky_error *err)
{
	return run_on_id(s, ST_INST_CLEAR, resp_pk, "cannot replace repeat instances", err);
}

int store_instance_add(struct store *s, int64_t resp_pk, int64_t parent, const char *repeat,
		       int position, int64_t *id, struct ky_error *err)
{
	struct add_args a = { resp_pk, parent, repeat, position, NULL, 0, id };
	return store_in_write_tx(s, add_body, &a, err);
}

struct answer_args {
	int64_t inst_id;
	size_t n_slots;
	int slot;
	const char *value;
};

static int answer_body(struct store *s, void *ctx, struct ky_error *err)
{
	struct answer_args *a = ctx;
	struct record_builder *b = &s->answer_record;
	sqlite3_stmt *st;
	int64_t resp_pk;
	int rc;

	if ((rc = store_record_with_answer(s, ST_INST_ANSWERS, a->inst_id, "repeat instance",
					   a->n_slots, a->slot, a->value, &resp_pk, err)))
		return rc;
	if (!(st = store_stmt(s, ST_INST_SET_ANSWERS, err)))
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, a->inst_id) || store_bind_blob(st, 2, b->buf, b->len)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_stmt_run(s, st, "cannot save an answer", err)))
		return rc;
	return touch_response(s, resp_pk, err);
}

int store_instance_answer_put(struct store *s, int64_t inst_id, size_t n_slots, int slot,
			      const char *value, struct ky_error *err)
{
	struct answer_args a = { inst_id, n_slots, slot, value };
	if (slot < 0 || (size_t)slot >= n_slots)
		return ky_error_set(err, KY_EIO, "%s: answer slot %d out of range (form has %zu)",
				    s->path, slot, n_slots);
	return store_in_write_tx(s, answer_body, &a, err);
}

/* Runs a statement of one id parameter. */
static int run_on_id(struct store *s, enum stmt_id id, int64_t value, const char *what,
		     struct ky_error *err)
{
	sqlite3_stmt *st = store_stmt(s, id, err);
	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, value)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	return store_stmt_run(s, st, what, err);
}

static int remove_body(struct store *s, void *ctx, struct ky_error *err)
{
	int64_t inst_id = *(int64_t *)ctx, resp_pk, parent;
	sqlite3_stmt *st = store_stmt(s, ST_INST_PLACE, err);
	char *repeat;
	int position, rc;

	if (!st)
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, inst_id)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	if ((rc = store_step_to_row(s, st, "cannot read a repeat instance", err)))
		return rc != NO_ROW ? rc : ky_error_set(err, KY_EIO, "%s: repeat instance %lld is gone",
							 s->path, (long long)inst_id);
	resp_pk = sqlite3_column_int64(st, 0);
	parent = sqlite3_column_int64(st, 1);
	repeat = ky_strdup((const char *)sqlite3_column_text(st, 2));
	position = sqlite3_column_int(st, 3);
	store_stmt_done(st);
	rc = run_on_id(s, ST_INST_DELETE, inst_id, "cannot remove a repeat instance", err);
	if (!rc && !(st = store_stmt(s, ST_INST_SHIFT, err)))
		rc = KY_EIO;
	else if (!rc && (sqlite3_bind_int64(st, 1, resp_pk) || bind_parent(st, 2, parent) ||
			 store_bind_text(st, 3, repeat) || sqlite3_bind_int(st, 4, position))) {
		store_stmt_done(st);
		rc = store_db_error(s, err, "cannot bind");
	} else if (!rc)
		rc = store_stmt_run(s, st, "cannot renumber repeat instances", err);
	free(repeat);
	return rc ? rc : touch_response(s, resp_pk, err);
}

int store_instance_remove(struct store *s, int64_t inst_id, struct ky_error *err)
{
	return store_in_write_tx(s, remove_body, &inst_id, err);
}

/* The instances a statement of one id parameter selects, each handed to
 * fn; with_response: its columns begin with the instance's response. */
static int instances_of(struct store *s, enum stmt_id id, int64_t value, bool with_response,
			store_instance_fn fn, void *ctx, struct ky_error *err)
{
	sqlite3_stmt *st;
	struct store_instance in = { 0 };
	int rc = KY_OK, step, c = with_response;

	if (!store_has_repeats(s))
		return KY_OK;
	if (!(st = store_stmt(s, id, err)))
		return KY_EIO;
	if (sqlite3_bind_int64(st, 1, value)) {
		store_stmt_done(st);
		return store_db_error(s, err, "cannot bind");
	}
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		in.response = with_response ? sqlite3_column_int64(st, 0) : value;
		in.id = sqlite3_column_int64(st, c);
		in.parent = sqlite3_column_int64(st, c + 1);
		in.repeat = (const char *)sqlite3_column_text(st, c + 2);
		in.position = sqlite3_column_int(st, c + 3);
		in.answers = sqlite3_column_blob(st, c + 4);
		in.answers_len = (size_t)sqlite3_column_bytes(st, c + 4);
		rc = fn(ctx, &in, err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_db_error(s, err, "cannot read repeat instances");
	store_stmt_done(st);
	return rc;
}

int store_instances(struct store *s, int64_t resp_pk, store_instance_fn fn, void *ctx,
		    struct ky_error *err)
{
	return instances_of(s, ST_INST_LIST, resp_pk, false, fn, ctx, err);
}

int store_form_instances(struct store *s, int64_t form_pk, store_instance_fn fn, void *ctx,
			 struct ky_error *err)
{
	return instances_of(s, ST_INST_SCAN, form_pk, true, fn, ctx, err);
}
