/* cmd-analyze.c - `kysely analyze`: estimates.csv and tests.csv from a
 * database: the options (analyze/options.c), then analyze/run.c. */
#include "config.h"
#include "analyze/analyze.h"
#include "analyze/options.h"
#include "command.h"

static const struct cmdline_option *const analyze_tables[] = {
	analyze_output_options, analyze_table_options, analyze_design_options,
	analyze_common_options, analyze_only_options, analyze_change_options, NULL
};

/* Returns KY_OK with *help set when the usage was asked for (and printed). */
static int parse_options(int argc, char **argv, struct analyze_options *o, bool *help,
			 struct ky_error *err)
{
	void *const bases[] = { o, o, o, o, o, o };
	struct cmdline cl;
	int rc;

	analyze_options_init(o);
	rc = command_parse(&cmd_analyze, bases, &cl, argc, argv, err);
	*help = cl.help;
	if (!rc && !cl.help && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "analyze: unexpected argument '%s'", cl.args[0]);
	if (!rc && !cl.help)
		rc = analyze_options_check(o, &cl, "analyze", err);
	cmdline_release(&cl);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct analyze_options o;
	bool help = false;
	int rc;

	if ((rc = parse_options(argc, argv, &o, &help, err)) || help)
		return rc;
	return analyze_write_dir(&o, err);
}

const struct command cmd_analyze = {
	.name = "analyze",
	.summary = "estimates with confidence intervals and tests of association",
	.usage =
	"usage: kysely analyze --db DB [--form ID] --out DIR [options]\n"
	"\n"
	"Writes DIR/estimates.csv (shares, means, medians with intervals) and\n"
	"DIR/tests.csv (chi-square, Fisher, Rao-Scott against --by) and, when the\n"
	"form has scored items, DIR/items.csv (per item: counts and shares\n"
	"correct, incorrect, don't know, missing; item-rest r, discrimination,\n"
	"alpha if deleted, flags); DIR/run.csv records the run (key,value: version,\n"
	"form and its SHA-256, every option in force, respondents read and used).\n",
	.options = analyze_tables,
	.notes =
	"estimates.csv statistics: proportion (per choice), mean (numeric and\n"
	"ordinal items), median, top2 (training-need items), score, score_pct\n"
	"and with --pass-mark pass_rate (variables knowledge and knowledge:DOMAIN),\n"
	"alpha and alpha_if_deleted (per scale), mwds and need_rank (per training\n"
	"topic). Columns after\n"
	"the contract's: deff (design effect), n_eff (p(1-p)/V), n_kish, repeat\n"
	"(a repeat's questions are estimated over its instances, the respondent\n"
	"as the cluster; empty for the respondent's own questions) and\n"
	"respondents (of a repeat's row: respondents whose instances make the base).\n"
	"\n"
	"Example: kysely analyze --db study.db --by profession --weight weight --out results\n"
	"         kysely analyze --db study.db --by profession --threads 2 --out results\n",
	.run = run,
};
