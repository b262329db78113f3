/* cmd-import.c - `kysely import FORM --db DB RESPONSES.csv`: options and
 * the summary line; the import itself is src/import/ (import.h says what
 * is checked and why). */
#include "config.h"
#include <string.h>
#include "command.h"
#include "import/import.h"
#include "store/entry-attrs.h"
#include "util/error.h"

struct import_args {
	const char *db, *rejects, *encoding, *form_path, *csv_path;
	struct entry_attrs set;      /* --set NAME=VALUE, handed to the import */
};

static int add_set(void *base, const char *value, struct ky_error *err)
{
	return entry_attrs_add(&((struct import_args *)base)->set, "import", value, err);
}

#define IA struct import_args
static const struct cmdline_option import_options[] = {
	CMDLINE_OPT_REQUIRED(0, "db", IA, db, "DB", "the database (required)"),
	CMDLINE_OPT_STRING(0, "rejects", IA, rejects, "FILE",
			   "write rejected rows there: line, reason, then the row as it\n"
			   "was; fix them and import FILE itself again (it may be\n"
			   "RESPONSES.csv: replaced once the whole file was read)"),
	CMDLINE_OPT_STRING(0, "encoding", IA, encoding, "ENC",
			   "source encoding of FORM and RESPONSES.csv (e.g. cp1252)"),
	CMDLINE_OPT_CALL(0, "set", add_set, "NAME=VALUE",
			 "give every row the attribute NAME (repeatable), e.g.\n"
			 "--set wave=2015; NAME may not be a question, a fixed\n"
			 "column or a column of RESPONSES.csv"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const import_tables[] = { import_options, NULL };

/* *help when the usage was asked for (and printed). */
static int parse_args(int argc, char **argv, struct import_args *a, bool *help,
		      struct ky_error *err)
{
	void *const bases[] = { a };
	struct cmdline cl;
	int rc = command_parse(&cmd_import, bases, &cl, argc, argv, err);

	*help = cl.help;
	if (!rc && !cl.help && cl.n_args != 2)
		rc = ky_error_set(err, KY_EUSAGE, "import: expected FORM and RESPONSES.csv "
				  "(see 'kysely import --help')");
	if (!rc && !cl.help) {
		a->form_path = cl.args[0];
		a->csv_path = cl.args[1];
	}
	cmdline_release(&cl);
	return rc;
}

static void print_summary(const struct import_counts *c, const char *rejects_path)
{
	bool see = c->rejected && rejects_path;

	ky_say("imported %ld row%s, %ld rejected%s%s%s, %ld already present", c->imported,
	       c->imported == 1 ? "" : "s", c->rejected, see ? " (see " : "",
	       see ? rejects_path : "", see ? ")" : "", c->present);
	if (c->irrelevant_kept)
		ky_warn("%ld answer%s to questions not relevant for their row kept",
			c->irrelevant_kept, c->irrelevant_kept == 1 ? "" : "s");
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct import_args a;
	struct import_request req;
	struct import_counts counts;
	bool help = false;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = parse_args(argc, argv, &a, &help, err)) || help) {
		entry_attrs_release(&a.set);
		return rc;
	}
	req = (struct import_request){ a.form_path, a.csv_path, a.db, a.encoding, a.rejects, a.set };
	if ((rc = import_file(&req, &counts, err)))
		return rc;
	print_summary(&counts, a.rejects);
	if (counts.rejected) {
		/* The summary said it all: exit 1 without another message. */
		ky_error_clear(err);
		err->code = rc = KY_EINPUT;
	}
	return rc;
}

const struct command cmd_import = {
	.name = "import",
	.summary = "load responses from a wide CSV file into a database",
	.usage =
	"usage: kysely import FORM --db DB RESPONSES.csv [--rejects FILE] [--encoding ENC]\n"
	"                     [--set NAME=VALUE]...\n"
	"\n"
	"Checks every row of RESPONSES.csv (wide layout: respondent, status, started,\n"
	"completed, lang, one column per question; other columns are respondent\n"
	"attributes such as weight or stratum) against the form FORM and stores the\n"
	"good rows in DB (created 0600 when missing) in one transaction.\n",
	.options = import_tables,
	.notes =
	"A row is rejected for an unknown choice, a malformed number or date, a failed\n"
	"constraint, an empty required answer in a complete row, an empty or repeated\n"
	"respondent id, a wrong number of fields, or an id already stored with other\n"
	"answers; for control or invisible characters in the id or an attribute, a\n"
	"lang that is not one of the form's codes, or a started/completed time that\n"
	"is not a real instant. Reasons never quote a value. Rows already stored with the same answers are skipped, so importing\n"
	"a file twice adds nothing. Exit status 1 when any row was rejected.\n"
	"\n"
	"A form with repeats: each repeat's answers are read from RESPONSES-REPEAT.csv\n"
	"beside the file (as export writes them: respondent, parent, key, then the\n"
	"repeat's questions; no file, no instances). A bad repeat row rejects its\n"
	"respondent whole, naming that file, its line and the column; with --rejects\n"
	"FILE its repeat rows go to FILE-REPEAT.csv, so that FILE imports again.\n"
	"\n"
	"Example: kysely import surveys/ht-needs --db survey.db responses.csv --rejects bad.csv\n",
	.run = run,
};
