/* results.c - the analysis from options to a result set (results.h). */
#include "config.h"
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "analyze/items.h"
#include "analyze/paired.h"
#include "analyze/quality.h"
#include "analyze/repeats.h"
#include "analyze/results.h"
#include "analyze/run-record.h"
#include "analyze/stream.h"
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
			return ky_error_prefix(err, "%s: --method", analyze_command(o));
	}
	/* a design-only method on unweighted data: the design of equal weights */
	if (interval_method_design_only(run->method))
		design = true;
	if (design && run->method != IM_LOGIT && run->method != IM_KORN_GRAUBARD && run->method != IM_WALD)
		return ky_error_set(err, KY_EUSAGE,
				    "%s: --method %s is for unweighted data; with a design use logit, korn-graubard or wald",
				    analyze_command(o), o->method_name);
	run->weighted = design;
	return KY_OK;
}

/* --exclude-flagged: the quality flags, owned by the run, before the
 * responses are read. */
static int prepare_quality(struct analyze_run *run, struct analyze_options *opt,
			   struct ky_error *err)
{
	if (!opt->exclude_flagged)
		return KY_OK;   /* none, or analyze_load computes them on its way */
	if (!(run->quality = quality_compute(opt->db, opt->form_id, err)))
		return err->code;
	opt->quality = run->quality;
	return KY_OK;
}

int analyze_prepare(struct analyze_run *run, struct analyze_options *opt,
		    struct analyze_design_names *dn, struct ky_error *err)
{
	/* --by, then --paired's variable and link, then what the design options read */
	const char *extra[ANALYZE_MAX_BY + 2 + ANALYZE_DESIGN_NAMES];
	size_t n_extra = 0;
	struct timespec now;
	int rc;

	if ((rc = choose_method(run, opt, err)))
		return rc;
	/* clock_gettime, not time(): time() reads a coarse clock that can
	 * still show the last second when `date` (and the store's
	 * timestamps) already show the next */
	clock_gettime(CLOCK_REALTIME, &now);
	opt->started = now.tv_sec;
	for (size_t b = 0; b < opt->n_by; b++)
		extra[n_extra++] = opt->by[b];
	if (opt->paired) {
		run->paired_var = ky_strndup(opt->paired, strcspn(opt->paired, "="));
		extra[n_extra++] = run->paired_var;
		extra[n_extra++] = opt->link;
	}
	if ((rc = analyze_design_names(opt, extra, &n_extra, dn, err)) ||
	    (rc = prepare_quality(run, opt, err)) ||
	    (rc = analyze_load(run, opt, extra, n_extra, err)))
		return rc;
	if (run->n == 0)
		return ky_error_set(err, KY_EINPUT, "%s: no respondents to analyse in '%s'",
				    analyze_command(opt), opt->db);
	rc = analyze_setup_groups(run, err);
	if (!rc && run->weighted)
		rc = analyze_setup_design(run, err);
	if (!rc && run->stream)
		stream_finish(run->stream, run);
	if (!rc)
		rc = analyze_repeats_prepare(run, extra, n_extra, err);
	return rc;
}

/* items.csv on a thread of its own beside estimates.csv and tests.csv:
 * a copy of the run, with its own design workspace and its own switch
 * between the whole sample and the groups, reading what they only read.
 * The same computation whatever the thread, so the same bytes. */
struct items_job {
	struct analyze_run run;
	struct table *out;
	struct ky_error err;
	int rc;
	pthread_t thread;
};

static void *items_main(void *arg)
{
	struct items_job *job = arg;

	job->rc = analyze_items_table(&job->run, job->out, &job->err);
	return NULL;
}

static bool items_start(struct analyze_run *run, struct table *out, struct items_job *job)
{
	if (analyze_thread_count(run->opt) < 2)
		return false;
	job->run = *run;
	job->run.work = run->design ? design_work_create(run->design) : NULL;
	job->out = out;
	job->err = (struct ky_error){ 0 };
	if (!pthread_create(&job->thread, NULL, items_main, job))
		return true;
	design_work_destroy(job->run.work);
	return false;
}

static int items_finish(struct items_job *job, int rc, struct ky_error *err)
{
	pthread_join(job->thread, NULL);
	design_work_destroy(job->run.work);
	if (!rc && job->rc)
		*err = job->err;
	return rc ? rc : job->rc;
}

int analyze_results_compute(struct analyze_run *run, struct analyze_results *res,
			    struct ky_error *err)
{
	struct items_job job;
	bool apart;
	int rc;

	if (run->opt->compare) {
		if ((rc = analyze_compare(run, &res->comparisons, err)))
			return rc;
		res->has_comparisons = true;
		run->comparisons = &res->comparisons;
	}
	res->has_items = analyze_has_items(run);
	apart = res->has_items && items_start(run, &res->items, &job);
	rc = analyze_estimates_table(run, &res->estimates, err);
	if (!rc)
		rc = analyze_tests_table(run, &res->tests, err);
	if (apart)
		rc = items_finish(&job, rc, err);
	else if (!rc && res->has_items)
		rc = analyze_items_table(run, &res->items, err);
	if (!rc)
		rc = analyze_run_record_table(run, &res->run_record, err);
	return rc;
}

int analyze_results_change(struct analyze_run *run, struct analyze_results *res,
			   struct ky_error *err)
{
	int rc = KY_OK;
	if (res->has_comparisons)
		rc = analyze_comparisons_table(run, &res->compare_table, err);
	if (!rc && run->opt->paired) {
		rc = analyze_paired_table(run, &res->paired, err);
		res->has_paired = !rc;
	}
	return rc;
}

void analyze_results_release(struct analyze_results *res)
{
	table_release(&res->compare_table);
	table_release(&res->paired);
	table_release(&res->estimates);
	table_release(&res->tests);
	table_release(&res->items);
	table_release(&res->run_record);
	compare_result_release(&res->comparisons);
}
