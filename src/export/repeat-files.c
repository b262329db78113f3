/* repeat-files.c - a form's repeats beside the main export
 * (repeat-files.h). */
#include "config.h"
#include "export/repeat-files.h"
#include <stdlib.h>
#include <string.h>
#include "io/export-format.h"
#include "store/store-repeat.h"
#include "util/mem.h"

/* The values that say when something happened: the start and end
 * metadata and datetime answers (a date is a day already; a time of day
 * alone tells no date). */
static bool is_stamp(const struct form_question *q)
{
	return q->type == FQ_START || q->type == FQ_END || q->type == FQ_DATETIME;
}

void export_answer_cell(struct csvwrite *w, const struct form_question *q, const char *text,
			size_t len, enum coarsen_times coarsen)
{
	char buf[COARSEN_OUT_SIZE];
	size_t n = text && is_stamp(q) ? coarsen_time(text, len, coarsen, buf, sizeof buf) : 0;
	if (n)
		csvwrite_textn(w, buf, n);
	else
		csvwrite_textn(w, text, len);
}

void repeat_files_header(struct csvwrite *w, const struct form *f, int rq)
{
	size_t i;

	csvwrite_text(w, "respondent");
	csvwrite_text(w, "parent");
	csvwrite_text(w, "key");
	for (i = 0; i < f->n_slots; i++)
		if (f->questions[f->slot_question[i]].repeat == rq)
			csvwrite_text(w, f->questions[f->slot_question[i]].column);
	csvwrite_end_row(w);
}

int repeat_files_open(struct repeat_files *rf, const struct form *form, const char *main_path,
		      const struct safe_output_guard *guard, bool excel,
		      enum coarsen_times coarsen, struct ky_error *err)
{
	size_t i;
	int rc = KY_OK;

	memset(rf, 0, sizeof *rf);
	rf->form = form;
	rf->coarsen = coarsen;
	tree_init(&rf->tree, form);
	if (!form->n_repeats)
		return KY_OK;
	rf->out = ky_calloc(form->n_repeats, sizeof *rf->out);
	rf->paths = ky_calloc(form->n_repeats, sizeof *rf->paths);
	for (i = 0; i < form->n_repeats && !rc; i++) {
		rf->paths[i] = export_repeat_path(main_path, form->questions[form->repeats[i]].name);
		if ((rc = csvwrite_open(&rf->out[i], rf->paths[i], guard, 0, err)))
			break;
		if (excel)
			csvwrite_excel(&rf->out[i]);
		repeat_files_header(&rf->out[i], form, form->repeats[i]);
	}
	if (rc) {
		while (i--)
			csvwrite_discard(&rf->out[i]);
		free(rf->out);
		rf->out = NULL;
		repeat_files_discard(rf);
	}
	return rc;
}

void repeat_files_long(struct repeat_files *rf, const struct form *form, struct csvwrite *w,
		       enum coarsen_times coarsen)
{
	memset(rf, 0, sizeof *rf);
	rf->form = form;
	rf->coarsen = coarsen;
	rf->long_out = w;
	tree_init(&rf->tree, form);
}

void repeat_files_one(struct repeat_files *rf, const struct form *form, int rq,
		      struct csvwrite *w, enum coarsen_times coarsen)
{
	memset(rf, 0, sizeof *rf);
	rf->form = form;
	rf->coarsen = coarsen;
	rf->one = w;
	rf->only = rq;
	tree_init(&rf->tree, form);
	repeat_files_header(w, form, rq);
}

/* One instance: its row of OUT-REPEAT, or its answers as long rows. */
static void write_instance(struct repeat_files *rf, int inst, const char *uuid)
{
	const struct form *f = rf->form;
	const struct answer_tree *t = &rf->tree;
	int rq = t->inst[inst].repeat, parent = t->inst[inst].parent;
	char *key = tree_key(t, inst), *pkey = parent >= 0 ? tree_key(t, parent) : NULL;
	char *full = ky_asprintf("%s/%s", uuid, key);
	struct csvwrite *w = rf->long_out ? rf->long_out
			     : rf->one ? rf->one : &rf->out[form_repeat_index(f, rq)];
	size_t i;

	if (!rf->long_out) {
		csvwrite_text(w, uuid);
		if (pkey) {
			char *pfull = ky_asprintf("%s/%s", uuid, pkey);
			csvwrite_text(w, pfull);
			free(pfull);
		} else {
			csvwrite_empty(w);
		}
		csvwrite_text(w, full);
	}
	for (i = 0; i < f->n_slots; i++) {
		const struct form_question *q = &f->questions[f->slot_question[i]];
		const char *v = t->inst[inst].values[i];
		if (q->repeat != rq || (rf->long_out && !v))
			continue;
		if (rf->long_out) {
			csvwrite_text(w, full);
			csvwrite_text(w, q->column);
		}
		export_answer_cell(w, q, v, v ? strlen(v) : 0, rf->coarsen);
		if (rf->long_out)
			csvwrite_end_row(w);
	}
	if (!rf->long_out)
		csvwrite_end_row(w);
	free(full);
	free(pkey);
	free(key);
}

int repeat_files_write(struct repeat_files *rf, struct store *s, int64_t resp_pk,
		       const char *uuid, struct ky_error *err)
{
	int *order, rc;
	size_t i, n;

	if (!rf->form->n_repeats)
		return KY_OK;
	if ((rc = store_tree_load(s, resp_pk, &rf->tree, err)))
		return rc;
	order = ky_calloc(rf->tree.n_inst + 1, sizeof *order);
	n = tree_document_order(&rf->tree, order);
	for (i = 0; i < n; i++)
		if (!rf->one || rf->tree.inst[order[i]].repeat == rf->only)
			write_instance(rf, order[i], uuid);
	free(order);
	return KY_OK;
}

int repeat_files_close(struct repeat_files *rf, struct ky_error *err)
{
	size_t i;
	int rc = KY_OK;

	for (i = 0; rf->out && i < rf->form->n_repeats; i++) {
		if (rc)
			csvwrite_discard(&rf->out[i]);
		else
			rc = csvwrite_close(&rf->out[i], rf->paths[i], err);
	}
	free(rf->out);
	rf->out = NULL;
	repeat_files_discard(rf);
	return rc;
}

void repeat_files_discard(struct repeat_files *rf)
{
	size_t i;

	for (i = 0; rf->out && i < rf->form->n_repeats; i++)
		csvwrite_discard(&rf->out[i]);
	free(rf->out);
	rf->out = NULL;
	for (i = 0; rf->paths && i < rf->form->n_repeats; i++)
		free(rf->paths[i]);
	free(rf->paths);
	rf->paths = NULL;
	if (rf->tree.form)
		tree_release(&rf->tree);
	rf->form = NULL;
}
