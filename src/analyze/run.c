/* run.c - one analysis from its options to the files of its folder:
 * the interval method, the store read, groups and design, then
 * estimates.csv, tests.csv, items.csv and run.csv (analyze and report). */
#include "config.h"
#include <stdlib.h>
#include <time.h>
#include "analyze/analyze.h"
#include "analyze/items.h"
#include "analyze/run-record.h"
#include "analyze/stream.h"
#include "io/safe-output.h"
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

/* The writers fill a file of safe_output: renamed into place only when
 * whole, never over the database. */
static int write_file(struct analyze_run *run, const char *dir, const char *name,
		      int (*writer)(struct analyze_run *, FILE *, const char *, struct ky_error *),
		      struct ky_error *err)
{
	char *path = ky_asprintf("%s/%s", dir, name);
	struct safe_output_guard guard = { 0 };
	struct safe_output out;
	int rc;

	safe_output_guard_add(&guard, run->opt->db, "the database");
	safe_output_guard_add(&guard, run->opt->poststratify, "a population file");
	for (size_t k = 0; k < run->opt->n_rake; k++)
		safe_output_guard_add(&guard, run->opt->rake[k], "a population file");
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
	return rc;
}

static int write_files(struct analyze_run *r, const char *dir, struct ky_error *err)
{
	int rc;

	if ((rc = safe_output_dir(dir, err)))
		return rc;
	rc = write_file(r, dir, "estimates.csv", analyze_write_estimates, err);
	if (!rc)
		rc = write_file(r, dir, "tests.csv", analyze_write_tests, err);
	if (!rc && analyze_has_items(r))
		rc = write_file(r, dir, "items.csv", analyze_write_items, err);
	if (!rc)
		rc = write_file(r, dir, "run.csv", analyze_write_run_record, err);
	return rc;
}

/* Runs the analysis that o describes and writes o->out_dir's files. */
int analyze_write_dir(struct analyze_options *o, struct ky_error *err)
{
	struct analyze_run r = { 0 };
	/* --by, then what the design options read */
	const char *extra[ANALYZE_MAX_BY + ANALYZE_DESIGN_NAMES];
	struct analyze_design_names dn = { { 0 }, { 0 } };
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
	if ((rc = analyze_design_names(o, extra, &n_extra, &dn, err)))
		goto out;
	rc = analyze_load(&r, o, extra, n_extra, err);
	if (rc)
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
	rc = write_files(&r, o->out_dir, err);
out:
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	return rc;
}
