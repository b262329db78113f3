/* cmd-validate.c - `kysely validate FORM`: check a survey definition.
 *
 * Every problem is printed, one "PATH:LINE: error: ..." line each on
 * stderr in file order (as a compiler does, so that editors can jump to
 * them); a clean form gets a one-line summary on stdout. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command.h"
#include "form/xlsform.h"
#include "util/cmdline.h"
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

static int run(int argc, char **argv, struct ky_error *err)
{
	static const struct option options[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *encoding = NULL, *path;
	struct form *form = NULL;
	struct form_diag diag;
	size_t i;
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":e:h", options, NULL)) != -1) {
		switch (c) {
		case 'e':
			encoding = optarg;
			break;
		case 'h':
			command_print_usage(&cmd_validate);
			return KY_OK;
		default:
			return cmdline_bad_option(err, "validate", argc, argv, c);
		}
	}
	if (optind != argc - 1)
		return ky_error_set(err, KY_EUSAGE, "validate: expected one FORM (see 'kysely validate --help')");
	path = argv[optind];

	ret = xlsform_read(path, encoding, &form, &diag, err);
	for (i = 0; i < diag.n; i++)
		ky_say("%s", diag.lines[i]);
	if (ret == KY_OK) {
		char *line = ky_asprintf("%s: valid (form_id %s, %zu questions, %zu language%s%s)",
					 path, form->form_id, count_questions(form), form->n_langs,
					 form->n_langs == 1 ? "" : "s", warnings_note(&diag));
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
		"in file order; a valid form gets a one-line summary on stdout.\n"
		"\n"
		"  --encoding ENC  the files are in ENC (an iconv name such as cp1252\n"
		"                  or latin1), not UTF-8\n"
		"  -h, --help      this text\n"
		"\n"
		"Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage, 3 unreadable.\n"
		"\n"
		"Example:\n"
		"  kysely validate surveys/ht-needs\n"
		"  kysely validate export.csv --encoding cp1252\n",
	.run = run,
};
