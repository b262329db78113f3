/* cmd-analyze.c - `kysely analyze`: estimates.csv and tests.csv from a
 * database (options and files here; the work is in src/analyze/). */
#include "config.h"
#include <math.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "analyze/analyze.h"
#include "analyze/compare.h"
#include "analyze/items.h"
#include "analyze/quality.h"
#include "analyze/paired.h"
#include "analyze/run-record.h"
#include "analyze/stream.h"
#include "command.h"
#include "io/safe-output.h"
#include "io/xlsx-out.h"
#include "util/cmdline.h"
#include "util/mem.h"

enum {
	OPT_DB = 256, OPT_FORM, OPT_OUT, OPT_BY, OPT_METHOD, OPT_LEVEL, OPT_WEIGHT,
	OPT_POSTSTRATIFY, OPT_RAKE, OPT_STRATA, OPT_CLUSTER, OPT_FPC, OPT_MIN_CELL,
	OPT_LANG, OPT_DIGITS, OPT_COMPLETE_ONLY, OPT_LONELY_PSU, OPT_ADJUST, OPT_PUBLISHED, OPT_PASS_MARK, OPT_EXCEL, OPT_XLSX, OPT_EXCLUDE_FLAGGED,
	OPT_COMPARE, OPT_PAIRED, OPT_LINK, OPT_HELP
};

static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "form", required_argument, NULL, OPT_FORM },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "by", required_argument, NULL, OPT_BY },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "weight", required_argument, NULL, OPT_WEIGHT },
	{ "poststratify", required_argument, NULL, OPT_POSTSTRATIFY },
	{ "rake", required_argument, NULL, OPT_RAKE },
	{ "strata", required_argument, NULL, OPT_STRATA },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "fpc", required_argument, NULL, OPT_FPC },
	{ "min-cell", required_argument, NULL, OPT_MIN_CELL },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "digits", required_argument, NULL, OPT_DIGITS },
	{ "complete-only", no_argument, NULL, OPT_COMPLETE_ONLY },
	{ "lonely-psu", required_argument, NULL, OPT_LONELY_PSU },
	{ "adjust", required_argument, NULL, OPT_ADJUST },
	{ "published", no_argument, NULL, OPT_PUBLISHED },
	{ "pass-mark", required_argument, NULL, OPT_PASS_MARK },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "xlsx", required_argument, NULL, OPT_XLSX },
	{ "exclude-flagged", no_argument, NULL, OPT_EXCLUDE_FLAGGED },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "paired", required_argument, NULL, OPT_PAIRED },
	{ "link", required_argument, NULL, OPT_LINK },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* --paired VAR=PRE:POST with --link COL, read respondent by respondent. */
static int check_paired(struct analyze_options *o, struct ky_error *err)
{
	char *var, *pre, *post;
	int rc;
	if (o->paired && !o->link)
		return ky_error_set(err, KY_EUSAGE, "analyze: '--paired' needs '--link COL' (the "
				    "linkage code attribute, e.g. linkage_code)");
	if (o->link && !o->paired)
		return ky_error_set(err, KY_EUSAGE, "analyze: '--link' is for '--paired'");
	if (!o->paired)
		return KY_OK;
	rc = analyze_paired_parse(o->paired, &var, &pre, &post, err);
	free(var);
	free(pre);
	free(post);
	o->columns = true;
	return rc;
}

static int parse_options(int argc, char **argv, struct analyze_options *o, bool *help,
			 struct ky_error *err)
{
	int c;
	long lv;
	bool min_cell_given = false;

	memset(o, 0, sizeof *o);
	o->level = 0.95;
	o->digits = 6;
	o->pass_mark = NAN;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case OPT_DB: o->db = optarg; break;
		case OPT_FORM: o->form_id = optarg; break;
		case OPT_OUT: o->out_dir = optarg; break;
		case OPT_BY:
			if (o->n_by == ANALYZE_MAX_BY)
				return ky_error_set(err, KY_EUSAGE, "analyze: at most %d --by", ANALYZE_MAX_BY);
			o->by[o->n_by++] = optarg;
			break;
		case OPT_METHOD: o->method_name = optarg; break;
		case OPT_LEVEL:
			if (cmdline_double(err, "analyze", "--level", optarg, 0.5, 0.9999, &o->level))
				return err->code;
			break;
		case OPT_WEIGHT: o->weight = optarg; break;
		case OPT_POSTSTRATIFY: o->poststratify = optarg; break;
		case OPT_RAKE:
			if (o->n_rake == ANALYZE_MAX_BY)
				return ky_error_set(err, KY_EUSAGE, "analyze: at most %d --rake", ANALYZE_MAX_BY);
			o->rake[o->n_rake++] = optarg;
			break;
		case OPT_STRATA: o->strata = optarg; break;
		case OPT_CLUSTER: o->cluster = optarg; break;
		case OPT_FPC: o->fpc = optarg; break;
		case OPT_MIN_CELL:
			if (cmdline_long(err, "analyze", "--min-cell", optarg, 0, 1000000, &o->min_cell))
				return err->code;
			min_cell_given = true;
			break;
		case OPT_PUBLISHED: o->published = true; break;
		case OPT_LANG: o->lang = optarg; break;
		case OPT_DIGITS:
			if (cmdline_long(err, "analyze", "--digits", optarg, 1, 15, &lv))
				return err->code;
			o->digits = (int)lv;
			break;
		case OPT_COMPLETE_ONLY: o->complete_only = true; break;
		case OPT_LONELY_PSU: o->lonely_psu = optarg; break;
		case OPT_ADJUST: o->adjust = optarg; break;
		case OPT_PASS_MARK:
			if (cmdline_double(err, "analyze", "--pass-mark", optarg, 0, 100, &o->pass_mark))
				return err->code;
			break;
		case OPT_EXCEL: o->excel = true; break;
		case OPT_XLSX: o->xlsx = optarg; break;
		case OPT_EXCLUDE_FLAGGED: o->exclude_flagged = true; break;
		case OPT_COMPARE: o->compare = optarg; break;
		case OPT_PAIRED: o->paired = optarg; break;
		case OPT_LINK: o->link = optarg; break;
		case OPT_HELP: *help = true; return KY_OK;
		default:
			return cmdline_bad_option(err, "analyze", argc, argv, c);
		}
	}
	if (optind < argc)
		return ky_error_set(err, KY_EUSAGE, "analyze: unexpected argument '%s'", argv[optind]);
	/* tables meant for publication suppress small cells unless told otherwise */
	if (o->published && !min_cell_given)
		o->min_cell = 5;
	if (!o->db)
		return ky_error_set(err, KY_EUSAGE, "analyze: --db is required");
	if (!o->out_dir)
		return ky_error_set(err, KY_EUSAGE, "analyze: --out is required");
	if (check_paired(o, err))
		return err->code;
	if (o->poststratify && o->n_rake)
		return ky_error_set(err, KY_EUSAGE, "analyze: --poststratify and --rake cannot be combined");
	return KY_OK;
}

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

static int run(int argc, char **argv, struct ky_error *err)
{
	struct analyze_options o;
	struct analyze_run r = { 0 };
	struct compare_result cmp = { 0 };
	bool help = false;
	/* --by, then what the design options read */
	const char *extra[ANALYZE_MAX_BY + ANALYZE_DESIGN_NAMES + 2];
	char *paired_var = NULL;
	struct analyze_design_names dn = { { 0 }, { 0 } };
	struct quality *quality = NULL;
	size_t n_extra = 0;
	int rc;

	if ((rc = parse_options(argc, argv, &o, &help, err)))
		return rc;
	if (help) {
		command_print_usage(&cmd_analyze);
		return KY_OK;
	}
	if ((rc = choose_method(&r, &o, err)))
		return rc;
	/* clock_gettime, not time(): time() reads a coarse clock that can
	 * still show the last second when `date` (and the store's
	 * timestamps) already show the next */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	o.started = now.tv_sec;
	for (size_t b = 0; b < o.n_by; b++)
		extra[n_extra++] = o.by[b];
	if (o.paired) {
		paired_var = ky_strndup(o.paired, strcspn(o.paired, "="));
		extra[n_extra++] = paired_var;
		extra[n_extra++] = o.link;
	}
	if ((rc = analyze_design_names(&o, extra, &n_extra, &dn, err)))
		goto out;
	/* first: --exclude-flagged needs the flags while the responses are read */
	if (!(quality = quality_compute(o.db, o.form_id, err))) {
		rc = err->code;
		goto out;
	}
	o.quality = quality;
	rc = analyze_load(&r, &o, extra, n_extra, err);
	if (rc)
		goto out;
	if (r.n == 0) {
		rc = ky_error_set(err, KY_EINPUT, "analyze: no respondents to analyse in '%s'", o.db);
		goto out;
	}
	rc = analyze_setup_groups(&r, err);
	if (!rc && r.weighted)
		rc = analyze_setup_design(&r, err);
	if (rc)
		goto out;
	if (r.stream)
		stream_finish(r.stream, &r);
	if (o.compare) {
		if ((rc = analyze_compare(&r, &cmp, err)))
			goto out;
		r.comparisons = &cmp;
	}
	rc = write_tables(&r, &o, err);
out:
	compare_result_release(&cmp);
	free(paired_var);
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	quality_destroy(quality);
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
	"alpha if deleted, flags); DIR/quality.csv flags speeders (total time below a\n"
	"third of the median) and straight-liners (one choice throughout a scale or\n"
	"matrix of 3 or more); DIR/run.csv records the run (key,value: version,\n"
	"form and its SHA-256, every option in force, respondents read and used).\n"
	"Older stored versions of the form are read with the newest; a question\n"
	"whose label or scoring changed counts only the newest's answers, and\n"
	"--compare lists it as not_comparable.\n"
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
	"  --exclude-flagged   leave out the respondents quality.csv flags (speeders,\n"
	"                      straight-liners) from every estimate and test\n"
	"  --excel             CSV files for Excel in Finnish or Swedish: byte-order\n"
	"                      mark, ';' between cells, decimal comma\n"
	"  --xlsx FILE         also write every table as a sheet of one Excel\n"
	"                      workbook (headers frozen, shares as percentages,\n"
	"                      suppressed cells shaded)\n"
	"  --compare VAR[=A:B] DIR/comparisons.csv: every share, mean and knowledge\n"
	"                      statistic of level B of VAR minus level A (without\n"
	"                      =A:B, VAR's only two levels in order); Newcombe and\n"
	"                      prop.test for shares, Welch for means, the design's\n"
	"                      contrast (svyby + svycontrast) with a design; within\n"
	"                      each --by group; p adjusted by --adjust\n"
	"  --paired VAR=PRE:POST  before/after change on respondents linked by\n"
	"                      their codes: DIR/paired.csv (McNemar per item, paired\n"
	"                      t and Wilcoxon on scores, unlinked and near misses)\n"
	"  --link COL          with --paired: the linkage code attribute\n"
	"                      (linkage_code, stored by collect)\n"
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
