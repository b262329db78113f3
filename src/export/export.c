/* export.c - responses back out (export.h): the wide and long CSV
 * layouts, the Excel workbook, the paradata and --derived's columns here;
 * the typed formats sav, dta and sqlite are io/export-format.h's. */
#include "config.h"
#include "export/export.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "analyze/derived-export.h"
#include "export/repeat-files.h"
#include "form/form.h"
#include "io/coarsen.h"
#include "io/codebook.h"
#include "io/csvwrite.h"
#include "io/export-format.h"
#include "io/paradata-csv.h"
#include "io/xlsx-out.h"
#include "store/record.h"
#include "store/store.h"
#include "util/mem.h"

struct exporter {
	const struct form *form;
	struct csvwrite out;
	struct record_view *views;
	size_t n_attrs;
	bool long_format;
	bool xlsx;          /* --format xlsx */
	bool excel;         /* --excel */
	enum coarsen_times coarsen;
	const char *db_path;
	struct ky_error *err;
	const struct derived_export *derived;   /* --derived: appended columns, else NULL */
	size_t row;
	struct store *store;
	struct repeat_files rep;   /* rep.form NULL: the repeats are not written */
	bool files_beside;         /* the repeats go to files beside -o (not long, xlsx, sqlite) */
};

/* A column of the main file: a question with a slot outside every repeat
 * (a repeat's answers go to its own file, repeat-files.h). */
static bool main_slot(const struct form *f, size_t slot)
{
	return f->questions[f->slot_question[slot]].repeat < 0;
}

/* One column of the wide header and where it comes from. */
struct header_column {
	const char *name;
	size_t order;                      /* position in the header */
	const struct form_question *q;     /* NULL: a fixed column or an attribute */
	bool attribute;
};

static int by_header_name(const void *a, const void *b)
{
	const struct header_column *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void describe_column(const struct header_column *c, char *buf, size_t len)
{
	if (c->q)
		/* no line: the stored definition's lines are not those of the author's file */
		snprintf(buf, len, "question '%s'", c->q->path);
	else if (c->attribute)
		snprintf(buf, len, "a respondent attribute");
	else
		snprintf(buf, len, "the responses file's own column");
}

/* A header with a name twice is a file `kysely import` refuses, so the
 * wide layout is not written at all. The form reader refuses a question
 * named like a fixed column and import never makes an attribute of a
 * question's or a fixed column's name, so this only trips on a database
 * that keeps a form from before those checks. */
static int check_wide_header(const struct form *f, char *const *attr_names, size_t n_attrs,
			     struct ky_error *err)
{
	size_t n = FORM_N_RESPONSE_COLUMNS + f->n_slots + n_attrs, i, k = 0;
	struct header_column *cols = ky_calloc(n, sizeof *cols);
	char first[256], second[256];
	int rc = KY_OK;

	for (i = 0; i < FORM_N_RESPONSE_COLUMNS; i++, k++)
		cols[k] = (struct header_column){ form_response_columns[i], k, NULL, false };
	for (i = 0; i < f->n_slots; i++) {
		const struct form_question *q = &f->questions[f->slot_question[i]];
		if (main_slot(f, i)) {
			cols[k] = (struct header_column){ q->column, k, q, false };
			k++;
		}
	}
	n = k + n_attrs;
	for (i = 0; i < n_attrs; i++, k++)
		cols[k] = (struct header_column){ attr_names[i], k, NULL, true };
	qsort(cols, n, sizeof *cols, by_header_name);
	for (i = 1; i < n && !rc; i++) {
		if (strcmp(cols[i - 1].name, cols[i].name))
			continue;
		describe_column(&cols[i - 1], first, sizeof first);
		describe_column(&cols[i], second, sizeof second);
		rc = ky_error_set(err, KY_EINPUT,
				  "export: form '%s': the wide layout would have two '%s' columns (%s "
				  "and %s), which import refuses; rename the question in the form, "
				  "or export with --format long",
				  f->form_id, cols[i].name, first, second);
	}
	free(cols);
	return rc;
}

static void write_wide_header(struct exporter *ex, char *const *attr_names)
{
	const struct form *f = ex->form;
	size_t i;

	for (i = 0; i < FORM_N_RESPONSE_COLUMNS; i++)
		csvwrite_text(&ex->out, form_response_columns[i]);
	for (i = 0; i < f->n_slots; i++)
		if (main_slot(f, i))
			csvwrite_text(&ex->out, f->questions[f->slot_question[i]].column);
	for (i = 0; i < ex->n_attrs; i++)
		csvwrite_text(&ex->out, attr_names[i]);
	if (ex->derived)
		derived_export_csv_header(ex->derived, &ex->out);
	csvwrite_end_row(&ex->out);
}

static void write_time(struct exporter *ex, const char *text, size_t len)
{
	static const struct form_question stamp = { .type = FQ_START };
	export_answer_cell(&ex->out, &stamp, text, len, ex->coarsen);
}

static void write_slot(struct exporter *ex, size_t slot)
{
	const struct record_view *v = &ex->views[slot];
	export_answer_cell(&ex->out, &ex->form->questions[ex->form->slot_question[slot]], v->ptr,
			   v->len, ex->coarsen);
}

static int write_response(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct exporter *ex = ctx;
	const struct form *f = ex->form;
	size_t i;

	if (record_decode(r->answers, r->answers_len, ex->views, f->n_slots))
		return ky_error_set(ex->err, KY_EIO, "%s: respondent '%s': stored answers are damaged",
				    ex->db_path, r->uuid);
	if (ex->long_format) {
		for (i = 0; i < f->n_slots; i++) {
			if (!ex->views[i].ptr || !main_slot(f, i))
				continue;
			csvwrite_text(&ex->out, r->uuid);
			csvwrite_text(&ex->out, f->questions[f->slot_question[i]].column);
			write_slot(ex, i);
			csvwrite_end_row(&ex->out);
		}
	} else {
		csvwrite_text(&ex->out, r->uuid);
		csvwrite_text(&ex->out, r->status);
		write_time(ex, r->started, r->started ? strlen(r->started) : 0);
		write_time(ex, r->completed, r->completed ? strlen(r->completed) : 0);
		csvwrite_text(&ex->out, r->lang);
		for (i = 0; i < f->n_slots; i++)
			if (main_slot(f, i))
				write_slot(ex, i);
		for (i = 0; i < ex->n_attrs; i++)
			csvwrite_text(&ex->out, attrs[i]);
		/* the derived columns come from analyze's own read of the store */
		if (ex->derived && ex->row >= ex->derived->n_rows)
			return ky_error_set(ex->err, KY_EIO, "%s: the responses changed while exporting; "
					    "run it again", ex->db_path);
		if (ex->derived)
			derived_export_csv_row(ex->derived, ex->row, &ex->out);
		ex->row++;
		csvwrite_end_row(&ex->out);
	}
	if (ex->rep.form && f->n_repeats &&
	    repeat_files_write(&ex->rep, ex->store, r->id, r->uuid, ex->err))
		return ex->err->code;
	/* Stop early on a full disk rather than scanning a million rows. */
	return ex->out.failed ? KY_EIO : 0;
}

/* Writes the rows into ex->out, opened by the caller. */
static int export_responses(struct exporter *ex, struct store *s, int64_t form_pk,
			    char *const *attr_names, struct ky_error *err)
{
	int rc;

	ex->err = err;
	ex->views = ky_calloc(ex->form->n_slots + 1, sizeof *ex->views);
	if (ex->long_format) {
		csvwrite_text(&ex->out, "respondent");
		csvwrite_text(&ex->out, "question");
		csvwrite_text(&ex->out, "value");
		csvwrite_end_row(&ex->out);
	} else {
		write_wide_header(ex, attr_names);
	}
	rc = store_scan(s, form_pk, (const char *const *)attr_names,
			ex->long_format ? 0 : ex->n_attrs, write_response, ex, err);
	free(ex->views);
	if (!rc && ex->derived && ex->row != ex->derived->n_rows)
		rc = ky_error_set(err, KY_EIO, "%s: the responses changed while exporting; run it again",
				  ex->db_path);
	if (rc == KY_EIO && ex->out.failed)
		rc = KY_OK;   /* csvwrite_close reports the write error itself */
	return rc;
}

/* Both outputs are opened before either is written: -o and --codebook
 * naming one file (or the database) is refused before anything is lost. */
static int open_outputs(struct exporter *ex, struct csvwrite *codebook, const char *db_path,
			const char *out_path, const char *codebook_path, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	int rc;

	safe_output_guard_add(&guard, db_path, "the database");
	rc = csvwrite_open(&ex->out, out_path, &guard, 0, err);
	if (!rc && codebook_path) {
		safe_output_guard_add(&guard, out_path, "the data export (-o)");
		rc = csvwrite_open(codebook, codebook_path, &guard, 15, err);
		if (rc)
			csvwrite_discard(&ex->out);
	}
	safe_output_guard_release(&guard);
	return rc;
}

/* Columns that hold numbers (numeric questions) of the main sheet (rq
 * -1) or of repeat rq's: first fixed text columns, the questions of rq,
 * then n_after text columns (the attributes). */
static bool *numeric_columns(const struct form *f, int rq, size_t first, size_t n_after,
			     size_t *n)
{
	bool *numeric = ky_calloc(first + f->n_slots + n_after + 1, sizeof *numeric);
	size_t k = first;

	for (size_t i = 0; i < f->n_slots; i++) {
		enum form_qtype t = f->questions[f->slot_question[i]].type;
		if (f->questions[f->slot_question[i]].repeat == rq)
			numeric[k++] = t == FQ_INTEGER || t == FQ_DECIMAL || t == FQ_RANGE;
	}
	*n = k + n_after;
	return numeric;
}

static int sheet_row(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct exporter *ex = ctx;

	(void)attrs;
	if (repeat_files_write(&ex->rep, ex->store, r->id, r->uuid, ex->err))
		return ex->err->code;
	return ex->out.failed ? KY_EIO : 0;
}

/* The sheet of repeat rq: its name in what Excel allows (31 characters,
 * none of []:*?/\), never that of the other two sheets. */
static char *sheet_name(const struct form *f, int rq)
{
	const char *name = f->questions[rq].name;
	bool taken = !strcasecmp(name, "responses") || !strcasecmp(name, "labels");
	char *s = ky_asprintf(taken ? "%.24s_repeat" : "%.31s", name);

	for (char *p = s; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '_';
	return s;
}

/* A sheet per repeat, as its CSV file would be. */
static int repeat_sheets(struct exporter *ex, struct xlsx_out *book, struct store *s,
			 int64_t form_pk, struct ky_error *err)
{
	const struct form *f = ex->form;
	int rc = KY_OK;

	for (size_t i = 0; i < f->n_repeats && !rc; i++) {
		size_t n;
		bool *numeric = numeric_columns(f, f->repeats[i], 3, 0, &n);
		char *name = sheet_name(f, f->repeats[i]);
		FILE *fp = xlsx_out_sheet(book, name, XLSX_DATA, false, numeric, n, err);

		free(numeric);
		free(name);
		if (!fp)
			return KY_EIO;
		csvwrite_init(&ex->out, fp, 0);
		repeat_files_one(&ex->rep, f, f->repeats[i], &ex->out, ex->coarsen);
		rc = store_scan(s, form_pk, NULL, 0, sheet_row, ex, err);
		repeat_files_discard(&ex->rep);
		if (!rc && ex->out.failed)
			rc = ky_error_set(err, KY_EIO, "%s: cannot write the workbook", ex->db_path);
		if (xlsx_out_sheet_end(book, fp, rc ? NULL : err) && !rc)
			rc = KY_EIO;
	}
	return rc;
}

/* One sheet fed by kysely's own CSV writer (xlsx-out.h). */
static int workbook_sheets(struct exporter *ex, struct xlsx_out *book, struct store *s,
			   int64_t form_pk, char *const *attr_names, int lang, struct ky_error *err)
{
	size_t n;
	bool *numeric = numeric_columns(ex->form, -1, FORM_N_RESPONSE_COLUMNS, ex->n_attrs,
					 &n);
	FILE *fp = xlsx_out_sheet(book, "responses", XLSX_DATA, false, numeric, n, err);
	struct csvwrite labels;
	int rc;

	free(numeric);
	if (!fp)
		return KY_EIO;
	csvwrite_init(&ex->out, fp, 0);
	rc = export_responses(ex, s, form_pk, attr_names, err);
	if (!rc && ex->out.failed)
		rc = ky_error_set(err, KY_EIO, "%s: cannot write the workbook", ex->db_path);
	if (xlsx_out_sheet_end(book, fp, rc ? NULL : err) && !rc)
		rc = KY_EIO;
	if (!rc)
		rc = repeat_sheets(ex, book, s, form_pk, err);
	if (rc || !(fp = xlsx_out_sheet(book, "labels", XLSX_DATA, false, NULL, 0, err)))
		return rc ? rc : KY_EIO;
	csvwrite_init(&labels, fp, 15);
	codebook_write(&labels, ex->form, lang, (const char *const *)attr_names, ex->n_attrs);
	return xlsx_out_sheet_end(book, fp, err);
}

static int write_codebook_only(struct exporter *ex, char *const *attr_names, int lang,
			       const char *out_path, const char *codebook_path,
			       struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct csvwrite codebook;
	int rc;

	safe_output_guard_add(&guard, ex->db_path, "the database");
	safe_output_guard_add(&guard, out_path, "the data export (-o)");
	rc = csvwrite_open(&codebook, codebook_path, &guard, 15, err);
	safe_output_guard_release(&guard);
	if (rc)
		return rc;
	if (ex->excel)
		csvwrite_excel(&codebook);
	codebook_write(&codebook, ex->form, lang, (const char *const *)attr_names, ex->n_attrs);
	return csvwrite_close(&codebook, codebook_path, err);
}

/* --format xlsx: a workbook of the responses (header frozen, numeric
 * answers as numbers) and their labels (the codebook); --codebook as CSV. */
static int export_workbook(struct exporter *ex, struct store *s, int64_t form_pk,
			   char *const *attr_names, int lang, const char *out_path,
			   const char *codebook_path, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct xlsx_out *book;
	int rc;

	safe_output_guard_add(&guard, ex->db_path, "the database");
	safe_output_guard_add(&guard, codebook_path, "the codebook");
	book = xlsx_out_open(out_path, &guard, true, err);
	safe_output_guard_release(&guard);
	if (!book)
		return err->code;
	if ((rc = workbook_sheets(ex, book, s, form_pk, attr_names, lang, err))) {
		xlsx_out_discard(book);
		return rc;
	}
	if ((rc = xlsx_out_close(book, err)) || !codebook_path)
		return rc;
	return write_codebook_only(ex, attr_names, lang, out_path, codebook_path, err);
}

/* The repeats' files beside out_path (repeat-files.h), or their rows in
 * the long layout's own file. */
static int open_repeats(struct exporter *ex, const char *out_path, const char *codebook_path,
			struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	int rc;

	if (!ex->form->n_repeats)
		return KY_OK;
	if (ex->long_format) {
		repeat_files_long(&ex->rep, ex->form, &ex->out, ex->coarsen);
		return KY_OK;
	}
	safe_output_guard_add(&guard, ex->db_path, "the database");
	safe_output_guard_add(&guard, out_path, "the data export (-o)");
	safe_output_guard_add(&guard, codebook_path, "the codebook");
	rc = repeat_files_open(&ex->rep, ex->form, out_path, &guard, ex->excel, ex->coarsen, err);
	safe_output_guard_release(&guard);
	return rc;
}

static int export_all(struct exporter *ex, struct store *s, int64_t form_pk,
		      char *const *attr_names, int lang, const char *out_path,
		      const char *codebook_path, struct ky_error *err)
{
	struct csvwrite codebook = { 0 };
	int rc;

	if (ex->xlsx)
		return export_workbook(ex, s, form_pk, attr_names, lang, out_path, codebook_path,
				       err);
	if ((rc = open_outputs(ex, &codebook, ex->db_path, out_path, codebook_path, err)))
		return rc;
	if ((rc = open_repeats(ex, out_path, codebook_path, err))) {
		csvwrite_discard(&ex->out);
		csvwrite_discard(&codebook);
		return rc;
	}
	if (ex->excel) {
		csvwrite_excel(&ex->out);
		if (codebook_path)
			csvwrite_excel(&codebook);
	}
	rc = export_responses(ex, s, form_pk, attr_names, err);
	if (!rc && codebook_path)
		codebook_write(&codebook, ex->form, lang, (const char *const *)attr_names,
			       ex->n_attrs);
	if (!rc)
		rc = csvwrite_close(&ex->out, out_path, err);
	if (!rc)
		rc = repeat_files_close(&ex->rep, err);
	if (rc) {
		csvwrite_discard(&ex->out);
		csvwrite_discard(&codebook);
		repeat_files_discard(&ex->rep);
		return rc;
	}
	return codebook_path ? csvwrite_close(&codebook, codebook_path, err) : KY_OK;
}

/* --paradata FILE (paradata-csv.h): never the database or another output. */
static int write_paradata(struct exporter *ex, struct store *s, int64_t form_pk,
			  const char *out_path, const char *codebook_path,
			  const char *paradata_path, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct csvwrite w;
	int rc;

	safe_output_guard_add(&guard, ex->db_path, "the database");
	safe_output_guard_add(&guard, out_path, "the data export (-o)");
	safe_output_guard_add(&guard, codebook_path, "the codebook");
	for (size_t i = 0; ex->files_beside && i < ex->form->n_repeats; i++) {
		char *path = export_repeat_path(out_path, ex->form->questions[ex->form->repeats[i]].name);
		safe_output_guard_add(&guard, path, "a repeat's file of the export");
		free(path);
	}
	rc = csvwrite_open(&w, paradata_path, &guard, 10, err);
	safe_output_guard_release(&guard);
	if (rc)
		return rc;
	if (ex->excel)
		csvwrite_excel(&w);
	if ((rc = paradata_csv_write(&w, s, form_pk, ex->form, err))) {
		csvwrite_discard(&w);
		return rc;
	}
	return csvwrite_close(&w, paradata_path, err);
}

static int derived_options_check(const struct derived_export_options *d, bool derived,
				 bool long_format, struct ky_error *err)
{
	if (!derived && (!isnan(d->pass_mark) || d->weight || d->poststratify || d->n_rake))
		return ky_error_set(err, KY_EUSAGE,
				    "export: '--pass-mark', '--weight', '--poststratify' and '--rake' "
				    "go with '--derived'");
	if (derived && long_format)
		return ky_error_set(err, KY_EUSAGE,
				    "export: '--derived' needs the wide layout or a typed format");
	return KY_OK;
}

/* A form's repeats go to files beside the main one (repeat-files.h): the
 * layouts but the long one need -o FILE (and name those files after it). */
static int repeats_check(const struct exporter *ex, const struct export_options *a,
			 const struct form *form, struct ky_error *err)
{
	if (!form->n_repeats)
		return KY_OK;
	if (!ex->long_format && safe_output_is_stdout(a->output))
		return ky_error_set(err, KY_EUSAGE,
				    "export: form '%s' has repeats, whose answers go to files beside "
				    "the main one (OUT-REPEAT.csv): name it with -o FILE, or use "
				    "--format long", form->form_id);
	return KY_OK;
}

/* Everything after the store is open and the form loaded. */
static int export_form(struct exporter *ex, struct export_options *a, struct store *s,
		       int64_t form_pk, struct form *form, char **attr_names, size_t n_attrs,
		       struct ky_error *err)
{
	struct derived_export dx = { 0 };
	int rc = KY_OK, lang = -1;

	if (a->lang && (lang = form_lang_index(form, a->lang)) < 0)
		return ky_error_set(err, KY_EUSAGE, "export: form '%s' has no language '%s'",
				    form->form_id, a->lang);
	if ((rc = repeats_check(ex, a, form, err)))
		return rc;
	ex->files_beside = !ex->long_format && !ex->xlsx &&
			   !(a->typed && a->typed_format == EXPORT_FORMAT_SQLITE);
	if (a->derived) {
		a->dopt.db = a->db;
		a->dopt.form_id = form->form_id;
		a->dopt.lang = a->lang;
		if ((rc = derived_export_build(&a->dopt, &dx, err)))
			return rc;
		ex->derived = &dx;
		/* the typed formats make every name unique themselves */
		const char *clash = a->typed ? NULL
			: derived_export_clash(&dx, form, attr_names, n_attrs);
		if (clash) {
			rc = ky_error_set(err, KY_EINPUT,
					  "export: form '%s': --derived column '%s' is also a column "
					  "of the responses; export with --format sav, dta or sqlite",
					  form->form_id, clash);
			derived_export_release(&dx);
			return rc;
		}
	}
	if (a->typed) {
		struct export_request req = {
			.format = a->typed_format, .form = form, .store = s, .form_pk = form_pk,
			.db_path = a->db, .out_path = a->output,
			.codebook_path = a->codebook, .attr_names = attr_names,
			.n_attrs = n_attrs, .lang = lang, .coarsen = ex->coarsen,
			.derived = dx.col, .n_derived = dx.n_cols, .derived_rows = dx.n_rows,
		};
		rc = export_format_write(&req, err);
	} else {
		ex->form = form;
		ex->n_attrs = n_attrs;
		ex->db_path = a->db;
		ex->store = s;
		/* checked before the output file is created, so that no half file is left */
		if (ex->long_format || !(rc = check_wide_header(form, attr_names, n_attrs, err)))
			rc = export_all(ex, s, form_pk, attr_names, lang, a->output,
					a->codebook, err);
	}
	derived_export_release(&dx);
	if (!rc && a->paradata) {
		ex->form = form;
		ex->db_path = a->db;
		rc = write_paradata(ex, s, form_pk, a->output, a->codebook,
				    a->paradata, err);
	}
	return rc;
}

int export_file(const struct export_options *req, struct ky_error *err)
{
	struct export_options a = *req;
	struct exporter ex;
	struct store *s = NULL;
	struct form *form = NULL;
	char **attr_names = NULL;
	size_t n_attrs = 0;
	int64_t form_pk;
	int rc;

	memset(&ex, 0, sizeof ex);
	ex.long_format = req->long_format;
	ex.xlsx = req->xlsx;
	ex.excel = req->excel;
	ex.coarsen = req->coarsen;
	if ((rc = derived_options_check(&a.dopt, a.derived, ex.long_format, err)))
		return rc;
	if (!(rc = store_open(a.db, STORE_READONLY, &s, err)) &&
	    !(rc = store_load_form(s, a.form_id, &form_pk, &form, err)) &&
	    !(rc = store_attr_names(s, form_pk, &attr_names, &n_attrs, err)))
		rc = export_form(&ex, &a, s, form_pk, form, attr_names, n_attrs, err);
	while (n_attrs)
		free(attr_names[--n_attrs]);
	free(attr_names);
	form_destroy(form);
	store_close(s);
	return rc;
}
