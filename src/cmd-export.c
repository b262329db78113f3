/* cmd-export.c - `kysely export`: responses back out as CSV.
 *
 * Wide (interfaces.md section 3): respondent, status, started, completed,
 * lang, the questions by response column in form order, then the
 * respondent attributes sorted by name. Long: respondent, question, value,
 * one row per non-empty answer in form order (the metadata and the
 * attributes are in the wide layout only, so that `question` always names
 * a question). Values are written as stored, so exporting, importing into
 * a new database and exporting again gives the same bytes. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command.h"
#include "form/form.h"
#include "io/coarsen.h"
#include "io/codebook.h"
#include "io/csvwrite.h"
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
	enum coarsen_times coarsen;
	const char *db_path;
	struct ky_error *err;
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

static int export_all(struct exporter *ex, struct store *s, int64_t form_pk,
		      char *const *attr_names, int lang, const char *out_path,
		      const char *codebook_path, struct ky_error *err)
{
	struct csvwrite codebook = { 0 };
	int rc;

	if ((rc = open_outputs(ex, &codebook, ex->db_path, out_path, codebook_path, err)))
		return rc;
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

struct export_args {
	const char *db, *form_id, *output, *codebook, *lang;
	bool long_format;
	enum coarsen_times coarsen;
};

static int set_format(void *base, const char *value, struct ky_error *err)
{
	struct export_args *a = base;
	if (strcmp(value, "long") && strcmp(value, "wide"))
		return ky_error_set(err, KY_EUSAGE, "export: '--format' takes wide or long, not '%s'",
				    value);
	a->long_format = !strcmp(value, "long");
	return KY_OK;
}

static int set_coarsen(void *base, const char *value, struct ky_error *err)
{
	if (!coarsen_parse(value, &((struct export_args *)base)->coarsen))
		return ky_error_set(err, KY_EUSAGE,
				    "export: '--coarsen-times' takes day, hour or none, not '%s'", value);
	return KY_OK;
}

#define EA struct export_args
static const struct cmdline_option export_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", EA, db, "DB", "the database"),
	CMDLINE_OPT_STRING(0, "form", EA, form_id, "ID",
			   "the form_id to export, when DB holds more than one form"),
	CMDLINE_OPT_CALL(0, "format", set_format, "wide|long",
			 "wide (the default): one row per respondent: respondent,\n"
			 "status, started, completed, lang, the questions in form\n"
			 "order, then the respondent attributes sorted by name (the\n"
			 "layout `kysely import` reads back); long: respondent,\n"
			 "question, value, one row per non-empty answer"),
	CMDLINE_OPT_STRING('o', "output", EA, output, "FILE",
			   "where to write (created 0600; default standard output);\n"
			   "never the database or the codebook"),
	CMDLINE_OPT_STRING(0, "codebook", EA, codebook, "FILE",
			   "also write the data dictionary: one row per variable and\n"
			   "choice, with labels, choice values, scores, scales, domains\n"
			   "and training-need pairs"),
	CMDLINE_OPT_STRING(0, "lang", EA, lang, "CODE",
			   "codebook labels in this language only (default: a column\n"
			   "per language, label::CODE)"),
	CMDLINE_OPT_CALL(0, "coarsen-times", set_coarsen, "day|hour|none",
			 "cut every timestamp (started, completed, the start and end\n"
			 "metadata, datetime answers) to its day (YYYY-MM-DD) or hour\n"
			 "(YYYY-MM-DDTHH:00:00 and the zone), so that a shared file\n"
			 "cannot tie an answer to the minute (default none)"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const export_tables[] = { export_options, NULL };

/* *help when the usage was asked for (and printed). */
static int parse_args(int argc, char **argv, struct export_args *a, bool *help,
		      struct ky_error *err)
{
	void *const bases[] = { a };
	struct cmdline cl;
	int rc;

	memset(a, 0, sizeof *a);
	a->output = "-";
	rc = command_parse(&cmd_export, bases, &cl, argc, argv, err);
	*help = cl.help;
	if (!rc && !cl.help && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "export: unexpected argument '%s'", cl.args[0]);
	cmdline_release(&cl);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct export_args a;
	const char *db_path, *form_id, *out_path, *codebook_path, *lang_code;
	struct exporter ex;
	struct store *s = NULL;
	struct form *form = NULL;
	char **attr_names = NULL;
	size_t n_attrs = 0;
	int64_t form_pk;
	bool help;
	int rc, lang = -1;

	if ((rc = parse_args(argc, argv, &a, &help, err)) || help)
		return rc;
	memset(&ex, 0, sizeof ex);
	ex.long_format = a.long_format;
	ex.coarsen = a.coarsen;
	db_path = a.db;
	form_id = a.form_id;
	out_path = a.output;
	codebook_path = a.codebook;
	lang_code = a.lang;
	if ((rc = store_open(db_path, STORE_READONLY, &s, err)) ||
	    (rc = store_load_form(s, form_id, &form_pk, &form, err)) ||
	    (rc = store_attr_names(s, form_pk, &attr_names, &n_attrs, err)))
		goto out;
	if (lang_code && (lang = form_lang_index(form, lang_code)) < 0) {
		rc = ky_error_set(err, KY_EUSAGE, "export: form '%s' has no language '%s'",
				  form->form_id, lang_code);
		goto out;
	}
	ex.form = form;
	ex.n_attrs = n_attrs;
	ex.db_path = db_path;
	/* checked before the output file is created, so that no half file is left */
	if (!ex.long_format && (rc = check_wide_header(form, attr_names, n_attrs, err)))
		goto out;
	rc = export_all(&ex, s, form_pk, attr_names, lang, out_path, codebook_path, err);
out:
	while (n_attrs)
		free(attr_names[--n_attrs]);
	free(attr_names);
	form_destroy(form);
	store_close(s);
	return rc;
}

const struct command cmd_export = {
	.name = "export",
	.summary = "write stored responses as CSV, with a codebook",
	.usage =
	"usage: kysely export --db DB [--form ID] [--format wide|long] [-o FILE]\n"
	"                     [--codebook FILE] [--lang CODE] [--coarsen-times day|hour|none]\n"
	"\n"
	"Writes the responses of a form (the only one in DB unless --form names it).\n",
	.options = export_tables,
	.notes =
	"Text cells that a spreadsheet would run as a formula get a leading apostrophe,\n"
	"which `kysely import` removes again.\n"
	"\n"
	"Example: kysely export --db survey.db -o responses.csv --codebook codebook.csv\n",
	.run = run,
};
