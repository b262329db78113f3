/* pg-sync.c - kysely sync's engine (pg-sync.h). */
#include "config.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "form/xlsform.h"
#include "store/pg-array.h"
#include <libpq-fe.h>
#include "store/pg-conn.h"
#include "store/pg-sync.h"
#include "store/store-sync.h"
#include "util/cmdline.h"
#include "util/mem.h"

enum { A_FORM, A_UUID, A_STATUS, A_STARTED, A_COMPLETED, A_LANG, A_ANSWERS, A_ATTRS,
       A_UPDATED, N_RESP_ARRAYS };
enum { L_UUID, L_SLOT, L_VALUE, L_AT, N_LOG_ARRAYS };

/* A local form's id and its id in the central store. */
struct form_map {
	int64_t local, central;
};

struct sync_run {
	struct store *local;
	const char *local_path, *uri;
	char *display;
	PGconn *conn;
	struct form_map *forms;
	size_t n_forms;
	struct pg_array resp[N_RESP_ARRAYS], log[N_LOG_ARRAYS];
	struct store_sync_mark last;   /* the batch's last row */
	struct pg_sync_counts *counts;
	bool progress;   /* stderr is a terminal */
	struct ky_error *err;
};

/* The central schema has no table for repeat instances yet: a form with
 * repeats is refused before anything is sent, rather than its instances
 * silently left behind. */
static int refuse_repeats(void *ctx, const struct store_form_row *f)
{
	struct sync_run *r = ctx;
	struct form_diag diag;
	struct form *form = NULL;
	bool repeats;
	int rc;

	memset(&diag, 0, sizeof diag);
	rc = xlsform_read_buffer(f->definition, f->definition_len, r->local_path, &form, &diag,
				 r->err);
	form_diag_release(&diag);
	if (rc)
		return rc;
	repeats = form->n_repeats > 0;
	form_destroy(form);
	if (repeats)
		return ky_error_set(r->err, KY_EUSAGE, "%s: form '%s' has repeats, whose "
				    "instances the PostgreSQL store cannot hold yet; nothing sent "
				    "(use kysely merge)", r->local_path, f->form_id ? f->form_id : "");
	return KY_OK;
}

/* Runs a function call with text parameters; *res holds its rows. */
static int call(struct sync_run *r, const char *sql, int n, const char *const *params,
		PGresult **res, const char *what)
{
	*res = PQexecParams(r->conn, sql, n, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(*res) == PGRES_TUPLES_OK || PQresultStatus(*res) == PGRES_COMMAND_OK)
		return KY_OK;
	pg_error(r->conn, *res, r->display, what, r->err);
	PQclear(*res);
	*res = NULL;
	return r->err->code ? r->err->code : KY_EIO;
}

static int put_attrs(struct sync_run *r, int64_t local_pk, int64_t central_pk)
{
	char **names = NULL, num[24];
	size_t n = 0, i;
	struct pg_array a;
	PGresult *res;
	int rc;

	if ((rc = store_attr_names(r->local, local_pk, &names, &n, r->err)))
		return rc;
	pg_array_init(&a);
	for (i = 0; i < n; i++) {
		pg_array_text(&a, names[i]);
		free(names[i]);
	}
	free(names);
	snprintf(num, sizeof num, "%" PRId64, central_pk);
	const char *params[2] = { num, pg_array_value(&a) };
	rc = call(r, "SELECT kysely.put_attrs($1::bigint, $2::text[])", 2, params, &res,
		  "cannot store the attribute names");
	PQclear(res);
	pg_array_release(&a);
	return rc;
}

static int put_form(void *ctx, const struct store_form_row *f)
{
	struct sync_run *r = ctx;
	const char *params[6] = { f->form_id, f->version, f->title, f->definition, f->sha,
				  f->created };
	PGresult *res;
	int64_t central;
	int rc;

	if ((rc = call(r, "SELECT kysely.put_form($1, $2, $3, $4, $5, $6)", 6, params, &res,
		       "cannot store the form")))
		return rc;
	central = PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	r->forms = ky_realloc(r->forms, (r->n_forms + 1) * sizeof *r->forms);
	r->forms[r->n_forms].local = f->pk;
	r->forms[r->n_forms++].central = central;
	return put_attrs(r, f->pk, central);
}

static int64_t central_form(const struct sync_run *r, int64_t local)
{
	size_t i;
	for (i = 0; i < r->n_forms; i++)
		if (r->forms[i].local == local)
			return r->forms[i].central;
	return 0;
}

static int add_row(void *ctx, const struct store_sync_row *row)
{
	struct sync_run *r = ctx;
	int64_t form = central_form(r, row->form_pk);

	if (!form)
		return ky_error_set(r->err, KY_EIO, "%s: respondent %s: its form was not sent",
				    r->local_path, row->r.uuid);
	pg_array_int(&r->resp[A_FORM], form);
	pg_array_text(&r->resp[A_UUID], row->r.uuid);
	pg_array_text(&r->resp[A_STATUS], row->r.status);
	pg_array_text(&r->resp[A_STARTED], row->r.started);
	pg_array_text(&r->resp[A_COMPLETED], row->r.completed);
	pg_array_text(&r->resp[A_LANG], row->r.lang);
	pg_array_bytea(&r->resp[A_ANSWERS], row->r.answers, row->r.answers_len);
	pg_array_text(&r->resp[A_ATTRS], row->r.attrs_json);
	pg_array_text(&r->resp[A_UPDATED], row->updated);
	snprintf(r->last.updated, sizeof r->last.updated, "%s", row->updated ? row->updated : "");
	r->last.id = row->id;
	return 0;
}

static int add_log_row(void *ctx, const struct store_log_row *row)
{
	struct sync_run *r = ctx;
	pg_array_text(&r->log[L_UUID], row->uuid);
	pg_array_int(&r->log[L_SLOT], row->slot);
	pg_array_text(&r->log[L_VALUE], row->value);
	pg_array_text(&r->log[L_AT], row->answered_at);
	return 0;
}

/* Counts the outcomes, reports conflicts, gathers the answer log of the
 * respondents added or replaced. */
static int judge_outcomes(struct sync_run *r, PGresult *res)
{
	int i, rc;
	for (i = 0; i < PQntuples(res); i++) {
		const char *uuid = PQgetvalue(res, i, 0), *o = PQgetvalue(res, i, 1);
		if (!strcmp(o, "present")) {
			r->counts->present++;
			continue;
		}
		if (!strcmp(o, "conflict")) {
			ky_say("kysely: sync: %s: respondent %s: answers differ from the central "
			       "copy; kept central", r->local_path, uuid);
			r->counts->conflicts++;
			continue;
		}
		if (!strcmp(o, "added"))
			r->counts->added++;
		else
			r->counts->replaced++;
		if ((rc = store_log_scan(r->local, uuid, add_log_row, r, r->err)))
			return rc;
	}
	return KY_OK;
}

static int push_log(struct sync_run *r)
{
	const char *params[N_LOG_ARRAYS];
	PGresult *res;
	int i, rc;

	if (!r->log[L_UUID].n)
		return KY_OK;
	for (i = 0; i < N_LOG_ARRAYS; i++)
		params[i] = pg_array_value(&r->log[i]);
	rc = call(r, "SELECT kysely.push_log($1::text[], $2::integer[], $3::text[], $4::text[])",
		  N_LOG_ARRAYS, params, &res, "cannot store the answer log");
	PQclear(res);
	return rc;
}

/* One batch in one server transaction. */
static int push_batch(struct sync_run *r)
{
	const char *params[N_RESP_ARRAYS];
	PGresult *res;
	int i, rc;

	for (i = 0; i < N_LOG_ARRAYS; i++)
		pg_array_reset(&r->log[i]);
	for (i = 0; i < N_RESP_ARRAYS; i++)
		params[i] = pg_array_value(&r->resp[i]);
	if ((rc = pg_exec(r->conn, r->display, "BEGIN", r->err)))
		return rc;
	rc = call(r, "SELECT uuid, outcome FROM kysely.push($1::bigint[], $2::text[], "
		  "$3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::text[], "
		  "$9::text[])", N_RESP_ARRAYS, params, &res, "cannot push the responses");
	if (!rc) {
		rc = judge_outcomes(r, res);
		PQclear(res);
	}
	if (!rc)
		rc = push_log(r);
	if (!rc)
		return pg_exec(r->conn, r->display, "COMMIT", r->err);
	struct ky_error ignored;
	pg_exec(r->conn, r->display, "ROLLBACK", &ignored);
	return rc;
}

static int push_changed(struct sync_run *r, long batch)
{
	struct store_sync_mark mark;
	long n;
	int i, rc;

	if ((rc = store_sync_mark_get(r->local, r->uri, &mark, r->err)))
		return rc;
	for (;;) {
		for (i = 0; i < N_RESP_ARRAYS; i++)
			pg_array_reset(&r->resp[i]);
		if ((rc = store_sync_scan(r->local, &mark, batch, add_row, r, &n, r->err)))
			return rc;
		if (n == 0)
			return KY_OK;
		if ((rc = push_batch(r)))
			return rc;
		r->counts->batches++;
		if (r->progress)
			ky_progress("kysely: sync: %ld respondents sent", r->counts->added +
				    r->counts->present + r->counts->replaced + r->counts->conflicts);
		mark = r->last;
		if ((rc = store_sync_mark_set(r->local, r->uri, &mark, r->err)))
			return rc;
	}
}

int pg_sync(struct store *local, const char *local_path, const char *uri, long batch,
	    struct pg_sync_counts *counts, struct ky_error *err)
{
	struct sync_run r;
	int i, rc;

	memset(&r, 0, sizeof r);
	r.local = local;
	r.local_path = local_path;
	r.uri = uri;
	r.counts = counts;
	r.err = err;
	r.display = pg_display_uri(uri);
	r.progress = cmdline_progress_ok();
	for (i = 0; i < N_RESP_ARRAYS; i++)
		pg_array_init(&r.resp[i]);
	for (i = 0; i < N_LOG_ARRAYS; i++)
		pg_array_init(&r.log[i]);
	if (!(rc = store_forms(local, refuse_repeats, &r, err)) &&
	    !(rc = pg_connect(uri, &r.conn, err)) &&
	    !(rc = pg_schema_migrate(r.conn, r.display, err)) &&
	    !(rc = store_forms(local, put_form, &r, err)))
		rc = push_changed(&r, batch);
	for (i = 0; i < N_RESP_ARRAYS; i++)
		pg_array_release(&r.resp[i]);
	for (i = 0; i < N_LOG_ARRAYS; i++)
		pg_array_release(&r.log[i]);
	if (r.progress)
		ky_progress_clear();
	PQfinish(r.conn);
	free(r.forms);
	free(r.display);
	return rc;
}
