/* cmd-import.c - `kysely import`: wide response CSV into the store.
 *
 * Every row is checked against the form (type and choices, constraint,
 * required answers of complete rows); good rows land in one transaction
 * (an interrupted import leaves the database as it was), bad rows go to
 * the rejects file with the line and the reason, so that they can be
 * fixed and imported again. Re-importing rows adds nothing: a response is
 * identified by its `respondent` id.
 *
 * Decisions:
 * - An answer to a question whose `relevant` is false for its row is kept
 *   (real exports have them, e.g. after a form change) and counted in a
 *   warning; analysis treats it like any answer.
 * - A `complete` row is rejected when a required, relevant question that
 *   has a column is empty. Calculated and automatic (start, end...)
 *   questions are never "required".
 * - An empty `status` is `complete`; an empty respondent id is rejected
 *   (a made-up id would make re-import add the row again).
 * - A cell that starts with the apostrophe kysely's CSV writer adds (see
 *   io/csvwrite.h for the one rule) loses that one apostrophe, so exports
 *   and rejects files round-trip exactly ("'abc" was written "''abc").
 * - Reasons name the line, the column and the kind of error, never a
 *   value: stderr reaches logs (SECURITY.md, promise 6). Respondent ids,
 *   attributes and lang carry no control or invisible characters; lang is
 *   one of the form's codes; timestamps are real instants.
 * - A rejects file can be imported as it is: when the header starts with
 *   `line,reason` and has a `respondent` column, those two are skipped.
 * - Other columns are respondent attributes, kept as text. `--set NAME=VALUE`
 *   gives every row one more (store/entry-attrs.h); a column of that name
 *   is refused rather than silently overridden or overriding. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "command.h"
#include "form/form.h"
#include "form/xlsform.h"
#include "io/csvread.h"
#include "io/csvwrite.h"
#include "store/attrs.h"
#include "store/entry-attrs.h"
#include "store/record.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/escape.h"
#include "util/mem.h"

/* Reasons printed on stderr when there is no rejects file. */
#define MAX_REASONS_SHOWN 20

enum column_kind {
	COL_SKIP, COL_RESPONDENT, COL_STATUS, COL_STARTED, COL_COMPLETED, COL_LANG,
	COL_QUESTION, COL_ATTRIBUTE
};

struct column {
	enum column_kind kind;
	const struct form_question *q;   /* COL_QUESTION */
};

/* name or column -> slot, sorted for bsearch: expression lookups run for
 * every constrained answer of every row. */
struct name_slot {
	const char *name;
	int slot;
};

struct importer {
	const struct form *form;
	struct store *store;
	int64_t form_pk;
	const char *in_name;

	size_t n_cols;
	char **header;
	struct column *cols;
	size_t first_col;            /* 2 when re-importing a rejects file */
	int col_of[COL_ATTRIBUTE];   /* meta column index, -1 when absent */
	size_t *attr_cols;           /* attribute columns, sorted by name */
	size_t n_attrs;
	bool *repeated;              /* per column: an earlier column has its name */

	/* the row being checked: per slot, its cell (NULL = no column) */
	const char **slot_value;
	struct name_slot *names;
	size_t n_names;
	const char *dot;

	struct record_builder record;
	struct attrs_builder attrs;
	struct entry_attrs set;      /* --set NAME=VALUE */

	struct csvwrite rejects;
	const char *rejects_path;
	bool has_rejects;
	const char *db_path, *form_path;   /* never the rejects file */

	long imported, rejected, present, irrelevant_kept;
	char **unmarked;             /* per column: the cell unneutralised, or NULL */
	char reason[1536];
};

/* ---- the header ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct name_slot *)a)->name, ((const struct name_slot *)b)->name);
}

static void build_name_index(struct importer *im)
{
	const struct form *f = im->form;
	size_t i;

	im->names = ky_calloc(2 * f->n_questions + 1, sizeof *im->names);
	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		if (q->slot < 0)
			continue;
		im->names[im->n_names++] = (struct name_slot){ q->name, q->slot };
		if (q->column && strcmp(q->column, q->name))
			im->names[im->n_names++] = (struct name_slot){ q->column, q->slot };
	}
	qsort(im->names, im->n_names, sizeof *im->names, by_name);
}

_Static_assert(COL_LANG - COL_RESPONDENT + 1 == FORM_N_RESPONSE_COLUMNS,
	       "the fixed column kinds follow form_response_columns");

/* The fixed columns' names, by kind (form_response_columns in order). */
static const char *meta_name(enum column_kind k)
{
	return form_response_columns[k - COL_RESPONDENT];
}

static const struct importer *sort_ctx;

static int by_attr_name(const void *a, const void *b)
{
	return strcmp(sort_ctx->header[*(const size_t *)a], sort_ctx->header[*(const size_t *)b]);
}

static int by_header_then_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_ctx->header[x], sort_ctx->header[y]);
	return c ? c : (x > y) - (x < y);
}

/* Marks the columns whose name an earlier column has: sorted once, not
 * compared pairwise (a file of 100,000 columns took seconds). */
static void find_repeated(struct importer *im)
{
	size_t n = im->n_cols - im->first_col, i;
	size_t *order = ky_calloc(n + 1, sizeof *order);
	im->repeated = ky_calloc(im->n_cols + 1, sizeof *im->repeated);
	for (i = 0; i < n; i++)
		order[i] = im->first_col + i;
	sort_ctx = im;
	qsort(order, n, sizeof *order, by_header_then_index);
	for (i = 1; i < n; i++)
		if (!strcmp(im->header[order[i]], im->header[order[i - 1]]))
			im->repeated[order[i]] = true;
	free(order);
}

static int classify_column(struct importer *im, size_t c, bool *claimed, struct ky_error *err)
{
	const char *name = im->header[c];
	const struct form_question *q;
	size_t k;

	if (!*name)
		return ky_error_set(err, KY_EINPUT, "%s:1: column %zu has no name", im->in_name, c + 1);
	if (im->repeated[c])
		return ky_error_set(err, KY_EINPUT, "%s:1: column '%s' appears twice",
				    im->in_name, name);
	for (k = COL_RESPONDENT; k <= COL_LANG; k++) {
		if (!strcmp(name, meta_name((enum column_kind)k))) {
			im->cols[c].kind = (enum column_kind)k;
			im->col_of[k] = (int)c;
			return KY_OK;
		}
	}
	q = form_find_question(im->form, name);
	if (q && q->slot >= 0) {
		if (claimed[q->slot])
			return ky_error_set(err, KY_EINPUT,
					    "%s:1: column '%s' is question '%s' again", im->in_name,
					    name, q->column);
		claimed[q->slot] = true;
		im->cols[c].kind = COL_QUESTION;
		im->cols[c].q = q;
		return KY_OK;
	}
	if (q) {
		ky_warn("%s:1: column '%s': a %s holds no answer; ignored", im->in_name, name,
			form_qtype_name(q->type));
		im->cols[c].kind = COL_SKIP;
		return KY_OK;
	}
	if (ky_text_has_hidden(name))
		return ky_error_set(err, KY_EINPUT, "%s:1: column %zu: a control or invisible "
				    "character, or invalid UTF-8, in the name", im->in_name, c + 1);
	if (strchr(name, '"'))
		return ky_error_set(err, KY_EINPUT, "%s:1: column '%s': a name with '\"' is not "
				    "supported", im->in_name, name);
	im->cols[c].kind = COL_ATTRIBUTE;
	im->attr_cols[im->n_attrs++] = c;
	return KY_OK;
}

static int read_header(struct importer *im, const struct csvread_record *rec, struct ky_error *err)
{
	bool *claimed = ky_calloc(im->form->n_slots + 1, sizeof *claimed);
	size_t c, k;
	int rc = KY_OK;

	im->n_cols = rec->n_fields;
	im->header = ky_calloc(im->n_cols, sizeof *im->header);
	im->cols = ky_calloc(im->n_cols, sizeof *im->cols);
	im->attr_cols = ky_calloc(im->n_cols + 1, sizeof *im->attr_cols);
	im->unmarked = ky_calloc(im->n_cols + 1, sizeof *im->unmarked);
	for (c = 0; c < im->n_cols; c++)
		im->header[c] = ky_strdup(rec->fields[c]);
	for (k = 0; k < COL_ATTRIBUTE; k++)
		im->col_of[k] = -1;

	/* A rejects file: "line,reason," before the data columns. */
	if (im->n_cols > 2 && !strcmp(im->header[0], "line") && !strcmp(im->header[1], "reason"))
		for (c = 2; c < im->n_cols; c++)
			if (!strcmp(im->header[c], "respondent"))
				im->first_col = 2;

	find_repeated(im);
	for (c = im->first_col; c < im->n_cols && !rc; c++)
		rc = classify_column(im, c, claimed, err);
	free(claimed);
	if (rc)
		return rc;
	if (im->col_of[COL_RESPONDENT] < 0)
		return ky_error_set(err, KY_EINPUT, "%s:1: no 'respondent' column", im->in_name);
	sort_ctx = im;
	qsort(im->attr_cols, im->n_attrs, sizeof *im->attr_cols, by_attr_name);
	for (k = 0; k < im->n_attrs; k++)
		if (entry_attrs_find(&im->set, im->header[im->attr_cols[k]]) >= 0)
			return ky_error_set(err, KY_EUSAGE, "%s:1: column '%s' is given with '--set' "
					    "too; drop the column or the option", im->in_name,
					    im->header[im->attr_cols[k]]);
	return KY_OK;
}

/* ---- checking one row ---- */

static const char *lookup_answer(void *ctx, const char *name)
{
	struct importer *im = ctx;
	struct name_slot key = { name, 0 }, *hit;

	hit = bsearch(&key, im->names, im->n_names, sizeof key, by_name);
	if (!hit)
		return NULL;
	return im->slot_value[hit->slot] ? im->slot_value[hit->slot] : "";
}

static void env_for(struct importer *im, struct expr_env *env, const char *dot)
{
	memset(env, 0, sizeof *env);
	env->lookup = lookup_answer;
	env->ctx = im;
	env->dot = dot;
}

/* The question and every group around it are relevant for this row. */
static bool is_relevant(struct importer *im, const struct form_question *q)
{
	const struct form *f = im->form;
	struct expr_env env;

	env_for(im, &env, "");
	for (;;) {
		if (q->relevant && !expr_eval_bool(q->relevant, &env))
			return false;
		if (q->parent < 0)
			return true;
		q = &f->questions[q->parent];
	}
}

static bool answerable(enum form_qtype t)
{
	switch (t) {
	case FQ_CALCULATE: case FQ_HIDDEN: case FQ_START: case FQ_END: case FQ_TODAY:
	case FQ_DEVICEID: case FQ_NOTE: case FQ_UNSUPPORTED: case FQ_BEGIN_GROUP:
	case FQ_END_GROUP:
		return false;
	default:
		return true;
	}
}

/* What import_row and its checks return besides 0 and a KY_E* failure:
 * the row is refused (im->reason says why). Kept apart from the error
 * codes, so that a store failure can never pass for a rejected row. */
#define ROW_REJECTED 100

static int reject(struct importer *im, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int reject(struct importer *im, long line, const char *fmt, ...)
{
	size_t n;
	va_list ap;
	n = (size_t)snprintf(im->reason, sizeof im->reason, "line %ld: ", line);
	va_start(ap, fmt);
	vsnprintf(im->reason + n, sizeof im->reason - n, fmt, ap);
	va_end(ap);
	return ROW_REJECTED;
}

/* Checks the answers of the row in im->slot_value: 0 good, ROW_REJECTED
 * (im->reason says why). */
static int check_answers(struct importer *im, long line, bool complete)
{
	const struct form *f = im->form;
	char why[512];
	size_t c;

	for (c = im->first_col; c < im->n_cols; c++) {
		const struct form_question *q = im->cols[c].q;
		const char *v;
		if (im->cols[c].kind != COL_QUESTION)
			continue;
		v = im->slot_value[q->slot];
		if (!*v) {
			struct expr_env env;
			env_for(im, &env, v);
			if (complete && q->required && answerable(q->type) &&
			    expr_eval_bool(q->required, &env) && is_relevant(im, q))
				return reject(im, line, "'%s': a required answer is missing", q->column);
			continue;
		}
		if (!form_value_valid(f, q, v, why, sizeof why))
			return reject(im, line, "'%s': %s", q->column, why);
		if (q->constraint) {
			struct expr_env env;
			env_for(im, &env, v);
			if (!expr_eval_bool(q->constraint, &env)) {
				const char *msg = form_text_get(f, &q->constraint_message,
								f->default_lang_index);
				if (*msg)
					return reject(im, line, "'%s': fails the constraint (%s)",
						      q->column, msg);
				return reject(im, line, "'%s': fails the constraint '%s'",
					      q->column, q->constraint_src);
			}
		}
		if (q->relevant || q->parent >= 0)
			if (!is_relevant(im, q))
				im->irrelevant_kept++;
	}
	return 0;
}

/* The cells of the row as the respondent gave them: without the
 * apostrophes kysely's CSV writer adds. Only cells holding an apostrophe
 * are copied; the record itself stays as read, for the rejects file. */
static void unmark_row(struct importer *im, const struct csvread_record *rec)
{
	size_t c;
	for (c = 0; c < im->n_cols; c++) {
		free(im->unmarked[c]);
		im->unmarked[c] = c < rec->n_fields ?
			csvwrite_unneutralise(rec->fields[c], rec->lens[c]) : NULL;
	}
}

static const char *cell(const struct importer *im, const struct csvread_record *rec, size_t c)
{
	return im->unmarked[c] ? im->unmarked[c] : rec->fields[c];
}

static const char *meta_cell(const struct importer *im, const struct csvread_record *rec,
			     enum column_kind k)
{
	const char *v;
	if (im->col_of[k] < 0)
		return NULL;
	v = cell(im, rec, (size_t)im->col_of[k]);
	return *v ? v : NULL;
}

/* The fixed columns of the row: 0 good (with the id and the status), 1
 * rejected. Reasons name the column and the kind of error, never the
 * value: they reach stderr, and logs keep it. */
static int check_meta(struct importer *im, const struct csvread_record *rec,
		      const char **uuid, const char **status)
{
	const char *lang = meta_cell(im, rec, COL_LANG);
	char why[256];
	size_t i;

	*uuid = meta_cell(im, rec, COL_RESPONDENT);
	if (!*uuid)
		return reject(im, rec->line, "'respondent' is empty");
	if (!form_respondent_id_valid(*uuid, why, sizeof why))
		return reject(im, rec->line, "'respondent': %s", why);
	*status = meta_cell(im, rec, COL_STATUS);
	if (!*status)
		*status = "complete";
	else if (strcmp(*status, "complete") && strcmp(*status, "partial"))
		return reject(im, rec->line, "'status': neither complete nor partial");
	for (i = COL_STARTED; i <= COL_COMPLETED; i++) {
		const char *t = meta_cell(im, rec, (enum column_kind)i);
		if (t && !form_parse_timestamp(t))
			return reject(im, rec->line, "'%s': not an ISO 8601 instant "
				      "(YYYY-MM-DDTHH:MM:SSZ with every field in range)",
				      meta_name((enum column_kind)i));
	}
	if (lang && !form_lang_code_known(im->form, lang))
		return reject(im, rec->line, "'lang': not a language code of the form");
	for (i = 0; i < im->n_attrs; i++)
		if (ky_text_has_hidden(cell(im, rec, im->attr_cols[i])))
			return reject(im, rec->line, "'%s': a control or invisible character, or "
				      "invalid UTF-8", im->header[im->attr_cols[i]]);
	return 0;
}

/* Checks and stores one row: 0 stored (or present), ROW_REJECTED, or a
 * KY_E* failure of the database (err filled). */
static int import_row(struct importer *im, const struct csvread_record *rec, struct ky_error *err)
{
	const struct form *f = im->form;
	struct store_response r;
	const char *uuid = NULL, *status = NULL;
	bool added;
	long first;
	size_t c, i;
	int rc, seen_rc;

	if (rec->n_fields != im->n_cols)
		return reject(im, rec->line, "%zu fields where the header has %zu",
			      rec->n_fields > im->first_col ? rec->n_fields - im->first_col : 0,
			      im->n_cols - im->first_col);
	unmark_row(im, rec);
	if ((rc = check_meta(im, rec, &uuid, &status)))
		return rc;

	for (i = 0; i < f->n_slots; i++)
		im->slot_value[i] = NULL;
	for (c = im->first_col; c < im->n_cols; c++)
		if (im->cols[c].kind == COL_QUESTION)
			im->slot_value[im->cols[c].q->slot] = cell(im, rec, c);
	if ((rc = check_answers(im, rec->line, !strcmp(status, "complete"))))
		return rc;

	record_builder_reset(&im->record);
	for (i = 0; i < f->n_slots; i++) {
		const char *v = im->slot_value[i];
		record_builder_add(&im->record, v, v ? strlen(v) : 0);
	}
	attrs_builder_reset(&im->attrs);
	size_t set_next = 0;
	for (i = 0; i < im->n_attrs; i++) {
		const char *name = im->header[im->attr_cols[i]], *v = cell(im, rec, im->attr_cols[i]);
		entry_attrs_merge(&im->set, &set_next, name, &im->attrs);
		if (*v)
			attrs_builder_add(&im->attrs, name, v, strlen(v));
	}
	entry_attrs_merge(&im->set, &set_next, NULL, &im->attrs);

	memset(&r, 0, sizeof r);
	r.uuid = uuid;
	r.status = status;
	r.started = meta_cell(im, rec, COL_STARTED);
	r.completed = meta_cell(im, rec, COL_COMPLETED);
	r.lang = meta_cell(im, rec, COL_LANG);
	r.answers = im->record.buf;
	r.answers_len = im->record.len;
	r.attrs_json = attrs_builder_end(&im->attrs);
	rc = store_put_response(im->store, im->form_pk, &r, false, &added, err);
	if (rc && rc != KY_EINPUT)
		return rc;
	/* Only now, as the ids seen are keyed by the stored response; the put
	 * wrote nothing for an id stored already, so an id this file gave
	 * before is rejected as such, whether the put found it the same or in
	 * conflict. err keeps the put's reason unless this fails. */
	if ((seen_rc = store_import_seen(im->store, uuid, rec->line, &first, err)))
		return seen_rc;
	if (first)
		return reject(im, rec->line, "'respondent': '%s' already appears on line %ld",
			      uuid, first);
	if (rc == KY_EINPUT)
		return reject(im, rec->line, "%s", err->msg);
	if (added)
		im->imported++;
	else
		im->present++;
	return KY_OK;
}

/* ---- rejects ---- */

/* The rejects file may be the input itself (fix the rows, import the file
 * again): it is written to a temporary file that replaces the input only
 * after the whole input was read and the good rows committed. */
static int open_rejects(struct importer *im, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	size_t c;
	int rc;

	if (!im->rejects_path)
		return KY_OK;
	safe_output_guard_add(&guard, im->db_path, "the database");
	safe_output_guard_add_form(&guard, im->form_path);
	rc = csvwrite_open(&im->rejects, im->rejects_path, &guard, 0, err);
	safe_output_guard_release(&guard);
	if (rc)
		return rc;
	im->has_rejects = true;
	csvwrite_text(&im->rejects, "line");
	csvwrite_text(&im->rejects, "reason");
	for (c = im->first_col; c < im->n_cols; c++)
		csvwrite_text(&im->rejects, im->header[c]);
	csvwrite_end_row(&im->rejects);
	return KY_OK;
}

static void note_reject(struct importer *im, const struct csvread_record *rec)
{
	size_t c;

	im->rejected++;
	if (!im->has_rejects) {
		if (im->rejected <= MAX_REASONS_SHOWN)
			ky_say("kysely: %s: %s", im->in_name, im->reason);
		else if (im->rejected == MAX_REASONS_SHOWN + 1)
			ky_say("kysely: %s: more rows rejected (use --rejects FILE to "
			       "keep them all)", im->in_name);
		return;
	}
	csvwrite_int(&im->rejects, rec->line);
	csvwrite_text(&im->rejects, im->reason);
	for (c = im->first_col; c < rec->n_fields; c++)
		csvwrite_textn(&im->rejects, rec->fields[c], rec->lens[c]);
	csvwrite_end_row(&im->rejects);
}

/* ---- the command ---- */

static void show_progress(struct importer *im, time_t *last, bool force)
{
	time_t now = time(NULL);
	if (!force && now == *last)
		return;
	*last = now;
	ky_progress("importing: %ld rows, %ld rejected", im->imported + im->present, im->rejected);
}

static int import_rows(struct importer *im, struct csvread *in, struct ky_error *err)
{
	const struct csvread_record *rec;
	bool progress = cmdline_progress_ok();
	time_t last = time(NULL);
	long rows = 0;
	int rc;

	while ((rc = csvread_next(in, &rec, err)) == 1) {
		rc = import_row(im, rec, err);
		if (rc == ROW_REJECTED)
			note_reject(im, rec);
		else if (rc)
			return rc;
		if (progress && (++rows & 1023) == 0)
			show_progress(im, &last, false);
	}
	if (progress && rows >= 1024)
		ky_progress_clear();
	return rc < 0 ? err->code : KY_OK;
}

static void importer_release(struct importer *im)
{
	size_t c;
	for (c = 0; c < im->n_cols; c++) {
		free(im->header[c]);
		if (im->unmarked)
			free(im->unmarked[c]);
	}
	free(im->unmarked);
	free(im->header);
	free(im->cols);
	free(im->attr_cols);
	free(im->slot_value);
	free(im->names);
	free(im->repeated);
	record_builder_release(&im->record);
	attrs_builder_release(&im->attrs);
	entry_attrs_release(&im->set);
}

static int read_form(const char *path, const char *encoding, struct form **form,
		     char **canonical, size_t *canonical_len, struct ky_error *err)
{
	int rc = xlsform_read_reported("import", path, encoding, form, err);
	if (rc)
		return rc;
	return xlsform_canonical_text(path, encoding, canonical, canonical_len, err);
}

/* The transaction: form, attribute names, rows. */
static int import_all(struct importer *im, struct csvread *in, const char *canonical,
		      size_t canonical_len, struct ky_error *err)
{
	const struct csvread_record *rec;
	size_t i;
	int rc;

	rc = csvread_next(in, &rec, err);
	if (rc == 0)
		return ky_error_set(err, KY_EINPUT, "%s: empty file (no header)", im->in_name);
	if (rc < 0)
		return err->code;
	if ((rc = read_header(im, rec, err)) || (rc = open_rejects(im, err)))
		return rc;
	/* A file of millions of rows imports in bounded memory. */
	if ((rc = store_import_begin(im->store, err)) || (rc = store_begin(im->store, err)))
		return rc;
	rc = store_put_form(im->store, im->form, canonical, canonical_len, &im->form_pk, err);
	if (!rc) {
		const char **names = ky_calloc(im->n_attrs + im->set.n + 1, sizeof *names);
		for (i = 0; i < im->n_attrs; i++)
			names[i] = im->header[im->attr_cols[i]];
		for (i = 0; i < im->set.n; i++)
			names[im->n_attrs + i] = im->set.names[i];
		rc = store_register_attrs(im->store, im->form_pk, names, im->n_attrs + im->set.n, err);
		free(names);
	}
	if (!rc)
		rc = import_rows(im, in, err);
	if (!rc && im->has_rejects)
		rc = csvwrite_finish(&im->rejects, im->rejects_path, err);
	if (rc) {
		store_rollback(im->store);
		return rc;
	}
	if ((rc = store_commit(im->store, err)) || !im->has_rejects)
		return rc;
	im->has_rejects = false;   /* closed, even when that failed */
	return csvwrite_close(&im->rejects, im->rejects_path, err);
}

struct import_args {
	const char *db, *rejects, *encoding, *form_path, *csv_path;
	struct entry_attrs set;      /* --set NAME=VALUE, handed to the importer */
};

static int add_set(void *base, const char *value, struct ky_error *err)
{
	return entry_attrs_add(&((struct import_args *)base)->set, "import", value, err);
}

#define IA struct import_args
static const struct cmdline_option import_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", IA, db, "DB", "the database (required)"),
	CMDLINE_OPT_STRING(0, "rejects", IA, rejects, "FILE",
			   "write rejected rows there: line, reason, then the row as it\n"
			   "was; fix them and import FILE itself again (it may be\n"
			   "RESPONSES.csv: replaced once the whole file was read)"),
	CMDLINE_OPT_STRING(0, "encoding", IA, encoding, "ENC",
			   "source encoding of FORM and RESPONSES.csv (e.g. cp1252)"),
	CMDLINE_OPT_CALL(0, "set", add_set, "NAME=VALUE",
			 "give every row the attribute NAME (repeatable), e.g.\n"
			 "--set wave=2015; NAME may not be a question, a fixed\n"
			 "column or a column of RESPONSES.csv"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const import_tables[] = { import_options, NULL };

/* *help when the usage was asked for (and printed). */
static int parse_args(int argc, char **argv, struct import_args *a, bool *help,
		      struct ky_error *err)
{
	void *const bases[] = { a };
	struct cmdline cl;
	int rc = command_parse(&cmd_import, bases, &cl, argc, argv, err);

	*help = cl.help;
	if (!rc && !cl.help && cl.n_args != 2)
		rc = ky_error_set(err, KY_EUSAGE, "import: expected FORM and RESPONSES.csv "
				  "(see 'kysely import --help')");
	if (!rc && !cl.help) {
		a->form_path = cl.args[0];
		a->csv_path = cl.args[1];
	}
	cmdline_release(&cl);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct import_args a;
	const char *db_path, *encoding, *form_path, *csv_path;
	struct importer im;
	struct form *form = NULL;
	struct csvread *in = NULL;
	char *canonical = NULL;
	size_t canonical_len = 0;
	bool help = false;
	int rc;

	memset(&im, 0, sizeof im);
	memset(&a, 0, sizeof a);
	rc = parse_args(argc, argv, &a, &help, err);
	im.set = a.set;   /* the importer owns it from here */
	if (rc || help)
		goto out;
	db_path = a.db;
	encoding = a.encoding;
	form_path = a.form_path;
	csv_path = a.csv_path;
	im.rejects_path = a.rejects;

	if ((rc = read_form(form_path, encoding, &form, &canonical, &canonical_len, err)) ||
	    (rc = entry_attrs_check_form(&im.set, "import", form, err)))
		goto out;
	if ((rc = csvread_open(csv_path, encoding, &in, err)))
		goto out;
	if ((rc = store_open(db_path, STORE_CREATE, &im.store, err)))
		goto out;
	im.form = form;
	im.db_path = db_path;
	im.form_path = form_path;
	im.in_name = csvread_name(in);
	im.slot_value = ky_calloc(form->n_slots + 1, sizeof *im.slot_value);
	build_name_index(&im);
	record_builder_init(&im.record);
	attrs_builder_init(&im.attrs);

	rc = import_all(&im, in, canonical, canonical_len, err);
	if (rc == KY_OK) {
		ky_say("imported %ld row%s, %ld rejected%s%s%s, %ld already present", im.imported,
		       im.imported == 1 ? "" : "s", im.rejected,
		       im.rejected && im.rejects_path ? " (see " : "",
		       im.rejected && im.rejects_path ? im.rejects_path : "",
		       im.rejected && im.rejects_path ? ")" : "", im.present);
		if (im.irrelevant_kept)
			ky_warn("%ld answer%s to questions not relevant for their row kept",
				im.irrelevant_kept, im.irrelevant_kept == 1 ? "" : "s");
		if (im.rejected) {
			/* The summary said it all: exit 1 without another message. */
			ky_error_clear(err);
			err->code = rc = KY_EINPUT;
		}
	} else if (im.has_rejects) {
		csvwrite_discard(&im.rejects);   /* the old file, maybe the input, stays */
	}
out:
	importer_release(&im);
	store_close(im.store);
	if (in)
		csvread_close(in);
	free(canonical);
	form_destroy(form);
	return rc;
}

const struct command cmd_import = {
	.name = "import",
	.summary = "load responses from a wide CSV file into a database",
	.usage =
	"usage: kysely import FORM --db DB RESPONSES.csv [--rejects FILE] [--encoding ENC]\n"
	"                     [--set NAME=VALUE]...\n"
	"\n"
	"Checks every row of RESPONSES.csv (wide layout: respondent, status, started,\n"
	"completed, lang, one column per question; other columns are respondent\n"
	"attributes such as weight or stratum) against the form FORM and stores the\n"
	"good rows in DB (created 0600 when missing) in one transaction.\n",
	.options = import_tables,
	.notes =
	"A row is rejected for an unknown choice, a malformed number or date, a failed\n"
	"constraint, an empty required answer in a complete row, an empty or repeated\n"
	"respondent id, a wrong number of fields, or an id already stored with other\n"
	"answers; for control or invisible characters in the id or an attribute, a\n"
	"lang that is not one of the form's codes, or a started/completed time that\n"
	"is not a real instant. Reasons never quote a value. Rows already stored with the same answers are skipped, so importing\n"
	"a file twice adds nothing. Exit status 1 when any row was rejected.\n"
	"\n"
	"Example: kysely import surveys/ht-needs --db survey.db responses.csv --rejects bad.csv\n",
	.run = run,
};
