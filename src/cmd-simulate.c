/* cmd-simulate.c - `kysely simulate`: synthetic respondents as the wide CSV. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "command.h"
#include "form/xlsform.h"
#include "io/csvwrite.h"
#include "simulate/simulate.h"
#include "util/cmdline.h"
#include "util/mem.h"

/* A large stdio buffer: a million rows are written in big blocks. */
#define OUTPUT_BUFFER (1 << 20)

enum {
	OPT_SEED = 256, OPT_MISSING, OPT_PARTIAL, OPT_STRUCTURE, OPT_LANG_MIX,
	OPT_ENCODING, OPT_START, OPT_DAYS, OPT_HELP
};

static const struct option options[] = {
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "missing", required_argument, NULL, OPT_MISSING },
	{ "partial", required_argument, NULL, OPT_PARTIAL },
	{ "structure", required_argument, NULL, OPT_STRUCTURE },
	{ "lang-mix", required_argument, NULL, OPT_LANG_MIX },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "start-date", required_argument, NULL, OPT_START },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

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

static int write_responses(const struct form *form, const char *form_path,
			   const struct sim_options *opt, long n, const char *path,
			   struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct csvwrite w;
	struct sim *sim;
	long i;
	int rc;

	if ((rc = sim_create(form, opt, &sim, err)))
		return rc;
	safe_output_guard_add_form(&guard, form_path);
	rc = csvwrite_open(&w, path, &guard, 0, err);
	safe_output_guard_release(&guard);
	if (rc) {
		sim_destroy(sim);
		return ky_error_prefix(err, "simulate");
	}
	setvbuf(w.fp, NULL, _IOFBF, OUTPUT_BUFFER);
	sim_write_header(sim, &w);
	for (i = 0; i < n && !w.failed; i++)
		sim_write_respondent(sim, &w);
	rc = csvwrite_close(&w, path ? path : "-", err);
	if (rc)
		ky_error_prefix(err, "simulate");
	sim_destroy(sim);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	const char *output = NULL, *encoding = NULL;
	struct sim_options opt;
	struct form *form = NULL;
	long n = -1, seed = 1, days;
	int c, rc = KY_OK;

	sim_options_init(&opt);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:o:", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			rc = cmdline_long(err, "simulate", "-n", optarg, 0, 1000000000L, &n);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_SEED:
			rc = cmdline_long(err, "simulate", "--seed", optarg, 0, 4294967295L, &seed);
			break;
		case OPT_MISSING:
			rc = cmdline_double(err, "simulate", "--missing", optarg, 0, 1, &opt.missing);
			break;
		case OPT_PARTIAL:
			rc = cmdline_double(err, "simulate", "--partial", optarg, 0, 1, &opt.partial);
			break;
		case OPT_STRUCTURE:
			if (!strcmp(optarg, "on") || !strcmp(optarg, "off"))
				opt.structure = !strcmp(optarg, "on");
			else
				rc = ky_error_set(err, KY_EUSAGE,
						  "simulate: '--structure' takes 'on' or 'off', not '%s'",
						  optarg);
			break;
		case OPT_LANG_MIX:
			sim_lang_shares_free(opt.langs, opt.n_langs);
			rc = sim_parse_lang_mix(optarg, &opt.langs, &opt.n_langs, err);
			break;
		case OPT_ENCODING:
			encoding = optarg;
			break;
		case OPT_START:
			rc = parse_day(optarg, &opt.start_day, err);
			break;
		case OPT_DAYS:
			rc = cmdline_long(err, "simulate", "--days", optarg, 1, 3650, &days);
			opt.span_days = (double)days;
			break;
		case OPT_HELP:
			command_print_usage(&cmd_simulate);
			goto out;
		default:
			rc = cmdline_bad_option(err, "simulate", argc, argv, c);
			break;
		}
		if (rc)
			goto out;
	}
	if (optind != argc - 1) {
		rc = ky_error_set(err, KY_EUSAGE, "simulate: %s (see 'kysely simulate --help')",
				  optind >= argc ? "name the form to simulate"
						 : "only one form at a time");
		goto out;
	}
	if (n < 0) {
		rc = ky_error_set(err, KY_EUSAGE, "simulate: say how many respondents with -n N");
		goto out;
	}
	opt.seed = (unsigned long)seed;
	if ((rc = xlsform_read_reported("simulate", argv[optind], encoding, &form, err)))
		goto out;
	rc = write_responses(form, argv[optind], &opt, n, output, err);
out:
	if (form)
		form_destroy(form);
	sim_lang_shares_free(opt.langs, opt.n_langs);
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
	"  -n N                 respondents to write\n"
	"  --seed S             random seed, 0 to 4294967295 (default 1)\n"
	"  -o, --output FILE    write to FILE (created 0600) instead of stdout\n"
	"  --missing RATE       item non-response of non-required questions (0.05)\n"
	"  --partial RATE       share of respondents who stop early, status partial (0.05)\n"
	"  --structure on|off   latent knowledge by profession and experience drives\n"
	"                       scored items, items of a scale correlate, importance\n"
	"                       exceeds competence on need pairs (on); off: uniform\n"
	"  --lang-mix CODE=SHARE,...  languages of the respondents (default: the\n"
	"                       form's codes, fi=0.7,sv=0.2,en=0.1 where present)\n"
	"  --start-date DATE    first day of field work, YYYY-MM-DD (2015-03-02)\n"
	"  --days D             field work lasts D days (30)\n"
	"  --encoding NAME      source encoding of the form files (default UTF-8)\n"
	"\n"
	"Example:\n"
	"  kysely simulate surveys/ht-needs -n 242 --seed 2015 -o responses.csv\n",
	.run = run,
};
