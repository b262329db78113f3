/* row.c - one row of an import: the fixed columns, every answer against
 * its question (type, choices, constraint, required when relevant), then
 * the record and attributes stored. Reasons name the line, the column and
 * the kind of error, never a value. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "form/expr.h"
#include "form/rules.h"
#include "import/import-impl.h"
#include "util/escape.h"
#include "util/mem.h"

static const char *lookup_answer(void *ctx, const char *name)
{
	struct importer *im = ctx;
	struct name_slot key = { name, 0 }, *hit;

	int qi;

	hit = bsearch(&key, im->names, im->n_names, sizeof key, import_by_name);
	if (hit)
		return im->slot_value[hit->slot] ? im->slot_value[hit->slot] : "";
	/* "/NAME", the top-level one of a name groups share (form.h) */
	if (name[0] != '/' || (qi = form_question_index(im->form, name)) < 0 ||
	    im->form->questions[qi].slot < 0)
		return NULL;
	qi = im->form->questions[qi].slot;
	return im->slot_value[qi] ? im->slot_value[qi] : "";
}

/* The row's expression context at instance inst (-1: the respondent):
 * with repeats, the answer tree's, so that count(), sum(), position(..)
 * and ${name} inside an instance see what collect sees. */
static void env_for(struct importer *im, struct expr_env *env, const char *dot, int inst)
{
	if (im->trees) {
		tree_ctx_release(&im->tctx);
		tree_env(&im->tree, inst, &im->tctx, env);
	} else {
		memset(env, 0, sizeof *env);
		env->lookup = lookup_answer;
		env->ctx = im;
	}
	env->dot = dot;
}

/* The question and every group around it are relevant for this row. */
static bool is_relevant(struct importer *im, const struct form_question *q, int inst)
{
	struct expr_env env;

	env_for(im, &env, "", inst);
	return form_rule_relevant_walk(im->form, q, &env);
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

bool import_reject(struct importer *im, long line, const char *fmt, ...)
{
	size_t n;
	va_list ap;
	n = (size_t)snprintf(im->reason, sizeof im->reason, "line %ld: ", line);
	va_start(ap, fmt);
	vsnprintf(im->reason + n, sizeof im->reason - n, fmt, ap);
	va_end(ap);
	return true;
}

bool import_check_answer(struct importer *im, long line, const char *where, bool complete,
			 const struct form_question *q, const char *v, int inst)
{
	const struct form *f = im->form;
	struct expr_env env;
	char why[512];

	if (!*v) {
		env_for(im, &env, v, inst);
		if (complete && answerable(q->type) && form_rule_required(q, &env) &&
		    is_relevant(im, q, inst))
			return import_reject(im, line, "%s'%s': a required answer is missing", where,
					     q->column);
		return false;
	}
	if (!form_value_valid(f, q, v, why, sizeof why))
		return import_reject(im, line, "%s'%s': %s", where, q->column, why);
	/* A calculate's constraint is not the respondent's to meet:
	 * collect (as ODK) checks constraints on questions asked only. */
	if (q->constraint && answerable(q->type)) {
		env_for(im, &env, v, inst);
		if (!form_rule_constraint(q, &env)) {
			const char *msg = form_text_get(f, &q->constraint_message,
							f->default_lang_index);
			if (*msg)
				return import_reject(im, line, "%s'%s': fails the constraint (%s)",
						     where, q->column, msg);
			return import_reject(im, line, "%s'%s': fails the constraint '%s'", where,
					     q->column, q->constraint_src);
		}
	}
	if ((q->relevant || q->parent >= 0) && !is_relevant(im, q, inst))
		im->counts.irrelevant_kept++;
	return false;
}

/* Checks the answers of the row in im->slot_value: true when the row is
 * rejected (im->reason says why). */
static bool check_answers(struct importer *im, long line, bool complete)
{
	size_t c;

	for (c = im->first_col; c < im->n_cols; c++) {
		const struct form_question *q = im->cols[c].q;
		if (im->cols[c].kind == COL_QUESTION &&
		    import_check_answer(im, line, "", complete, q, im->slot_value[q->slot], -1))
			return true;
	}
	return false;
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

/* The fixed columns of the row: false when good (with the id and the
 * status), true when rejected. Reasons name the column and the kind of
 * error, never the value: they reach stderr, and logs keep it. */
static bool check_meta(struct importer *im, const struct csvread_record *rec,
		      const char **uuid, const char **status)
{
	const char *lang = meta_cell(im, rec, COL_LANG);
	char why[256];
	size_t i;

	*uuid = meta_cell(im, rec, COL_RESPONDENT);
	if (!*uuid)
		return import_reject(im, rec->line, "'respondent' is empty");
	if (!form_respondent_id_valid(*uuid, why, sizeof why))
		return import_reject(im, rec->line, "'respondent': %s", why);
	*status = meta_cell(im, rec, COL_STATUS);
	if (!*status)
		*status = "complete";
	else if (strcmp(*status, "complete") && strcmp(*status, "partial"))
		return import_reject(im, rec->line, "'status': neither complete nor partial");
	for (i = COL_STARTED; i <= COL_COMPLETED; i++) {
		const char *t = meta_cell(im, rec, (enum column_kind)i);
		if (t && !form_parse_timestamp(t))
			return import_reject(im, rec->line, "'%s': not an ISO 8601 instant "
				      "(YYYY-MM-DDTHH:MM:SSZ with every field in range)",
				      import_meta_name((enum column_kind)i));
	}
	if (lang && !form_lang_code_known(im->form, lang))
		return import_reject(im, rec->line, "'lang': not a language code of the form");
	for (i = 0; i < im->n_attrs; i++)
		if (ky_text_has_hidden(cell(im, rec, im->attr_cols[i])))
			return import_reject(im, rec->line, "'%s': a control or invisible character, or "
				      "invalid UTF-8", im->header[im->attr_cols[i]]);
	return false;
}

/* The checked row into the store: the record, the attributes (with
 * --set's), then whether the id was new, stored already, or given twice
 * in this file. */
static int store_row(struct importer *im, const struct csvread_record *rec, const char *uuid,
		     const char *status, enum import_row_result *result, struct ky_error *err)
{
	const struct form *f = im->form;
	struct store_response r;
	size_t i, set_next = 0;
	bool added;
	long first;
	int rc, seen_rc;

	record_builder_reset(&im->record);
	for (i = 0; i < f->n_slots; i++) {
		const char *v = im->slot_value[i];
		record_builder_add(&im->record, v, v ? strlen(v) : 0);
	}
	attrs_builder_reset(&im->attrs);
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
	if (first) {
		import_reject(im, rec->line, "'respondent': '%s' already appears on line %ld", uuid, first);
		return KY_OK;
	}
	if (rc == KY_EINPUT) {
		import_reject(im, rec->line, "%s", err->msg);
		ky_error_clear(err);
		return KY_OK;
	}
	*result = added ? IMPORT_ROW_STORED : IMPORT_ROW_PRESENT;
	return im->trees ? import_tree_store(im, uuid, added, rec->line, result, err) : KY_OK;
}

/* Checks and stores one row (import-impl.h). */
int import_row(struct importer *im, const struct csvread_record *rec,
	       enum import_row_result *result, struct ky_error *err)
{
	const struct form *f = im->form;
	const char *uuid = NULL, *status = NULL;
	size_t c, i;

	*result = IMPORT_ROW_REJECTED;
	if (rec->n_fields != im->n_cols) {
		import_reject(im, rec->line, "%zu fields where the header has %zu",
		       rec->n_fields > im->first_col ? rec->n_fields - im->first_col : 0,
		       im->n_cols - im->first_col);
		return KY_OK;
	}
	unmark_row(im, rec);
	if (check_meta(im, rec, &uuid, &status))
		return KY_OK;
	for (i = 0; i < f->n_slots; i++)
		im->slot_value[i] = NULL;
	for (c = im->first_col; c < im->n_cols; c++)
		if (im->cols[c].kind == COL_QUESTION)
			im->slot_value[im->cols[c].q->slot] = cell(im, rec, c);
	if (im->trees && import_tree_build(im, rec->line, uuid, !strcmp(status, "complete")))
		return KY_OK;
	if (check_answers(im, rec->line, !strcmp(status, "complete")))
		return KY_OK;
	return store_row(im, rec, uuid, status, result, err);
}
