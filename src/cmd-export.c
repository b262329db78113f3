/* cmd-export.c - `kysely export`: responses back out as CSV (the typed
 * formats sav, dta and sqlite are io/export-format.h's; --derived's
 * columns analyze/derived-export.h's).
 *
 * Wide (interfaces.md section 3): respondent, status, started, completed,
 * lang, the questions by response column in form order, then the
 * respondent attributes sorted by name. Long: respondent, question, value,
 * one row per non-empty answer in form order (the metadata and the
 * attributes are in the wide layout only, so that `question` always names
 * a question). Values are written as stored, so exporting, importing into
 * a new database and exporting again gives the same bytes. */
#include "config.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command.h"
#include "analyze/derived-export.h"
#include "form/form.h"
#include "io/coarsen.h"
#include "io/codebook.h"
#include "io/csvwrite.h"
#include "io/export-format.h"
#include "io/paradata-csv.h"
#include "io/xlsx-out.h"
#include "store/record.h"
#include "store/store.h"
#include "util/cmdline.h"
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
};

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
	for (i = 0; i < f->n_slots; i++, k++)
		cols[k] = (struct header_column){ f->questions[f->slot_question[i]].column, k,
						  &f->questions[f->slot_question[i]], false };
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
		csvwrite_text(&ex->out, f->questions[f->slot_question[i]].column);
	for (i = 0; i < ex->n_attrs; i++)
		csvwrite_text(&ex->out, attr_names[i]);
	if (ex->derived)
		derived_export_csv_header(ex->derived, &ex->out);
	csvwrite_end_row(&ex->out);
}

/* The values that say when something happened: the start and end
 * metadata and datetime answers (a date is a day already; a time of day
 * alone tells no date). */
static bool is_stamp(const struct form_question *q)
{
	return q->type == FQ_START || q->type == FQ_END || q->type == FQ_DATETIME;
}

static void write_time(struct exporter *ex, const char *text, size_t len)
{
	char buf[COARSEN_OUT_SIZE];
	size_t n = text ? coarsen_time(text, len, ex->coarsen, buf, sizeof buf) : 0;
	if (n)
		csvwrite_textn(&ex->out, buf, n);
	else
		csvwrite_textn(&ex->out, text, len);
}

static void write_slot(struct exporter *ex, size_t slot)
{
	const struct record_view *v = &ex->views[slot];
	if (v->ptr && is_stamp(&ex->form->questions[ex->form->slot_question[slot]]))
		write_time(ex, v->ptr, v->len);
	else
		csvwrite_textn(&ex->out, v->ptr, v->len);
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
			if (!ex->views[i].ptr)
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

/* Columns of the wide layout that hold numbers: numeric questions. */
static bool *numeric_columns(const struct form *f, size_t n_attrs, size_t *n)
{
	bool *numeric = ky_calloc(FORM_N_RESPONSE_COLUMNS + f->n_slots + n_attrs + 1,
				  sizeof *numeric);

	for (size_t i = 0; i < f->n_slots; i++) {
		enum form_qtype t = f->questions[f->slot_question[i]].type;
		numeric[FORM_N_RESPONSE_COLUMNS + i] = t == FQ_INTEGER || t == FQ_DECIMAL ||
						       t == FQ_RANGE;
	}
	*n = FORM_N_RESPONSE_COLUMNS + f->n_slots + n_attrs;
	return numeric;
}

/* One sheet fed by kysely's own CSV writer (xlsx-out.h). */
static int workbook_sheets(struct exporter *ex, struct xlsx_out *book, struct store *s,
			   int64_t form_pk, char *const *attr_names, int lang, struct ky_error *err)
{
	size_t n;
	bool *numeric = numeric_columns(ex->form, ex->n_attrs, &n);
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
	if (ex->excel) {
		csvwrite_excel(&ex->out);
		if (codebook_path)
			csvwrite_excel(&codebook);
	}
	rc = export_responses(ex, s, form_pk, attr_names, err);
	if (!rc && codebook_path)
		codebook_write(&codebook, ex->form, lang, (const char *const *)attr_names,
			       ex->n_attrs);
	if (rc) {
		csvwrite_discard(&ex->out);
		csvwrite_discard(&codebook);
		return rc;
	}
	if ((rc = csvwrite_close(&ex->out, out_path, err))) {
		csvwrite_discard(&codebook);
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

/* --derived and the options that shape it (derived-export.h). */
static int derived_option(int opt, struct derived_export_options *d, bool *derived,
			  struct ky_error *err)
{
	switch (opt) {
	case 'D': *derived = true; break;
	case 'P': return cmdline_double(err, "export", "--pass-mark", optarg, 0, 100, &d->pass_mark);
	case 'W': d->weight = optarg; break;
	case 'S': d->poststratify = optarg; break;
	default:
		if (d->n_rake == ANALYZE_MAX_BY)
			return ky_error_set(err, KY_EUSAGE, "export: at most %d --rake", ANALYZE_MAX_BY);
		d->rake[d->n_rake++] = optarg;
	}
	return KY_OK;
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

/* The command line, parsed. */
struct export_args {
	const char *db_path, *form_id, *out_path, *codebook_path, *lang_code;
	const char *paradata_path;
	bool typed, derived;
	enum export_format typed_format;
	struct derived_export_options dopt;
};

/* Everything after the store is open and the form loaded. */
static int export_form(struct exporter *ex, struct export_args *a, struct store *s,
		       int64_t form_pk, struct form *form, char **attr_names, size_t n_attrs,
		       struct ky_error *err)
{
	struct derived_export dx = { 0 };
	int rc = KY_OK, lang = -1;

	if (a->lang_code && (lang = form_lang_index(form, a->lang_code)) < 0)
		return ky_error_set(err, KY_EUSAGE, "export: form '%s' has no language '%s'",
				    form->form_id, a->lang_code);
	if (a->derived) {
		a->dopt.db = a->db_path;
		a->dopt.form_id = form->form_id;
		a->dopt.lang = a->lang_code;
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
			.db_path = a->db_path, .out_path = a->out_path,
			.codebook_path = a->codebook_path, .attr_names = attr_names,
			.n_attrs = n_attrs, .lang = lang, .coarsen = ex->coarsen,
			.derived = dx.col, .n_derived = dx.n_cols, .derived_rows = dx.n_rows,
		};
		rc = export_format_write(&req, err);
	} else {
		ex->form = form;
		ex->n_attrs = n_attrs;
		ex->db_path = a->db_path;
		/* checked before the output file is created, so that no half file is left */
		if (ex->long_format || !(rc = check_wide_header(form, attr_names, n_attrs, err)))
			rc = export_all(ex, s, form_pk, attr_names, lang, a->out_path,
					a->codebook_path, err);
	}
	derived_export_release(&dx);
	if (!rc && a->paradata_path) {
		ex->form = form;
		ex->db_path = a->db_path;
		rc = write_paradata(ex, s, form_pk, a->out_path, a->codebook_path,
				    a->paradata_path, err);
	}
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "form", required_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "coarsen-times", required_argument, NULL, 'T' },
		{ "derived", no_argument, NULL, 'D' },
		{ "pass-mark", required_argument, NULL, 'P' },
		{ "weight", required_argument, NULL, 'W' },
		{ "poststratify", required_argument, NULL, 'S' },
		{ "rake", required_argument, NULL, 'R' },
		{ "excel", no_argument, NULL, 'E' },
		{ "paradata", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct export_args a = { .out_path = "-", .dopt = { .pass_mark = NAN } };
	struct exporter ex;
	struct store *s = NULL;
	struct form *form = NULL;
	char **attr_names = NULL;
	size_t n_attrs = 0;
	int64_t form_pk;
	int opt, rc;

	memset(&ex, 0, sizeof ex);
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (opt) {
		case 'd': a.db_path = optarg; break;
		case 'f': a.form_id = optarg; break;
		case 'o': a.out_path = optarg; break;
		case 'c': a.codebook_path = optarg; break;
		case 'l': a.lang_code = optarg; break;
		case 'E': ex.excel = true; break;
		case 'A': a.paradata_path = optarg; break;
		case 'T':
			if (!coarsen_parse(optarg, &ex.coarsen))
				return ky_error_set(err, KY_EUSAGE,
						    "export: '--coarsen-times' takes day, hour or none, not '%s'",
						    optarg);
			break;
		case 'F':
			if (!strcmp(optarg, "long"))
				ex.long_format = true;
			else if (!strcmp(optarg, "xlsx"))
				ex.xlsx = true;
			else if (export_format_parse(optarg, &a.typed_format))
				a.typed = true;
			else if (strcmp(optarg, "wide"))
				return ky_error_set(err, KY_EUSAGE,
						    "export: '--format' takes wide, long, xlsx, sav, dta or sqlite, not '%s'",
						    optarg);
			break;
		case 'D': case 'P': case 'W': case 'S': case 'R':
			if ((rc = derived_option(opt, &a.dopt, &a.derived, err)))
				return rc;
			break;
		case 'h':
			command_print_usage(&cmd_export);
			return KY_OK;
		default:
			return cmdline_bad_option(err, "export", argc, argv, opt);
		}
	}
	if (optind < argc)
		return ky_error_set(err, KY_EUSAGE, "export: unexpected argument '%s'", argv[optind]);
	if (!a.db_path)
		return ky_error_set(err, KY_EUSAGE, "export: '--db DB' is required");
	if ((rc = derived_options_check(&a.dopt, a.derived, ex.long_format, err)))
		return rc;

	if (!(rc = store_open(a.db_path, STORE_READONLY, &s, err)) &&
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

const struct command cmd_export = {
	.name = "export",
	.summary = "write stored responses as CSV, Excel, SPSS, Stata or SQLite, with a codebook",
	.usage =
	"usage: kysely export --db DB [--form ID] [--format wide|long|xlsx|sav|dta|sqlite]\n"
	"                     [-o FILE] [--codebook FILE] [--lang CODE]\n"
	"                     [--coarsen-times day|hour|none] [--excel] [--paradata FILE]\n"
	"                     [--derived [--pass-mark P] [--weight COL] [--poststratify FILE]\n"
	"                      [--rake FILE]...]\n"
	"\n"
	"Writes the responses of a form (the only one in DB unless --form names it).\n"
	"  --format wide   one row per respondent: respondent, status, started,\n"
	"                  completed, lang, the questions in form order, then the\n"
	"                  respondent attributes sorted by name (the default; the\n"
	"                  layout `kysely import` reads back)\n"
	"  --format long   respondent, question, value: one row per non-empty answer\n"
	"  --format xlsx   an Excel workbook (needs -o FILE): sheet 'responses' in\n"
	"                  the wide layout, header frozen, numeric answers as\n"
	"                  numbers; sheet 'labels' with the codebook\n"
	"  --format sav    SPSS: variable and value labels, select_one as coded numbers,\n"
	"                  select_multiple as one 0/1 variable per option, no answer as\n"
	"                  system missing, measurement levels; names made legal\n"
	"  --format dta    Stata 118 (UTF-8), the same variables; texts up to 2045 bytes\n"
	"  --format sqlite a plain database (needs -o): one typed table named after the\n"
	"                  form, and the tables variables, variable_labels, choices and\n"
	"                  choice_labels\n"
	"  -o, --output FILE  where to write (created 0600; default standard output);\n"
	"                  never the database or the codebook\n"
	"  --codebook FILE    also write the data dictionary: one row per variable and\n"
	"                  choice, with labels, choice values, scores, scales, domains\n"
	"                  and training-need pairs\n"
	"                  (with sav, dta, sqlite: also name_in_file and code_in_file)\n"
	"  --lang CODE     codebook labels in this language only (default: a column\n"
	"                  per language, label::CODE); sav and dta labels in it\n"
	"                  (default: the form's default language)\n"
	"  --coarsen-times day|hour|none\n"
	"                  cut every timestamp (started, completed, the start and end\n"
	"                  metadata, datetime answers) to its day (YYYY-MM-DD) or hour\n"
	"                  (YYYY-MM-DDTHH:00:00 and the zone), so that a shared file\n"
	"                  cannot tie an answer to the minute (default none)\n"
	"  --paradata FILE also write the paradata collect recorded: respondent,\n"
	"                  question, first_answered, last_answered, changes, visits,\n"
	"                  seconds, back (visits reached by stepping back)\n"
	"  --excel         CSV for Excel in Finnish or Swedish, opened by double-click:\n"
	"                  byte-order mark, ';' between cells, decimal comma in\n"
	"                  numbers (not for `kysely import`)\n"
	"  --derived       add per respondent: score, score_pct, score:DOMAIN,\n"
	"                  score_pct:DOMAIN, outcome:ITEM (correct, incorrect,\n"
	"                  dont_know, missing), pass, scale:NAME and weight_final, as\n"
	"                  kysely analyze computes them (wide, sav, dta, sqlite)\n"
	"  --pass-mark P   with --derived: pass = score_pct >= P (0-100)\n"
	"  --weight COL, --poststratify FILE, --rake FILE\n"
	"                  with --derived: weight_final, the weight after calibration,\n"
	"                  as in kysely analyze\n"
	"\n"
	"Text cells that a spreadsheet would run as a formula get a leading apostrophe,\n"
	"which `kysely import` removes again.\n"
	"\n"
	"Examples: kysely export --db survey.db -o responses.csv --codebook codebook.csv\n"
	"          kysely export --db survey.db --format sav -o survey.sav --derived\n",
	.run = run,
};
