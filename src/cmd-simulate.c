/* cmd-simulate.c - `kysely simulate`: synthetic respondents as the wide CSV. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "command.h"
#include "form/xlsform.h"
#include "io/csvwrite.h"
#include "io/export-format.h"
#include "simulate/simulate.h"
#include "util/cmdline.h"
#include "util/mem.h"

/* A large stdio buffer: a million rows are written in big blocks. */
#define OUTPUT_BUFFER (1 << 20)

/* Days since 1970-01-01 of a YYYY-MM-DD date. */
static int parse_day(const char *text, double *day, struct ky_error *err)
{
	struct tm tm;
	char *end;
	time_t t;

	memset(&tm, 0, sizeof tm);
	end = strptime(text, "%Y-%m-%d", &tm);
	if (!end || *end || (t = timegm(&tm)) == (time_t)-1)
		return ky_error_set(err, KY_EUSAGE,
				    "simulate: '--start-date' takes YYYY-MM-DD, not '%s'", text);
	*day = (double)(t / 86400);
	return KY_OK;
}

struct simulate_args {
	const char *output, *encoding;
	long n, seed;
	struct sim_options opt;
};

static int set_structure(void *base, const char *value, struct ky_error *err)
{
	struct simulate_args *a = base;
	if (strcmp(value, "on") && strcmp(value, "off"))
		return ky_error_set(err, KY_EUSAGE,
				    "simulate: '--structure' takes 'on' or 'off', not '%s'", value);
	a->opt.structure = !strcmp(value, "on");
	return KY_OK;
}

static int set_lang_mix(void *base, const char *value, struct ky_error *err)
{
	struct simulate_args *a = base;
	sim_lang_shares_free(a->opt.langs, a->opt.n_langs);
	a->opt.langs = NULL;
	a->opt.n_langs = 0;
	return sim_parse_lang_mix(value, &a->opt.langs, &a->opt.n_langs, err);
}

static int set_start(void *base, const char *value, struct ky_error *err)
{
	return parse_day(value, &((struct simulate_args *)base)->opt.start_day, err);
}

static int set_days(void *base, const char *value, struct ky_error *err)
{
	long days;
	if (cmdline_long(err, "simulate", "--days", value, 1, 3650, &days))
		return err->code;
	((struct simulate_args *)base)->opt.span_days = (double)days;
	return KY_OK;
}

#define SA struct simulate_args
static const struct cmdline_option simulate_options[] = {
	CMDLINE_OPT_LONG('n', NULL, SA, n, 0, 1000000000L, "N", "respondents to write"),
	CMDLINE_OPT_LONG(0, "seed", SA, seed, 0, 4294967295L, "S",
			 "random seed, 0 to 4294967295 (default 1)"),
	CMDLINE_OPT_STRING('o', "output", SA, output, "FILE",
			   "write to FILE (created 0600) instead of stdout;\n"
			   "a form's repeats go to FILE-REPEAT.csv beside it"),
	CMDLINE_OPT_DOUBLE(0, "missing", SA, opt.missing, 0, 1, "RATE",
			   "item non-response of non-required questions (0.05)"),
	CMDLINE_OPT_DOUBLE(0, "partial", SA, opt.partial, 0, 1, "RATE",
			   "share of respondents who stop early, status partial (0.05)"),
	CMDLINE_OPT_CALL(0, "structure", set_structure, "on|off",
			 "latent knowledge by profession and experience drives\n"
			 "scored items, items of a scale correlate, importance\n"
			 "exceeds competence on need pairs (on); off: uniform"),
	CMDLINE_OPT_CALL(0, "lang-mix", set_lang_mix, "CODE=SHARE,...",
			 "languages of the respondents (default: the\n"
			 "form's codes, fi=0.7,sv=0.2,en=0.1 where present)"),
	CMDLINE_OPT_CALL(0, "start-date", set_start, "DATE",
			 "first day of field work, YYYY-MM-DD (2015-03-02)"),
	CMDLINE_OPT_CALL(0, "days", set_days, "D", "field work lasts D days (30)"),
	CMDLINE_OPT_STRING(0, "encoding", SA, encoding, "NAME",
			   "source encoding of the form files (default UTF-8)"),
	CMDLINE_OPT_END
};

static const struct cmdline_option *const simulate_tables[] = { simulate_options, NULL };

/* The output files: [0] the main one, then one per repeat. On failure
 * the ones opened are given up, leaving every path as it was. */
static int open_outputs(const struct form *form, const char *form_path, const char *path,
			struct csvwrite *w, char **paths, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	size_t i, opened = 0;
	int rc = KY_OK;

	safe_output_guard_add_form(&guard, form_path);
	for (i = 0; i <= form->n_repeats && !rc; i++) {
		paths[i] = i == 0 ? ky_strdup(path ? path : "-")
			   : export_repeat_path(path, form->questions[form->repeats[i - 1]].name);
		rc = csvwrite_open(&w[i], i == 0 ? path : paths[i], &guard, 0, err);
		if (!rc) {
			setvbuf(w[i].fp, NULL, _IOFBF, OUTPUT_BUFFER);
			opened++;
		}
	}
	safe_output_guard_release(&guard);
	if (rc)
		for (i = 0; i < opened; i++)
			csvwrite_discard(&w[i]);
	return rc;
}

/* Closes every output; all are committed or, when one failed, none that
 * were not yet. */
static int close_outputs(const struct form *form, struct csvwrite *w, char **paths,
			 struct ky_error *err)
{
	size_t i;
	int rc = KY_OK;

	for (i = 0; i <= form->n_repeats; i++) {
		if (!rc)
			rc = csvwrite_close(&w[i], paths[i], err);
		else
			csvwrite_discard(&w[i]);
		free(paths[i]);
	}
	return rc;
}

static bool any_failed(const struct csvwrite *w, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (w[i].failed)
			return true;
	return false;
}

static int write_responses(const struct form *form, const char *form_path,
			   const struct sim_options *opt, long n, const char *path,
			   struct ky_error *err)
{
	struct csvwrite *w;
	struct sim *sim;
	char **paths;
	size_t r;
	long i;
	int rc;

	if (form->n_repeats && (!path || !strcmp(path, "-")))
		return ky_error_set(err, KY_EUSAGE,
				    "simulate: %s has repeats, written as files beside the main "
				    "one: name it with -o FILE.csv", form_path);
	if ((rc = sim_create(form, opt, &sim, err)))
		return rc;
	w = ky_calloc(form->n_repeats + 1, sizeof *w);
	paths = ky_calloc(form->n_repeats + 1, sizeof *paths);
	if ((rc = open_outputs(form, form_path, path, w, paths, err)) == KY_OK) {
		sim_write_header(sim, &w[0]);
		for (r = 0; r < form->n_repeats; r++)
			sim_write_repeat_header(sim, (size_t)form->repeats[r], &w[r + 1]);
		for (i = 0; i < n && !any_failed(w, form->n_repeats + 1); i++) {
			sim_write_respondent(sim, &w[0]);
			for (r = 0; r < form->n_repeats; r++)
				sim_write_instances(sim, (size_t)form->repeats[r], &w[r + 1]);
		}
		rc = close_outputs(form, w, paths, err);
	} else {
		for (r = 0; r <= form->n_repeats; r++)
			free(paths[r]);
	}
	if (rc)
		ky_error_prefix(err, "simulate");
	free(w);
	free(paths);
	sim_destroy(sim);
	return rc;
}

/* The form's path, or NULL when there is nothing to run (help, or an error). */
static const char *parse_args(int argc, char **argv, struct simulate_args *a, int *rc,
			      struct ky_error *err)
{
	void *const bases[] = { a };
	const char *form_path = NULL;
	struct cmdline cl;

	*rc = command_parse(&cmd_simulate, bases, &cl, argc, argv, err);
	if (!*rc && !cl.help && cl.n_args != 1)
		*rc = ky_error_set(err, KY_EUSAGE, "simulate: %s (see 'kysely simulate --help')",
				   cl.n_args == 0 ? "name the form to simulate"
						  : "only one form at a time");
	if (!*rc && !cl.help && a->n < 0)
		*rc = ky_error_set(err, KY_EUSAGE, "simulate: say how many respondents with -n N");
	if (!*rc && !cl.help)
		form_path = cl.args[0];
	cmdline_release(&cl);
	return form_path;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct simulate_args a = { NULL, NULL, -1, 1, { 0 } };
	struct form *form = NULL;
	const char *form_path;
	int rc;

	sim_options_init(&a.opt);
	form_path = parse_args(argc, argv, &a, &rc, err);
	if (!form_path)
		goto out;
	a.opt.seed = (unsigned long)a.seed;
	if ((rc = xlsform_read_reported("simulate", form_path, a.encoding, &form, err)))
		goto out;
	rc = write_responses(form, form_path, &a.opt, a.n, a.output, err);
out:
	if (form)
		form_destroy(form);
	sim_lang_shares_free(a.opt.langs, a.opt.n_langs);
	return rc;
}

const struct command cmd_simulate = {
	.name = "simulate",
	.summary = "write synthetic responses to a form (wide CSV) for demos, tests and benchmarks",
	.usage =
	"usage: kysely simulate FORM -n N [--seed S] [-o FILE] [options]\n"
	"\n"
	"Writes N synthetic respondents to FORM as the wide responses CSV that\n"
	"'kysely import' reads: answers honour types, choice lists, choice_filter,\n"
	"constraints and skip logic (an irrelevant question stays empty). The same\n"
	"form, options and seed give the same bytes on every run.\n"
	"\n"
	"A form with repeats needs -o OUT.csv: the main file keeps the questions\n"
	"outside every repeat and each repeat's instances go to OUT-REPEAT.csv\n"
	"(respondent, parent, key, then the repeat's questions), as 'kysely export'\n"
	"writes them. A repeat gets its repeat_count's number of instances (0 to\n"
	"50), an open-ended one 0 to 3.\n",
	.options = simulate_tables,
	.notes =
	"Example:\n"
	"  kysely simulate surveys/ht-needs -n 242 --seed 2015 -o responses.csv\n"
	"  kysely simulate tests/forms/repeats -n 50 -o hh.csv   # hh-child.csv...\n",
	.run = run,
};
