/* cmd-report.c - `kysely report`: the analysis as one self-contained HTML page.
 *
 * Runs the analysis in this process (analyze/results.h) with analyze's
 * own option table and draws the page from its result set
 * (report/report.c): the rows the CSV writer writes, numbers in the same
 * format, so the report shows exactly the numbers of the CSV and adds
 * none of its own. Nothing is written but the page (and --charts). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "analyze/options.h"
#include "analyze/results.h"
#include "command.h"
#include "io/safe-output.h"
#include "report/report.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/mem.h"

struct report_args {
	const char *output;
	struct analyze_options analysis;
	struct report_options opt;
	bool help;
};

/* the published rule of statistics.md, "Disclosure control" */
#define REPORT_DEFAULT_MIN_CELL 5

#define RA struct report_args
static const struct cmdline_option report_options[] = {
	CMDLINE_OPT_REQUIRED('d', "db", RA, analysis.db, "DB", "the database"),
	CMDLINE_OPT_REQUIRED('o', "output", RA, output, "FILE",
			     "the HTML file to write, 0600 ('-' for standard output)"),
	CMDLINE_OPT_STRING(0, "charts", RA, opt.charts_dir, "DIR",
			   "also write every chart as DIR/NN-NAME.svg (0600), for slides"),
	CMDLINE_OPT_END
};

/* --lang is analyze's: the language of labels and of the report's own words */
static const struct cmdline_option *const report_tables[] = {
	report_options, analyze_table_options, analyze_design_options,
	analyze_common_options, analyze_change_options, NULL
};

static int parse_args(int argc, char **argv, struct report_args *a, struct ky_error *err)
{
	void *const bases[] = { a, &a->analysis, &a->analysis, &a->analysis, &a->analysis };
	struct cmdline cl;
	int rc;

	analyze_options_init(&a->analysis);
	rc = command_parse(&cmd_report, bases, &cl, argc, argv, err);
	a->help = !rc && cl.help;
	if (!rc && !cl.help && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "report: unexpected argument '%s'", cl.args[0]);
	if (!rc && !cl.help)
		rc = analyze_options_check(&a->analysis, &cl, "report", err);
	cmdline_release(&cl);
	if (rc || a->help)
		return rc;
	/* a report is read by policy teams: the published rule unless the
	 * user chose another (--min-cell 0 shows every cell) */
	if (!a->analysis.min_cell_given)
		a->analysis.min_cell = REPORT_DEFAULT_MIN_CELL;
	a->opt.lang = a->analysis.lang ? a->analysis.lang : "en";
	a->opt.analysis = &a->analysis;
	return KY_OK;
}

/* Who answered and when: the store's counts, not the analysis's (which
 * --complete-only narrows), asked of the connection the analysis read
 * (for postgresql://, the same copy of the central store). */
static int read_study(const struct analyze_run *r, struct report_study *st, struct ky_error *err)
{
	struct store_summary sum;
	int rc = store_summarise(r->store, r->form_pk, &sum, err);
	if (rc == KY_OK) {
		st->respondents = (long)sum.responses;
		st->complete = (long)sum.complete;
		st->partial = (long)(sum.responses - sum.complete);
		snprintf(st->first, sizeof st->first, "%s", sum.first);
		snprintf(st->last, sizeof st->last, "%s", sum.last);
		st->form_id = r->form->form_id;
		st->title = r->form->title;
		st->version = r->form->version;
		st->form = r->form;
	}
	return rc;
}

/* The page and the charts are 0600 like every other output: with
 * --min-cell 0 they show groups of one respondent. */
static int write_page(const struct report_args *a, const struct report_study *st,
		      const struct analyze_results *res, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct report_options opt = a->opt;
	struct safe_output out;
	int rc;

	if (a->opt.charts_dir && (rc = safe_output_dir(a->opt.charts_dir, err)))
		return ky_error_prefix(err, "report");
	analyze_guard_inputs(&guard, &a->analysis);
	opt.guard = &guard;
	rc = safe_output_open(&out, a->output, &guard, err);
	if (rc) {
		ky_error_prefix(err, "report");
	} else if ((rc = report_write(out.fp, st, res, &opt, err))) {
		safe_output_discard(&out);
	} else if ((rc = safe_output_commit(&out, err))) {
		ky_error_prefix(err, "report");
	}
	safe_output_guard_release(&guard);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct report_args a = {0};
	struct report_study st = {0};
	struct analyze_run r = {0};
	struct analyze_results res = {0};
	struct analyze_design_names dn = { { 0 }, { 0 } };
	int rc = parse_args(argc, argv, &a, err);

	if (!rc && a.help)
		return KY_OK;   /* command_parse printed the usage */
	if (!rc)
		rc = analyze_prepare(&r, &a.analysis, &dn, err);
	if (!rc)
		rc = read_study(&r, &st, err);
	if (!rc)
		rc = analyze_results_compute(&r, &res, err);
	if (!rc)
		rc = analyze_results_change(&r, &res, err);
	if (!rc)
		rc = write_page(&a, &st, &res, err);
	analyze_results_release(&res);
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	return rc;
}

const struct command cmd_report = {
	.name = "report",
	.summary = "write the analysis as one self-contained HTML page with charts",
	.usage =
	"usage: kysely report --db DB -o REPORT.html [--charts DIR] [analysis options]\n"
	"\n"
	"Runs the same analysis as 'kysely analyze' in this process and writes it as\n"
	"one HTML page (no scripts, no network; inline SVG charts; prints on A4): a\n"
	"brief first (who answered, the key findings in sentences, charts of\n"
	"knowledge by domain, training needs and groups), then the appendix\n"
	"(cross-tables per question, means, tests, methods in plain words).\n",
	.options = report_tables,
	.notes =
	"The analysis options are those of 'kysely analyze' (but --out); the page\n"
	"shows the numbers analyze writes. --lang is also the language of the\n"
	"report's own words (fi, sv, en; default en). Unlike analyze, the report\n"
	"suppresses cells below 5 unless --min-cell is given (the published rule;\n"
	"--min-cell 0 shows every cell). With --compare or --paired (and --link)\n"
	"the brief gains a change section and finding from the rows analyze writes\n"
	"to comparisons.csv or paired.csv.\n"
	"\n"
	"Example:\n"
	"  kysely report --db study.db --by profession --lang fi -o report.html --charts charts/\n",
	.run = run,
};
