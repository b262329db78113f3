/* header.c - the header row of an import: which column is a fixed one,
 * a question or an attribute, refused names, and the index of question
 * names that expressions look up for every row. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "import/import-impl.h"
#include "util/error.h"
#include "util/escape.h"
#include "util/mem.h"

int import_by_name(const void *a, const void *b)
{
	return strcmp(((const struct name_slot *)a)->name, ((const struct name_slot *)b)->name);
}

void import_build_name_index(struct importer *im)
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
	qsort(im->names, im->n_names, sizeof *im->names, import_by_name);
}

_Static_assert(COL_LANG - COL_RESPONDENT + 1 == FORM_N_RESPONSE_COLUMNS,
	       "the fixed column kinds follow form_response_columns");

const char *import_meta_name(enum column_kind k)
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
		if (!strcmp(name, import_meta_name((enum column_kind)k))) {
			im->cols[c].kind = (enum column_kind)k;
			im->col_of[k] = (int)c;
			return KY_OK;
		}
	}
	q = form_find_question(im->form, name);
	if (q && q->slot >= 0 && q->repeat >= 0) {
		if (!im->n_repeat_cols++)
			im->first_repeat_col = c;
		im->cols[c].kind = COL_SKIP;   /* warned about once, below */
		return KY_OK;
	}
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

int import_read_header(struct importer *im, const struct csvread_record *rec, struct ky_error *err)
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
	if (im->n_repeat_cols)
		ky_warn("%s:1: %zu column%s ('%s'...) of questions in repeats ignored: their answers "
			"are read from the repeats' own files (FILE-REPEAT.csv)", im->in_name,
			im->n_repeat_cols, im->n_repeat_cols == 1 ? "" : "s",
			im->header[im->first_repeat_col]);
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
