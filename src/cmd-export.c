/* cmd-export.c - `kysely export`: options; the layouts are src/export/
 * (export.h). */
#include "config.h"
#include <stdbool.h>
#include <string.h>
#include "command.h"
#include "export/export.h"
#include "io/coarsen.h"

static int set_format(void *base, const char *value, struct ky_error *err)
{
	struct export_request *a = base;
	if (strcmp(value, "long") && strcmp(value, "wide"))
		return ky_error_set(err, KY_EUSAGE, "export: '--format' takes wide or long, not '%s'",
				    value);
	a->long_format = !strcmp(value, "long");
	return KY_OK;
}

static int set_coarsen(void *base, const char *value, struct ky_error *err)
{
	if (!coarsen_parse(value, &((struct export_request *)base)->coarsen))
		return ky_error_set(err, KY_EUSAGE,
				    "export: '--coarsen-times' takes day, hour or none, not '%s'", value);
	return KY_OK;
}

#define EA struct export_request
static const struct cmdline_option export_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", EA, db, "DB", "the database"),
	CMDLINE_OPT_STRING(0, "form", EA, form_id, "ID",
			   "the form_id to export, when DB holds more than one form"),
	CMDLINE_OPT_CALL(0, "format", set_format, "wide|long",
			 "wide (the default): one row per respondent: respondent,\n"
			 "status, started, completed, lang, the questions in form\n"
			 "order, then the respondent attributes sorted by name (the\n"
			 "layout `kysely import` reads back); long: respondent,\n"
			 "question, value, one row per non-empty answer"),
	CMDLINE_OPT_STRING('o', "output", EA, output, "FILE",
			   "where to write (created 0600; default standard output);\n"
			   "never the database or the codebook"),
	CMDLINE_OPT_STRING(0, "codebook", EA, codebook, "FILE",
			   "also write the data dictionary: one row per variable and\n"
			   "choice, with labels, choice values, scores, scales, domains\n"
			   "and training-need pairs"),
	CMDLINE_OPT_STRING(0, "lang", EA, lang, "CODE",
			   "codebook labels in this language only (default: a column\n"
			   "per language, label::CODE)"),
	CMDLINE_OPT_CALL(0, "coarsen-times", set_coarsen, "day|hour|none",
			 "cut every timestamp (started, completed, the start and end\n"
			 "metadata, datetime answers) to its day (YYYY-MM-DD) or hour\n"
			 "(YYYY-MM-DDTHH:00:00 and the zone), so that a shared file\n"
			 "cannot tie an answer to the minute (default none)"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const export_tables[] = { export_options, NULL };

/* *help when the usage was asked for (and printed). */
static int parse_args(int argc, char **argv, struct export_request *a, bool *help,
		      struct ky_error *err)
{
	void *const bases[] = { a };
	struct cmdline cl;
	int rc;

	memset(a, 0, sizeof *a);
	a->output = "-";
	rc = command_parse(&cmd_export, bases, &cl, argc, argv, err);
	*help = cl.help;
	if (!rc && !cl.help && cl.n_args)
		rc = ky_error_set(err, KY_EUSAGE, "export: unexpected argument '%s'", cl.args[0]);
	cmdline_release(&cl);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct export_request req;
	bool help;
	int rc;

	if ((rc = parse_args(argc, argv, &req, &help, err)) || help)
		return rc;
	return export_file(&req, err);
}

const struct command cmd_export = {
	.name = "export",
	.summary = "write stored responses as CSV, with a codebook",
	.usage =
	"usage: kysely export --db DB [--form ID] [--format wide|long] [-o FILE]\n"
	"                     [--codebook FILE] [--lang CODE] [--coarsen-times day|hour|none]\n"
	"\n"
	"Writes the responses of a form (the only one in DB unless --form names it).\n",
	.options = export_tables,
	.notes =
	"Text cells that a spreadsheet would run as a formula get a leading apostrophe,\n"
	"which `kysely import` removes again.\n"
	"\n"
	"Example: kysely export --db survey.db -o responses.csv --codebook codebook.csv\n",
	.run = run,
};
