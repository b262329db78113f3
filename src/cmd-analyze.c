/* cmd-analyze.c - `kysely analyze`: estimates.csv and tests.csv from a
 * database (options and files here; the work is in src/analyze/). */
#include "config.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/options.h"
#include "analyze/results.h"
#include "command.h"
#include "io/safe-output.h"
#include "util/cmdline.h"
#include "util/mem.h"

enum { OPT_OUT = 256, OPT_HELP };

static const struct option own_options[] = {
	{ "out", required_argument, NULL, OPT_OUT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static int parse_options(int argc, char **argv, struct analyze_options *o, bool *help,
			 struct ky_error *err)
{
	struct option *options = analyze_options_merge(own_options);
	int c, rc = KY_OK;

	analyze_options_init(o, "analyze");
	opterr = 0;
	optind = 1;
	while (!rc && (c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (analyze_option_is(c))
			rc = analyze_option_apply(o, c, optarg, err);
		else if (c == OPT_OUT)
			o->out_dir = optarg;
		else if (c == OPT_HELP)
			*help = true;
		else
			rc = cmdline_bad_option(err, "analyze", argc, argv, c);
		if (*help)
			break;
	}
	free(options);
	if (rc || *help)
		return rc;
	if (optind < argc)
		return ky_error_set(err, KY_EUSAGE, "analyze: unexpected argument '%s'", argv[optind]);
	if ((rc = analyze_options_check(o, err)))
		return rc;
	if (!o->out_dir)
		return ky_error_set(err, KY_EUSAGE, "analyze: --out is required");
	return KY_OK;
}

/* Each file through safe_output: renamed into place only when whole,
 * never over the database or a population file. */
static int write_file(const struct analyze_options *o, const char *name, const struct table *t,
		      struct ky_error *err)
{
	char *path = ky_asprintf("%s/%s", o->out_dir, name);
	struct safe_output_guard guard = { 0 };
	struct safe_output out;
	int rc;

	safe_output_guard_add(&guard, o->db, "the database");
	safe_output_guard_add(&guard, o->poststratify, "a population file");
	for (size_t k = 0; k < o->n_rake; k++)
		safe_output_guard_add(&guard, o->rake[k], "a population file");
	rc = safe_output_open(&out, path, &guard, err);
	safe_output_guard_release(&guard);
	if (!rc) {
		rc = table_write_csv(t, out.fp, path, err);
		if (rc)
			safe_output_discard(&out);
		else
			rc = safe_output_commit(&out, err);
	}
	free(path);
	return rc;
}

static int write_files(const struct analyze_options *o, const struct analyze_results *res,
		       struct ky_error *err)
{
	int rc = safe_output_dir(o->out_dir, err);
	if (!rc)
		rc = write_file(o, "estimates.csv", &res->estimates, err);
	if (!rc)
		rc = write_file(o, "tests.csv", &res->tests, err);
	if (!rc && res->has_items)
		rc = write_file(o, "items.csv", &res->items, err);
	if (!rc)
		rc = write_file(o, "run.csv", &res->run_record, err);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct analyze_options o;
	struct analyze_run r = { 0 };
	struct analyze_results res = { 0 };
	struct analyze_design_names dn = { { 0 }, { 0 } };
	bool help = false;
	int rc;

	if ((rc = parse_options(argc, argv, &o, &help, err)))
		return rc;
	if (help) {
		command_print_usage(&cmd_analyze);
		return KY_OK;
	}
	rc = analyze_prepare(&r, &o, &dn, err);
	if (!rc)
		rc = analyze_results_compute(&r, &res, err);
	if (!rc)
		rc = write_files(&o, &res, err);
	analyze_results_release(&res);
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	return rc;
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
	"form and its SHA-256, every option in force, respondents read and used).\n"
	"\n"
	"  --by VAR            group by a question or attribute (repeat to cross)\n"
	"  --method M          wilson (default), clopper-pearson, jeffreys,\n"
	"                      agresti-coull, wald; with a design logit (default),\n"
	"                      korn-graubard, wald\n"
	"  --level L           confidence level (default 0.95)\n"
	"  --weight COL        sampling weights\n"
	"  --strata COL        strata\n"
	"  --cluster COL       primary sampling units (ids unique across strata)\n"
	"  --fpc N|COL         population PSUs per stratum (>= 1) or sampling fraction\n"
	"  --lonely-psu R      a stratum with one PSU: fail (default), remove,\n"
	"                      certainty, adjust, average (as R's survey.lonely.psu)\n"
	"  --poststratify FILE population totals: the variables, then 'population'\n"
	"  --rake FILE         one raking margin per file (repeat), as R rake()\n"
	"  --min-cell K        suppress cells below K (primary and complementary);\n"
	"                      default 0, or 5 with --published\n"
	"  --published         tables for publication: --min-cell 5 unless given\n"
	"  --lang CODE         labels in this language\n"
	"  --digits N          significant digits (default 6, at most 15)\n"
	"  --adjust M          p-value adjustment: holm (default), BH, bonferroni, none\n"
	"  --pass-mark P       knowledge pass mark in percent of the maximum score:\n"
	"                      adds pass_rate rows (the share scoring at least P)\n"
	"  --complete-only     leave out partial responses\n"
	"\n"
	"estimates.csv statistics: proportion (per choice), mean (numeric and\n"
	"ordinal items), median, top2 (training-need items), score, score_pct\n"
	"and with --pass-mark pass_rate (variables knowledge and knowledge:DOMAIN),\n"
	"alpha and alpha_if_deleted (per scale), mwds and need_rank (per training\n"
	"topic). Columns after\n"
	"the contract's: deff (design effect), n_eff (p(1-p)/V), n_kish.\n"
	"\n"
	"example: kysely analyze --db study.db --by profession --weight weight --out results\n",
	.run = run,
};
