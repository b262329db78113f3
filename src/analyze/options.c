/* options.c - the analysis options' rows (options.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/options.h"
#include "analyze/paired.h"
#include "util/mem.h"

#define AO struct analyze_options

const struct cmdline_option analyze_output_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", AO, db, "DB", "the database"),
	CMDLINE_OPT_REQUIRED(0, "out", AO, out_dir, "DIR", "the folder written"),
	CMDLINE_OPT_END
};

const struct cmdline_option analyze_table_options[] = {
	CMDLINE_OPT_LIST("by", AO, by, n_by, ANALYZE_MAX_BY, "VAR",
			 "group by a question or attribute (repeat to cross)"),
	CMDLINE_OPT_STRING(0, "method", AO, method_name, "M",
			   "wilson (default), clopper-pearson, jeffreys,\n"
			   "agresti-coull, wald; with a design logit (default),\n"
			   "korn-graubard, wald"),
	CMDLINE_OPT_LONG(0, "min-cell", AO, min_cell, 0, 1000000, "K",
			 "suppress cells below K (primary and complementary);\n"
			 "default 0, or 5 with --published"),
	CMDLINE_OPT_FLAG(0, "published", AO, published,
			 "tables for publication: --min-cell 5 unless given"),
	CMDLINE_OPT_STRING(0, "adjust", AO, adjust, "M",
			   "p-value adjustment: holm (default), BH, bonferroni, none"),
	CMDLINE_OPT_END
};

const struct cmdline_option analyze_design_options[] = {
	CMDLINE_OPT_STRING(0, "weight", AO, weight, "COL", "sampling weights"),
	CMDLINE_OPT_STRING(0, "strata", AO, strata, "COL", "strata"),
	CMDLINE_OPT_STRING(0, "cluster", AO, cluster, "COL",
			   "primary sampling units (ids unique across strata)"),
	CMDLINE_OPT_STRING(0, "fpc", AO, fpc, "N|COL",
			   "population PSUs per stratum (>= 1) or sampling fraction"),
	CMDLINE_OPT_STRING(0, "lonely-psu", AO, lonely_psu, "R",
			   "a stratum with one PSU: fail (default), remove,\n"
			   "certainty, adjust, average (as R's survey.lonely.psu)"),
	CMDLINE_OPT_STRING(0, "poststratify", AO, poststratify, "FILE",
			   "population totals: the variables, then 'population'"),
	CMDLINE_OPT_LIST("rake", AO, rake, n_rake, ANALYZE_MAX_BY, "FILE",
			 "one raking margin per file (repeat), as R rake()"),
	CMDLINE_OPT_END
};

const struct cmdline_option analyze_common_options[] = {
	CMDLINE_OPT_STRING(0, "form", AO, form_id, "ID",
			   "the form_id, when the database holds more than one form"),
	CMDLINE_OPT_DOUBLE(0, "level", AO, level, 0.5, 0.9999, "L",
			   "confidence level (default 0.95)"),
	CMDLINE_OPT_STRING(0, "lang", AO, lang, "CODE", "labels in this language"),
	CMDLINE_OPT_INT(0, "digits", AO, digits, 1, 15, "N",
			"significant digits (default 6, at most 15)"),
	CMDLINE_OPT_DOUBLE(0, "pass-mark", AO, pass_mark, 0, 100, "P",
			   "knowledge pass mark in percent of the maximum score:\n"
			   "adds pass_rate rows (the share scoring at least P)"),
	CMDLINE_OPT_FLAG(0, "complete-only", AO, complete_only,
			 "leave out partial responses"),
	CMDLINE_OPT_STRING(0, "plan", AO, plan, "P[,cells=N][,values=N][,block=N]",
			   "how the store is read, the numbers alike: auto\n"
			   "(default), columns (every answer in memory), sums;\n"
			   "cells, values: lower the sums' memory limits;\n"
			   "block: response ids a block of the threads reads"),
	CMDLINE_OPT_LONG(0, "threads", AO, threads, 1, 1024, "N",
			 "read the store on N threads (default: the online\n"
			 "cores); the results are the same for every N"),
	CMDLINE_OPT_END
};

const struct cmdline_option analyze_only_options[] = {
	CMDLINE_OPT_FLAG(0, "excel", AO, excel,
			 "CSV files for Excel in Finnish or Swedish: byte-order\n"
			 "mark, ';' between cells, decimal comma"),
	CMDLINE_OPT_STRING(0, "xlsx", AO, xlsx, "FILE",
			   "also write every table as a sheet of one Excel\n"
			   "workbook (headers frozen, shares as percentages,\n"
			   "suppressed cells shaded)"),
	CMDLINE_OPT_FLAG(0, "exclude-flagged", AO, exclude_flagged,
			 "leave out the respondents quality.csv flags (speeders,\n"
			 "straight-liners) from every estimate and test"),
	CMDLINE_OPT_END
};

const struct cmdline_option analyze_change_options[] = {
	CMDLINE_OPT_STRING(0, "compare", AO, compare, "VAR[=A:B]",
			   "DIR/comparisons.csv: every share, mean and knowledge\n"
			   "statistic of level B of VAR minus level A (without\n"
			   "=A:B, VAR's only two levels in order); Newcombe and\n"
			   "prop.test for shares, Welch for means, the design's\n"
			   "contrast (svyby + svycontrast) with a design; within\n"
			   "each --by group; p adjusted by --adjust"),
	CMDLINE_OPT_STRING(0, "paired", AO, paired, "VAR=PRE:POST",
			   "before/after change on respondents linked by\n"
			   "their codes: DIR/paired.csv (McNemar per item, paired\n"
			   "t and Wilcoxon on scores, unlinked and near misses)"),
	CMDLINE_OPT_STRING(0, "link", AO, link, "COL",
			   "with --paired: the linkage code attribute\n"
			   "(linkage_code, stored by collect)"),
	CMDLINE_OPT_END
};

static int check_paired(struct analyze_options *o, const char *cmd, struct ky_error *err)
{
	char *var, *pre, *post;
	int rc;

	if (o->paired && !o->link)
		return ky_error_set(err, KY_EUSAGE, "%s: '--paired' needs '--link COL' (the "
				    "linkage code attribute, e.g. linkage_code)", cmd);
	if (o->link && !o->paired)
		return ky_error_set(err, KY_EUSAGE, "%s: '--link' is for '--paired'", cmd);
	if (!o->paired)
		return KY_OK;
	rc = analyze_paired_parse(o->paired, &var, &pre, &post, err);
	free(var);
	free(pre);
	free(post);
	o->columns = true;
	return rc;
}

void analyze_options_init(struct analyze_options *o)
{
	memset(o, 0, sizeof *o);
	o->level = 0.95;
	o->digits = 6;
	o->pass_mark = NAN;
}

/* One part of --plan: the path first, then limits. */
static int plan_part(struct analyze_options *o, const char *cmd, const char *part, bool first,
		     struct ky_error *err)
{
	long limit;
	if (first) {
		if (!strcmp(part, "auto") || !strcmp(part, "columns") || !strcmp(part, "sums")) {
			o->plan_kind = part[0] == 'a' ? PLAN_AUTO : part[0] == 'c' ? PLAN_COLUMNS : PLAN_SUMS;
			return KY_OK;
		}
	} else if (!strncmp(part, "cells=", 6)) {
		if (cmdline_long(err, cmd, "--plan cells", part + 6, 1, 1L << 40, &limit))
			return err->code;
		o->plan_max_cells = (size_t)limit;
		return KY_OK;
	} else if (!strncmp(part, "block=", 6)) {
		if (cmdline_long(err, cmd, "--plan block", part + 6, 1, 1L << 40, &limit))
			return err->code;
		o->plan_block = (size_t)limit;
		return KY_OK;
	} else if (!strncmp(part, "values=", 7)) {
		if (cmdline_long(err, cmd, "--plan values", part + 7, 1, 1L << 40, &limit))
			return err->code;
		o->plan_max_values = (size_t)limit;
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE, "%s: '--plan %s': expected auto, columns or sums, "
			    "then cells=N, values=N or block=N", cmd, o->plan);
}

/* --plan NAME[,cells=N][,values=N][,block=N] */
static int parse_plan(struct analyze_options *o, const char *cmd, struct ky_error *err)
{
	char *copy = ky_strdup(o->plan), *save = NULL;
	int rc = KY_OK;
	bool first = true;
	for (char *part = strtok_r(copy, ",", &save); part && !rc; part = strtok_r(NULL, ",", &save)) {
		rc = plan_part(o, cmd, part, first, err);
		first = false;
	}
	free(copy);
	return rc;
}

int analyze_options_check(struct analyze_options *o, const struct cmdline *cl,
			  const char *cmd, struct ky_error *err)
{
	o->command = cmd;   /* the messages name it (analyze_command) */
	o->min_cell_given = cmdline_given(cl, "min-cell");
	/* tables meant for publication suppress small cells unless told otherwise */
	if (o->published && !o->min_cell_given)
		o->min_cell = 5;
	if (check_paired(o, cmd, err))
		return err->code;
	if (o->plan && parse_plan(o, cmd, err))
		return err->code;
	if (o->poststratify && o->n_rake)
		return ky_error_set(err, KY_EUSAGE, "%s: --poststratify and --rake cannot be combined",
				    cmd);
	return KY_OK;
}
