/* cmd-export.c - `kysely export`: options; the work is src/export/
 * (export.h) and the typed formats io/export-format.h. */
#include "config.h"
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include "command.h"
#include "export/export.h"
#include "io/coarsen.h"

static int set_format(void *base, const char *value, struct ky_error *err)
{
	struct export_options *a = base;

	a->long_format = !strcmp(value, "long");
	a->xlsx = !strcmp(value, "xlsx");
	a->typed = false;
	if (a->long_format || a->xlsx || !strcmp(value, "wide"))
		return KY_OK;
	if (export_format_parse(value, &a->typed_format)) {
		a->typed = true;
		return KY_OK;
	}
	return ky_error_set(err, KY_EUSAGE,
			    "export: '--format' takes wide, long, xlsx, sav, dta or sqlite, not '%s'",
			    value);
}

static int set_coarsen(void *base, const char *value, struct ky_error *err)
{
	if (!coarsen_parse(value, &((struct export_options *)base)->coarsen))
		return ky_error_set(err, KY_EUSAGE,
				    "export: '--coarsen-times' takes day, hour or none, not '%s'", value);
	return KY_OK;
}

static int add_rake(void *base, const char *value, struct ky_error *err)
{
	struct derived_export_options *d = &((struct export_options *)base)->dopt;

	if (d->n_rake == ANALYZE_MAX_BY)
		return ky_error_set(err, KY_EUSAGE, "export: at most %d --rake", ANALYZE_MAX_BY);
	d->rake[d->n_rake++] = value;
	return KY_OK;
}

#define EA struct export_options
static const struct cmdline_option export_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", EA, db, "DB", "the database"),
	CMDLINE_OPT_STRING(0, "form", EA, form_id, "ID",
			   "the form_id to export, when DB holds more than one form"),
	CMDLINE_OPT_CALL(0, "format", set_format, "wide|long|xlsx|sav|dta|sqlite",
			 "wide (the default): one row per respondent: respondent,\n"
			 "status, started, completed, lang, the questions in form\n"
			 "order, then the respondent attributes sorted by name (the\n"
			 "layout `kysely import` reads back); long: respondent,\n"
			 "question, value, one row per non-empty answer;\n"
			 "xlsx: an Excel workbook (needs -o FILE): sheet 'responses'\n"
			 "in the wide layout, header frozen, numeric answers as\n"
			 "numbers; sheet 'labels' with the codebook;\n"
			 "sav: SPSS, variable and value labels, select_one as coded\n"
			 "numbers, select_multiple as one 0/1 variable per option, no\n"
			 "answer as system missing, measurement levels; names made\n"
			 "legal; dta: Stata 118 (UTF-8), the same variables, texts up\n"
			 "to 2045 bytes; sqlite: a plain database (needs -o): one\n"
			 "typed table named after the form, and the tables variables,\n"
			 "variable_labels, choices and choice_labels"),
	CMDLINE_OPT_STRING('o', "output", EA, output, "FILE",
			   "where to write (created 0600; default standard output);\n"
			   "never the database or the codebook"),
	CMDLINE_OPT_STRING(0, "codebook", EA, codebook, "FILE",
			   "also write the data dictionary: one row per variable and\n"
			   "choice, with labels, choice values, scores, scales, domains\n"
			   "and training-need pairs (with sav, dta, sqlite: also\n"
			   "name_in_file and code_in_file)"),
	CMDLINE_OPT_STRING(0, "lang", EA, lang, "CODE",
			   "codebook labels in this language only (default: a column\n"
			   "per language, label::CODE); sav and dta labels in it\n"
			   "(default: the form's default language)"),
	CMDLINE_OPT_CALL(0, "coarsen-times", set_coarsen, "day|hour|none",
			 "cut every timestamp (started, completed, the start and end\n"
			 "metadata, datetime answers) to its day (YYYY-MM-DD) or hour\n"
			 "(YYYY-MM-DDTHH:00:00 and the zone), so that a shared file\n"
			 "cannot tie an answer to the minute (default none)"),
	CMDLINE_OPT_STRING(0, "paradata", EA, paradata, "FILE",
			   "also write the paradata collect recorded: respondent,\n"
			   "question, first_answered, last_answered, changes, visits,\n"
			   "seconds, back (visits reached by stepping back)"),
	CMDLINE_OPT_FLAG(0, "excel", EA, excel,
			 "CSV for Excel in Finnish or Swedish, opened by double-click:\n"
			 "byte-order mark, ';' between cells, decimal comma in\n"
			 "numbers (not for `kysely import`)"),
	CMDLINE_OPT_FLAG(0, "derived", EA, derived,
			 "add per respondent: score, score_pct, score:DOMAIN,\n"
			 "score_pct:DOMAIN, outcome:ITEM (correct, incorrect,\n"
			 "dont_know, missing), pass, scale:NAME and weight_final, as\n"
			 "kysely analyze computes them (wide, sav, dta, sqlite)"),
	CMDLINE_OPT_DOUBLE(0, "pass-mark", EA, dopt.pass_mark, 0, 100, "P",
			   "with --derived: pass = score_pct >= P (0-100)"),
	CMDLINE_OPT_STRING(0, "weight", EA, dopt.weight, "COL",
			   "with --derived: weight_final, the weight after calibration,\n"
			   "as in kysely analyze"),
	CMDLINE_OPT_STRING(0, "poststratify", EA, dopt.poststratify, "FILE",
			   "with --derived: post-stratify weight_final"),
	CMDLINE_OPT_CALL(0, "rake", add_rake, "FILE",
			 "with --derived: rake weight_final (repeatable)"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const export_tables[] = { export_options, NULL };

/* *help when the usage was asked for (and printed). */
static int parse_args(int argc, char **argv, struct export_options *a, bool *help,
		      struct ky_error *err)
{
	void *const bases[] = { a };
	struct cmdline cl;
	int rc;

	memset(a, 0, sizeof *a);
	a->output = "-";
	a->dopt.pass_mark = NAN;
	rc = command_parse(&cmd_export, bases, &cl, argc, argv, err);
	*help = cl.help;
	if (!rc && !cl.help && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "export: unexpected argument '%s'", cl.args[0]);
	cmdline_release(&cl);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct export_options req;
	bool help;
	int rc;

	if ((rc = parse_args(argc, argv, &req, &help, err)) || help)
		return rc;
	return export_file(&req, err);
}

const struct command cmd_export = {
	.name = "export",
	.summary = "write stored responses as CSV, Excel, SPSS, Stata or SQLite, with a codebook",
	.usage =
	"usage: kysely export --db DB [--form ID] [--format wide|long|xlsx|sav|dta|sqlite]\n"
	"                     [-o FILE] [--codebook FILE] [--lang CODE]\n"
	"                     [--coarsen-times day|hour|none] [--excel] [--paradata FILE]\n"
	"                     [--derived [--pass-mark P] [--weight COL] [--poststratify FILE]\n"
	"                      [--rake FILE]...]\n"
	"\n"
	"Writes the responses of a form (the only one in DB unless --form names it).\n",
	.options = export_tables,
	.notes =
	"Text cells that a spreadsheet would run as a formula get a leading apostrophe,\n"
	"which `kysely import` removes again.\n"
	"\n"
	"A form with repeats: the main file keeps the questions outside every repeat;\n"
	"each repeat's instances go to OUT-REPEAT.csv beside -o OUT.csv (respondent,\n"
	"parent, key, then the repeat's questions; key e.g. r1/child[2]/visit[1]), which\n"
	"`kysely import` reads back; all but --format long need -o then. long\n"
	"names instances by key, sqlite adds a table and xlsx a sheet per repeat, sav\n"
	"and dta a file per repeat (OUT-REPEAT.sav).\n"
	"\n"
	"Examples: kysely export --db survey.db -o responses.csv --codebook codebook.csv\n"
	"          kysely export --db survey.db --format sav -o survey.sav --derived\n"
	"          kysely export --db household.db -o hh.csv   (and hh-child.csv, ...)\n",
	.run = run,
};
