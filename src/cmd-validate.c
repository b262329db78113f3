/* cmd-validate.c - `kysely validate FORM`: check a survey definition.
 *
 * Every problem is printed, one "PATH:LINE: error: ..." line each on
 * stderr in file order (as a compiler does, so that editors can jump to
 * them); a clean form gets a one-line summary on stdout. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command.h"
#include "form/xlsform.h"
#include "util/mem.h"

static size_t count_questions(const struct form *form)
{
	size_t i, n = 0;
	for (i = 0; i < form->n_questions; i++)
		n += form->questions[i].type != FQ_BEGIN_GROUP &&
		     form->questions[i].type != FQ_END_GROUP;
	return n;
}

/* ", 2 warnings" for the summary line, "" when there is none. */
static const char *warnings_note(const struct form_diag *diag)
{
	static char note[64];
	if (!diag->n_warnings)
		return "";
	snprintf(note, sizeof note, ", %zu warning%s", diag->n_warnings,
		 diag->n_warnings == 1 ? "" : "s");
	return note;
}

struct validate_options {
	const char *encoding;
};

static const struct cmdline_option validate_options[] = {
	CMDLINE_OPT_STRING('e', "encoding", struct validate_options, encoding, "ENC",
			   "the files are in ENC (an iconv name such as cp1252\n"
			   "or latin1), not UTF-8"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const validate_tables[] = { validate_options, NULL };

static int run(int argc, char **argv, struct ky_error *err)
{
	struct validate_options o = { NULL };
	void *const bases[] = { &o };
	const char *encoding, *path;
	struct form *form = NULL;
	struct form_diag diag;
	struct cmdline cl;
	size_t i;
	int ret;

	ret = command_parse(&cmd_validate, bases, &cl, argc, argv, err);
	if (!ret && !cl.help && cl.n_args != 1)
		ret = ky_error_set(err, KY_EUSAGE, "validate: expected one FORM (see 'kysely validate --help')");
	path = cl.n_args ? cl.args[0] : NULL;
	cmdline_release(&cl);
	if (ret || cl.help)
		return ret;
	encoding = o.encoding;

	ret = xlsform_read(path, encoding, &form, &diag, err);
	for (i = 0; i < diag.n; i++)
		ky_say("%s", diag.lines[i]);
	if (ret == KY_OK) {
		char *repeats = form->n_repeats ? ky_asprintf(", %zu repeat%s", form->n_repeats,
							      form->n_repeats == 1 ? "" : "s")
						: ky_strdup("");
		char *line = ky_asprintf("%s: valid (form_id %s, %zu questions%s, %zu language%s%s)",
					 path, form->form_id, count_questions(form), repeats,
					 form->n_langs, form->n_langs == 1 ? "" : "s",
					 warnings_note(&diag));
		free(repeats);
		ky_stdout_puts(line);
		putchar('\n');
		free(line);
	} else if (ret == KY_EINPUT) {
		ky_error_set(err, KY_EINPUT, "validate: %s is not valid (%zu error%s, %zu warning%s)",
			     path, diag.n_errors, diag.n_errors == 1 ? "" : "s",
			     diag.n_warnings, diag.n_warnings == 1 ? "" : "s");
	} else {
		ky_error_prefix(err, "validate");
	}
	form_diag_release(&diag);
	form_destroy(form);
	return ret;
}

const struct command cmd_validate = {
	.name = "validate",
	.summary = "check a survey definition (XLSForm saved as CSV)",
	.usage =
		"usage: kysely validate FORM [--encoding ENC]\n"
		"\n"
		"Checks a survey definition: a folder with survey.csv, choices.csv and\n"
		"settings.csv, or one .csv file in pyxform's one-file layout. Every\n"
		"problem is printed on stderr as PATH:LINE: error: ... (or warning:),\n"
		"in file order; a valid form gets a one-line summary on stdout.\n",
	.options = validate_tables,
	.notes =
		"Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage, 3 unreadable.\n"
		"\n"
		"Example:\n"
		"  kysely validate surveys/ht-needs\n"
		"  kysely validate export.csv --encoding cp1252\n",
	.run = run,
};
