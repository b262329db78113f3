/* cmd-report.c - `kysely report`: the analysis as one self-contained HTML page.
 *
 * Runs `kysely analyze` with the same options into a private temporary
 * folder, reads back its estimates.csv and tests.csv, and draws the page
 * from them (report/report.c), so that the report shows exactly the
 * numbers of the CSV and adds none of its own. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "command.h"
#include "io/safe-output.h"
#include "report/report.h"
#include "store/store.h"
#include "util/cmdline.h"
#include "util/mem.h"

struct report_args {
	const char *db, *output, *form_id;
	struct report_options opt;
	const char **rake;
	char **analyze_argv;
	int analyze_argc;
};

static void pass_through(struct report_args *a, const char *opt, const char *value)
{
	a->analyze_argv = ky_reallocarray(a->analyze_argv, (size_t)a->analyze_argc + 3, sizeof *a->analyze_argv);
	a->analyze_argv[a->analyze_argc++] = (char *)opt;
	if (value)
		a->analyze_argv[a->analyze_argc++] = (char *)value;
	a->analyze_argv[a->analyze_argc] = NULL;
}

enum { OPT_CHARTS = 256, OPT_ANALYZE_VALUE, OPT_ANALYZE_FLAG };

/* the published rule of statistics.md, "Disclosure control" */
#define REPORT_DEFAULT_MIN_CELL "5"


static const struct option long_options[] = {
	{"db", required_argument, NULL, 'd'},
	{"output", required_argument, NULL, 'o'},
	{"charts", required_argument, NULL, OPT_CHARTS},
	{"help", no_argument, NULL, 'h'},
	/* analysis options, handed to analyze as they are */
	{"form", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"by", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"method", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"level", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"weight", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"poststratify", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"rake", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"strata", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"cluster", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"fpc", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"min-cell", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"lang", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"digits", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"pass-mark", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"adjust", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"seed", required_argument, NULL, OPT_ANALYZE_VALUE},
	{"complete-only", no_argument, NULL, OPT_ANALYZE_FLAG},
	{NULL, 0, NULL, 0}
};

/* "--by" for "by": the words handed to analyze, static for the run. */
static const char *analyze_option_word(const char *name)
{
	static char words[sizeof long_options / sizeof long_options[0]][24];
	size_t i;
	for (i = 0; long_options[i].name; i++)
		if (!strcmp(long_options[i].name, name)) {
			snprintf(words[i], sizeof words[i], "--%s", name);
			return words[i];
		}
	return name;
}

static void note_design_option(struct report_args *a, const char *name, const char *value)
{
	if (!strcmp(name, "weight"))
		a->opt.weight = value;
	else if (!strcmp(name, "strata"))
		a->opt.strata = value;
	else if (!strcmp(name, "cluster"))
		a->opt.cluster = value;
	else if (!strcmp(name, "poststratify"))
		a->opt.poststratify = value;
	else if (!strcmp(name, "min-cell"))
		a->opt.min_cell = value;
	else if (!strcmp(name, "lang"))
		a->opt.lang = value;
	else if (!strcmp(name, "form"))
		a->form_id = value;
	else if (!strcmp(name, "rake")) {
		a->rake = ky_reallocarray(a->rake, a->opt.n_rake + 1, sizeof *a->rake);
		a->rake[a->opt.n_rake++] = value;
		a->opt.rake = a->rake;
	}
}

static int parse_args(int argc, char **argv, struct report_args *a, struct ky_error *err)
{
	int c, index;
	opterr = 0;
	optind = 1;
	pass_through(a, "analyze", NULL);
	while ((c = getopt_long(argc, argv, ":d:o:h", long_options, &index)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'o': a->output = optarg; break;
		case OPT_CHARTS: a->opt.charts_dir = optarg; break;
		case 'h': return -1;
		case OPT_ANALYZE_VALUE:
		case OPT_ANALYZE_FLAG:
			/* getopt_long gives the option's index only for long options. */
			note_design_option(a, long_options[index].name, optarg);
			pass_through(a, analyze_option_word(long_options[index].name),
				     c == OPT_ANALYZE_VALUE ? optarg : NULL);
			break;
		default:
			return cmdline_bad_option(err, "report", argc, argv, c);
		}
	}
	if (optind < argc)
		return ky_error_set(err, KY_EUSAGE, "report: unexpected argument '%s'", argv[optind]);
	if (!a->db)
		return ky_error_set(err, KY_EUSAGE, "report: '--db DB' is required");
	if (!a->output)
		return ky_error_set(err, KY_EUSAGE, "report: '-o FILE' is required");
	if (!a->opt.lang)
		a->opt.lang = "en";
	/* a report is read by policy teams: the published rule unless the
	 * user chose another (--min-cell 0 shows every cell) */
	if (!a->opt.min_cell) {
		a->opt.min_cell = REPORT_DEFAULT_MIN_CELL;
		pass_through(a, "--min-cell", REPORT_DEFAULT_MIN_CELL);
	}
	return KY_OK;
}

struct study_scan {
	struct report_study *st;
};

static void keep_extreme(char *dst, size_t len, const char *ts, int want_max)
{
	int cmp;
	if (!ts || !*ts)
		return;
	cmp = *dst ? strncmp(ts, dst, 10) : (want_max ? 1 : -1);
	if ((want_max && cmp > 0) || (!want_max && cmp < 0))
		snprintf(dst, len, "%.10s", ts);
}

static int count_response(void *ctx, const struct store_response *r, const char *const *attrs)
{
	struct report_study *st = ((struct study_scan *)ctx)->st;
	(void)attrs;
	st->respondents++;
	if (r->status && !strcmp(r->status, "complete"))
		st->complete++;
	else
		st->partial++;
	keep_extreme(st->first, sizeof st->first, r->started, 0);
	keep_extreme(st->last, sizeof st->last, r->completed && *r->completed ? r->completed : r->started, 1);
	return 0;
}

static int read_study(const struct report_args *a, struct report_study *st, struct form **form,
		      struct ky_error *err)
{
	struct store *s;
	struct study_scan scan = {st};
	int64_t form_pk;
	int rc;
	if ((rc = store_open(a->db, STORE_READONLY, &s, err)) != KY_OK)
		return rc;
	rc = store_load_form(s, a->form_id, &form_pk, form, err);
	if (rc == KY_OK)
		rc = store_scan(s, form_pk, NULL, 0, count_response, &scan, err);
	store_close(s);
	if (rc == KY_OK) {
		st->form_id = (*form)->form_id;
		st->title = (*form)->title;
		st->version = (*form)->version;
		st->form = *form;
	}
	return rc;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char *p = ky_asprintf("%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	closedir(d);
	rmdir(dir);
}

/* The page and the charts are 0600 like every other output: with the
 * default --min-cell 0 they show groups of one respondent. */
static int write_page(const struct report_args *a, const struct report_study *st,
		      const struct table *est, const struct table *tests, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct report_options opt = a->opt;
	struct safe_output out;
	int rc;

	if (a->opt.charts_dir && (rc = safe_output_dir(a->opt.charts_dir, err)))
		return ky_error_prefix(err, "report");
	safe_output_guard_add(&guard, a->db, "the database");
	opt.guard = &guard;
	rc = safe_output_open(&out, a->output, &guard, err);
	if (rc) {
		ky_error_prefix(err, "report");
	} else if ((rc = report_write(out.fp, st, est, tests, &opt, err))) {
		safe_output_discard(&out);
	} else if ((rc = safe_output_commit(&out, err))) {
		ky_error_prefix(err, "report");
	}
	safe_output_guard_release(&guard);
	return rc;
}

static int analyze_into(struct report_args *a, const char *dir, struct ky_error *err)
{
	int rc;
	pass_through(a, "--db", a->db);
	pass_through(a, "--out", dir);
	rc = cmd_analyze.run(a->analyze_argc, a->analyze_argv, err);
	if (rc != KY_OK && !strncmp(err->msg, "analyze: ", 9)) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "report: %s", err->msg + 9);   /* the user typed `report` */
		memcpy(err->msg, msg, sizeof msg);
	}
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct report_args a = {0};
	struct report_study st = {0};
	struct table est = {0}, tests = {0};
	struct form *form = NULL;
	char tmpl[4096], *path;
	const char *tmpdir = getenv("TMPDIR");
	int rc = parse_args(argc, argv, &a, err);
	if (rc < 0) {
		command_print_usage(&cmd_report);
		free(a.analyze_argv);
		free(a.rake);
		return KY_OK;
	}
	if (rc == KY_OK)
		rc = read_study(&a, &st, &form, err);
	snprintf(tmpl, sizeof tmpl, "%s/kysely-report-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (rc == KY_OK && !mkdtemp(tmpl))
		rc = ky_error_set(err, KY_EIO, "report: %s: %s", tmpl, strerror(errno));
	if (rc == KY_OK) {
		rc = analyze_into(&a, tmpl, err);
		if (rc == KY_OK) {
			path = ky_asprintf("%s/estimates.csv", tmpl);
			rc = table_read(&est, path, 0, err);
			free(path);
		}
		if (rc == KY_OK) {
			path = ky_asprintf("%s/tests.csv", tmpl);
			rc = table_read(&tests, path, 1, err);
			free(path);
		}
		if (rc == KY_OK)
			rc = write_page(&a, &st, &est, &tests, err);
		remove_tree(tmpl);
	}
	table_release(&est);
	table_release(&tests);
	if (form)
		form_destroy(form);
	free(a.analyze_argv);
	free(a.rake);
	return rc;
}

const struct command cmd_report = {
	.name = "report",
	.summary = "write the analysis as one self-contained HTML page with charts",
	.usage =
	"usage: kysely report --db DB -o REPORT.html [--charts DIR] [analysis options]\n"
	"\n"
	"Runs the same analysis as 'kysely analyze' and writes it as one HTML page\n"
	"(no scripts, no network; inline SVG charts; prints on A4): the study, the\n"
	"knowledge score, every question's shares with intervals overall and by\n"
	"group, training needs ranked, scales with Cronbach's alpha, tests with\n"
	"adjusted p-values, suppressed cells marked, and the methods in plain words.\n"
	"\n"
	"  -d, --db DB          the database\n"
	"  -o, --output FILE    the HTML file to write, 0600 ('-' for standard output)\n"
	"      --charts DIR     also write every chart as DIR/NN-NAME.svg (0600), for slides\n"
	"      --lang CODE      the language of labels and of the report's own words (fi, sv, en)\n"
	"  Every option of 'kysely analyze' is accepted and passed on (--by, --weight,\n"
	"  --method, --level, --strata, --cluster, --fpc, --poststratify, --rake,\n"
	"  --min-cell, --digits, --form, --complete-only, --pass-mark, --adjust).\n"
	"  Unlike analyze, the report suppresses cells below 5 unless --min-cell is\n"
	"  given (the published rule; --min-cell 0 shows every cell).\n"
	"\n"
	"Example:\n"
	"  kysely report --db study.db --by profession --min-cell 5 --lang fi -o report.html --charts charts/\n",
	.run = run,
};
