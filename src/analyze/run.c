/* run.c - one analysis into the files of its folder: results.h reads
 * and computes, this writes estimates.csv, tests.csv, items.csv,
 * comparisons.csv, paired.csv, quality.csv and run.csv, and with --xlsx
 * the workbook. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/compare.h"
#include "analyze/results.h"
#include "analyze/items.h"
#include "analyze/paired.h"
#include "analyze/quality.h"
#include "analyze/run-record.h"
#include "analyze/stream.h"
#include "io/safe-output.h"
#include "io/xlsx-out.h"
#include "util/mem.h"

typedef int (*table_writer)(struct analyze_run *, FILE *, const char *, struct ky_error *);

/* One file of the folder: a result table in memory, or a writer of its own. */
struct out_file {
	const char *name;
	const struct table *table;   /* NULL: writer */
	table_writer writer;
};

void analyze_guard_inputs(struct safe_output_guard *guard, const struct analyze_options *o)
{
	safe_output_guard_add(guard, o->db, "the database");
	safe_output_guard_add(guard, o->poststratify, "a population file");
	for (size_t k = 0; k < o->n_rake; k++)
		safe_output_guard_add(guard, o->rake[k], "a population file");
}

static int fill(struct analyze_run *run, const struct out_file *f, FILE *fp, const char *path,
		struct ky_error *err)
{
	if (f->table)
		return table_write_csv(f->table, fp, path, run->opt->excel, err);
	return f->writer(run, fp, path, err);
}

/* The file as a sheet of the workbook (named as the file). */
static int write_sheet(struct analyze_run *run, struct xlsx_out *book, const struct out_file *f,
		       struct ky_error *err)
{
	char sheet[32];
	FILE *fp;
	int rc;

	snprintf(sheet, sizeof sheet, "%.*s", (int)(strcspn(f->name, ".")), f->name);
	if (!(fp = xlsx_out_sheet(book, sheet, XLSX_RESULTS, run->opt->excel, NULL, 0, err)))
		return KY_EIO;
	if ((rc = fill(run, f, fp, run->opt->xlsx, err))) {
		fclose(fp);
		return rc;
	}
	return xlsx_out_sheet_end(book, fp, err);
}

/* Each file through safe_output: renamed into place only when whole,
 * never over the database; with --xlsx, a sheet of book too. */
static int write_file(struct analyze_run *run, const struct out_file *f, struct xlsx_out *book,
		      struct ky_error *err)
{
	char *path = ky_asprintf("%s/%s", run->opt->out_dir, f->name);
	struct safe_output_guard guard = { 0 };
	struct safe_output out;
	int rc;

	analyze_guard_inputs(&guard, run->opt);
	rc = safe_output_open(&out, path, &guard, err);
	safe_output_guard_release(&guard);
	if (!rc) {
		rc = fill(run, f, out.fp, path, err);
		if (rc)
			safe_output_discard(&out);
		else
			rc = safe_output_commit(&out, err);
	}
	free(path);
	if (!rc && book)
		rc = write_sheet(run, book, f, err);
	return rc;
}

/* The workbook of --xlsx: never an input, the database or a CSV file of DIR. */
static struct xlsx_out *open_workbook(const struct analyze_options *o, struct ky_error *err)
{
	static const char *const tables[] = { "estimates.csv", "tests.csv", "items.csv",
					      "comparisons.csv", "paired.csv", "run.csv", "quality.csv", NULL };
	struct safe_output_guard guard = { 0 };
	struct xlsx_out *book;

	analyze_guard_inputs(&guard, o);
	for (size_t i = 0; tables[i]; i++) {
		char *path = ky_asprintf("%s/%s", o->out_dir, tables[i]);
		safe_output_guard_add(&guard, path, "a table of --out");
		free(path);
	}
	book = xlsx_out_open(o->xlsx, &guard, false, err);
	safe_output_guard_release(&guard);
	return book;
}

static int write_quality(struct analyze_run *run, FILE *fp, const char *path,
			 struct ky_error *err)
{
	return quality_write(run->quality, fp, path, run->opt->excel, err);
}

static int write_tables(struct analyze_run *r, const struct analyze_results *res,
			struct ky_error *err)
{
	const struct analyze_options *o = r->opt;
	const struct out_file files[] = {
		{ "estimates.csv", &res->estimates, NULL },
		{ "tests.csv", &res->tests, NULL },
		{ "items.csv", res->has_items ? &res->items : NULL, NULL },
		{ "comparisons.csv", NULL, res->has_comparisons ? analyze_write_comparisons : NULL },
		{ "paired.csv", NULL, o->paired ? analyze_write_paired : NULL },
		{ "quality.csv", NULL, write_quality },
		{ "run.csv", &res->run_record, NULL },
	};
	struct xlsx_out *book = NULL;
	int rc;

	if ((rc = safe_output_dir(o->out_dir, err)))
		return rc;
	if (o->xlsx && !(book = open_workbook(o, err)))
		return err->code;
	for (size_t i = 0; !rc && i < sizeof files / sizeof *files; i++)
		if (files[i].table || files[i].writer)
			rc = write_file(r, &files[i], book, err);
	if (book && rc)
		xlsx_out_discard(book);
	else if (book)
		rc = xlsx_out_close(book, err);
	return rc;
}

/* Runs the analysis that o describes and writes o->out_dir's files. */
int analyze_write_dir(struct analyze_options *o, struct ky_error *err)
{
	struct analyze_run r = { 0 };
	struct analyze_results res = { 0 };
	struct analyze_design_names dn = { { 0 }, { 0 } };
	int rc;

	o->with_quality = true;   /* quality.csv is one of the files */
	rc = analyze_prepare(&r, o, &dn, err);
	if (!rc)
		rc = analyze_results_compute(&r, &res, err);
	if (!rc)
		rc = write_tables(&r, &res, err);
	analyze_results_release(&res);
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	o->quality = NULL;
	return rc;
}
