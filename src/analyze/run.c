/* run.c - one analysis from its options to the files of its folder:
 * the interval method, the store read, groups and design, then
 * estimates.csv, tests.csv, items.csv, comparisons.csv, paired.csv,
 * quality.csv and run.csv, and with --xlsx the workbook (analyze and report). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analyze/analyze.h"
#include "analyze/compare.h"
#include "analyze/items.h"
#include "analyze/paired.h"
#include "analyze/quality.h"
#include "analyze/run-record.h"
#include "analyze/stream.h"
#include "io/safe-output.h"
#include "io/xlsx-out.h"
#include "util/mem.h"

static int choose_method(struct analyze_run *run, const struct analyze_options *o,
			 struct ky_error *err)
{
	bool design = o->weight || o->strata || o->cluster || o->fpc || o->poststratify || o->n_rake;
	int rc;

	run->method = design ? IM_LOGIT : IM_WILSON;
	if (o->method_name) {
		rc = interval_method_parse(o->method_name, &run->method, err);
		if (rc)
			return ky_error_prefix(err, "analyze: --method");
	}
	/* a design-only method on unweighted data: the design of equal weights */
	if (interval_method_design_only(run->method))
		design = true;
	if (design && run->method != IM_LOGIT && run->method != IM_KORN_GRAUBARD && run->method != IM_WALD)
		return ky_error_set(err, KY_EUSAGE,
				    "analyze: --method %s is for unweighted data; with a design use logit, korn-graubard or wald",
				    o->method_name);
	run->weighted = design;
	return KY_OK;
}

typedef int (*table_writer)(struct analyze_run *, FILE *, const char *, struct ky_error *);

static void guard_inputs(struct safe_output_guard *guard, const struct analyze_options *o)
{
	safe_output_guard_add(guard, o->db, "the database");
	safe_output_guard_add(guard, o->poststratify, "a population file");
	for (size_t k = 0; k < o->n_rake; k++)
		safe_output_guard_add(guard, o->rake[k], "a population file");
}

/* The table of name as a sheet of the workbook (named as the file). */
static int write_sheet(struct analyze_run *run, struct xlsx_out *book, const char *name,
		       table_writer writer, struct ky_error *err)
{
	char sheet[32];
	FILE *fp;
	int rc;

	snprintf(sheet, sizeof sheet, "%.*s", (int)(strcspn(name, ".")), name);
	if (!(fp = xlsx_out_sheet(book, sheet, XLSX_RESULTS, run->opt->excel, NULL, 0, err)))
		return KY_EIO;
	rc = writer(run, fp, run->opt->xlsx, err);
	if (rc) {
		fclose(fp);
		return rc;
	}
	return xlsx_out_sheet_end(book, fp, err);
}

/* The writers fill a file of safe_output: renamed into place only when
 * whole, never over the database; with --xlsx, a sheet of book too. */
static int write_file(struct analyze_run *run, const char *dir, const char *name,
		      table_writer writer, struct xlsx_out *book, struct ky_error *err)
{
	char *path = ky_asprintf("%s/%s", dir, name);
	struct safe_output_guard guard = { 0 };
	struct safe_output out;
	int rc;

	guard_inputs(&guard, run->opt);
	rc = safe_output_open(&out, path, &guard, err);
	safe_output_guard_release(&guard);
	if (!rc) {
		rc = writer(run, out.fp, path, err);
		if (rc)
			safe_output_discard(&out);
		else
			rc = safe_output_commit(&out, err);
	}
	free(path);
	if (!rc && book)
		rc = write_sheet(run, book, name, writer, err);
	return rc;
}

/* The workbook of --xlsx: never an input, the database or a CSV file of DIR. */
static struct xlsx_out *open_workbook(const struct analyze_options *o, struct ky_error *err)
{
	static const char *const tables[] = { "estimates.csv", "tests.csv", "items.csv",
					      "comparisons.csv", "paired.csv", "run.csv", "quality.csv", NULL };
	struct safe_output_guard guard = { 0 };
	struct xlsx_out *book;

	guard_inputs(&guard, o);
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
	return quality_write(run->opt->quality, fp, path, run->opt->excel, err);
}

static int write_tables(struct analyze_run *r, const struct analyze_options *o,
			struct ky_error *err)
{
	struct xlsx_out *book = NULL;
	int rc;

	if ((rc = safe_output_dir(o->out_dir, err)))
		return rc;
	if (o->xlsx && !(book = open_workbook(o, err)))
		return err->code;
	rc = write_file(r, o->out_dir, "estimates.csv", analyze_write_estimates, book, err);
	if (!rc)
		rc = write_file(r, o->out_dir, "tests.csv", analyze_write_tests, book, err);
	if (!rc && analyze_has_items(r))
		rc = write_file(r, o->out_dir, "items.csv", analyze_write_items, book, err);
	if (!rc && o->compare)
		rc = write_file(r, o->out_dir, "comparisons.csv", analyze_write_comparisons, book, err);
	if (!rc && o->paired)
		rc = write_file(r, o->out_dir, "paired.csv", analyze_write_paired, book, err);
	if (!rc)
		rc = write_file(r, o->out_dir, "quality.csv", write_quality, book, err);
	if (!rc)
		rc = write_file(r, o->out_dir, "run.csv", analyze_write_run_record, book, err);
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
	struct compare_result cmp = { 0 };
	/* --by, then --paired's variable and link, then what the design options read */
	const char *extra[ANALYZE_MAX_BY + ANALYZE_DESIGN_NAMES + 2];
	char *paired_var = NULL;
	struct analyze_design_names dn = { { 0 }, { 0 } };
	struct quality *quality = NULL;
	size_t n_extra = 0;
	struct timespec now;
	int rc;

	if ((rc = choose_method(&r, o, err)))
		return rc;
	/* clock_gettime, not time(): time() reads a coarse clock that can
	 * still show the last second when `date` (and the store's
	 * timestamps) already show the next */
	clock_gettime(CLOCK_REALTIME, &now);
	o->started = now.tv_sec;
	for (size_t b = 0; b < o->n_by; b++)
		extra[n_extra++] = o->by[b];
	if (o->paired) {
		paired_var = ky_strndup(o->paired, strcspn(o->paired, "="));
		extra[n_extra++] = paired_var;
		extra[n_extra++] = o->link;
	}
	if ((rc = analyze_design_names(o, extra, &n_extra, &dn, err)))
		goto out;
	/* first: --exclude-flagged needs the flags while the responses are read */
	if (!(quality = quality_compute(o->db, o->form_id, err))) {
		rc = err->code;
		goto out;
	}
	o->quality = quality;
	if ((rc = analyze_load(&r, o, extra, n_extra, err)))
		goto out;
	if (r.n == 0) {
		rc = ky_error_set(err, KY_EINPUT, "analyze: no respondents to analyse in '%s'", o->db);
		goto out;
	}
	rc = analyze_setup_groups(&r, err);
	if (!rc && r.weighted)
		rc = analyze_setup_design(&r, err);
	if (rc)
		goto out;
	if (r.stream)
		stream_finish(r.stream, &r);
	if (o->compare) {
		if ((rc = analyze_compare(&r, &cmp, err)))
			goto out;
		r.comparisons = &cmp;
	}
	rc = write_tables(&r, o, err);
out:
	compare_result_release(&cmp);
	free(paired_var);
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	quality_destroy(quality);
	o->quality = NULL;
	return rc;
}
