/* cmd-report.c - `kysely report`: the analysis as one self-contained HTML page.
 *
 * Runs the analysis of `kysely analyze` (the same option rows,
 * analyze/options.c) into a private temporary folder, reads back its estimates.csv and tests.csv, and draws the page
 * from them (report/report.c), so that the report shows exactly the
 * numbers of the CSV and adds none of its own. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyze/analyze.h"
#include "analyze/options.h"
#include "command.h"
#include "io/safe-output.h"
#include "report/report.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/mem.h"

struct report_args {
	const char *db, *output;
	struct report_options opt;
	struct analyze_options analysis;   /* passed on to analyze, but --db and --out */
	char min_cell[24];
};

/* the published rule of statistics.md, "Disclosure control" */
#define REPORT_DEFAULT_MIN_CELL 5

#define RA struct report_args
static const struct cmdline_option report_options[] = {
	CMDLINE_OPT_REQUIRED('d', "db", RA, db, "DB", "the database"),
	CMDLINE_OPT_REQUIRED('o', "output", RA, output, "FILE",
			     "the HTML file to write, 0600 ('-' for standard output)"),
	CMDLINE_OPT_STRING(0, "charts", RA, opt.charts_dir, "DIR",
			   "also write every chart as DIR/NN-NAME.svg (0600), for slides"),
	CMDLINE_OPT_END
};

/* --lang is analyze's: the language of labels and of the report's own words */
static const struct cmdline_option *const report_tables[] = {
	report_options, analyze_table_options, analyze_design_options,
	analyze_common_options, NULL
};

/* What the page says about the analysis, from the options analyze is given. */
static void describe_analysis(struct report_args *a)
{
	const struct analyze_options *o = &a->analysis;

	a->opt.lang = o->lang ? o->lang : "en";
	a->opt.weight = o->weight;
	a->opt.strata = o->strata;
	a->opt.cluster = o->cluster;
	a->opt.poststratify = o->poststratify;
	a->opt.rake = o->rake;
	a->opt.n_rake = o->n_rake;
	snprintf(a->min_cell, sizeof a->min_cell, "%ld", o->min_cell);
	a->opt.min_cell = a->min_cell;
}

/* Returns -1 when the usage was asked for (and printed). */
static int parse_args(int argc, char **argv, struct report_args *a, struct ky_error *err)
{
	void *const bases[] = { a, &a->analysis, &a->analysis, &a->analysis };
	struct cmdline cl;
	int rc;

	analyze_options_init(&a->analysis);
	rc = command_parse(&cmd_report, bases, &cl, argc, argv, err);
	if (!rc && cl.help)
		rc = -1;
	if (!rc && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "report: unexpected argument '%s'", cl.args[0]);
	/* a report is read by policy teams: the published rule unless the
	 * user chose another (--min-cell 0 shows every cell) */
	if (!rc && !cmdline_given(&cl, "min-cell"))
		a->analysis.min_cell = REPORT_DEFAULT_MIN_CELL;
	if (!rc)
		rc = analyze_options_check(&a->analysis, &cl, "report", err);
	cmdline_release(&cl);
	if (!rc)
		describe_analysis(a);
	return rc;
}

struct study_scan {
	struct report_study *st;
};

static void keep_extreme(char *dst, size_t len, const char *ts, int want_max)
{
	int cmp;
	if (!ts || !*ts)
		return;
	cmp = *dst ? strncmp(ts, dst, 10) : (want_max ? 1 : -1);
	if ((want_max && cmp > 0) || (!want_max && cmp < 0))
		snprintf(dst, len, "%.10s", ts);
}

static int count_response(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct report_study *st = ((struct study_scan *)ctx)->st;
	(void)attrs;
	st->respondents++;
	if (r->status && !strcmp(r->status, "complete"))
		st->complete++;
	else
		st->partial++;
	keep_extreme(st->first, sizeof st->first, r->started, 0);
	keep_extreme(st->last, sizeof st->last, r->completed && *r->completed ? r->completed : r->started, 1);
	return 0;
}

static int read_study(const struct report_args *a, struct report_study *st, struct form **form,
		      struct ky_error *err)
{
	struct store *s;
	struct study_scan scan = {st};
	int64_t form_pk;
	int rc;
	if ((rc = store_open(a->db, STORE_READONLY, &s, err)) != KY_OK)
		return rc;
	rc = store_load_form(s, a->analysis.form_id, &form_pk, form, err);
	if (rc == KY_OK)
		rc = store_scan(s, form_pk, NULL, 0, count_response, &scan, err);
	store_close(s);
	if (rc == KY_OK) {
		st->form_id = (*form)->form_id;
		st->title = (*form)->title;
		st->version = (*form)->version;
		st->form = *form;
	}
	return rc;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char *p = ky_asprintf("%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	closedir(d);
	rmdir(dir);
}

/* The page and the charts are 0600 like every other output: with the
 * default --min-cell 0 they show groups of one respondent. */
static int write_page(const struct report_args *a, const struct report_study *st,
		      const struct table *est, const struct table *tests, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct report_options opt = a->opt;
	struct safe_output out;
	int rc;

	if (a->opt.charts_dir && (rc = safe_output_dir(a->opt.charts_dir, err)))
		return ky_error_prefix(err, "report");
	safe_output_guard_add(&guard, a->db, "the database");
	opt.guard = &guard;
	rc = safe_output_open(&out, a->output, &guard, err);
	if (rc) {
		ky_error_prefix(err, "report");
	} else if ((rc = report_write(out.fp, st, est, tests, &opt, err))) {
		safe_output_discard(&out);
	} else if ((rc = safe_output_commit(&out, err))) {
		ky_error_prefix(err, "report");
	}
	safe_output_guard_release(&guard);
	return rc;
}

static int analyze_into(struct report_args *a, const char *dir, struct ky_error *err)
{
	int rc;
	a->analysis.db = a->db;
	a->analysis.out_dir = dir;
	rc = analyze_write_dir(&a->analysis, err);
	if (rc != KY_OK && !strncmp(err->msg, "analyze: ", 9)) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "report: %s", err->msg + 9);   /* the user typed `report` */
		memcpy(err->msg, msg, sizeof msg);
	}
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct report_args a = {0};
	struct report_study st = {0};
	struct table est = {0}, tests = {0};
	struct form *form = NULL;
	char tmpl[4096], *path;
	const char *tmpdir = getenv("TMPDIR");
	int rc = parse_args(argc, argv, &a, err);
	if (rc < 0)
		return KY_OK;
	if (rc == KY_OK)
		rc = read_study(&a, &st, &form, err);
	snprintf(tmpl, sizeof tmpl, "%s/kysely-report-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (rc == KY_OK && !mkdtemp(tmpl))
		rc = ky_error_set(err, KY_EIO, "report: %s: %s", tmpl, strerror(errno));
	if (rc == KY_OK) {
		rc = analyze_into(&a, tmpl, err);
		if (rc == KY_OK) {
			path = ky_asprintf("%s/estimates.csv", tmpl);
			rc = table_read(&est, path, 0, err);
			free(path);
		}
		if (rc == KY_OK) {
			path = ky_asprintf("%s/tests.csv", tmpl);
			rc = table_read(&tests, path, 1, err);
			free(path);
		}
		if (rc == KY_OK)
			rc = write_page(&a, &st, &est, &tests, err);
		remove_tree(tmpl);
	}
	table_release(&est);
	table_release(&tests);
	if (form)
		form_destroy(form);
	return rc;
}

const struct command cmd_report = {
	.name = "report",
	.summary = "write the analysis as one self-contained HTML page with charts",
	.usage =
	"usage: kysely report --db DB -o REPORT.html [--charts DIR] [analysis options]\n"
	"\n"
	"Runs the same analysis as 'kysely analyze' and writes it as one HTML page\n"
	"(no scripts, no network; inline SVG charts; prints on A4): the study, the\n"
	"knowledge score, every question's shares with intervals overall and by\n"
	"group, training needs ranked, scales with Cronbach's alpha, tests with\n"
	"adjusted p-values, suppressed cells marked, and the methods in plain words.\n",
	.options = report_tables,
	.notes =
	"The analysis options are those of 'kysely analyze' (but --out) and are\n"
	"passed on; --lang is also the language of the report's own words (fi, sv,\n"
	"en; default en). Unlike analyze, the report suppresses cells below 5\n"
	"unless --min-cell is given (the published rule; --min-cell 0 shows every\n"
	"cell).\n"
	"\n"
	"Example:\n"
	"  kysely report --db study.db --by profession --min-cell 5 --lang fi -o report.html --charts charts/\n",
	.run = run,
};
