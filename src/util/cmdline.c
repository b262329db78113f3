/* cmdline.c - the one option parser (cmdline.h), over getopt_long(3). */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/cmdline.h"
#include "util/mem.h"
#include "util/number.h"

/* getopt_long's value for the long option of flat row i */
#define CMDLINE_LONG_BASE 256
#define CMDLINE_HELP_COLUMN 22

/* A row of the flattened tables and the struct it writes into. */
struct cmdline_row {
	const struct cmdline_option *opt;
	void *base;
};

/* A table ends with a row of neither name (CMDLINE_OPT_END). */
static bool is_row(const struct cmdline_option *o)
{
	return o->name || o->short_name;
}

/* "--name", or "-n" for a row without a long name. */
static void option_word(const struct cmdline_option *o, char *buf, size_t len)
{
	if (o->name)
		snprintf(buf, len, "--%s", o->name);
	else
		snprintf(buf, len, "-%c", o->short_name);
}

static size_t count_rows(const struct cmdline_table *tables, size_t n_tables)
{
	size_t n = 0;
	for (size_t t = 0; t < n_tables; t++)
		for (const struct cmdline_option *o = tables[t].options; is_row(o); o++)
			n++;
	return n;
}

static void flatten(const struct cmdline_table *tables, size_t n_tables,
		    struct cmdline_row *rows, struct option *longopts, char *shorts)
{
	size_t i = 0, l = 0, s = 0;

	shorts[s++] = ':';   /* a missing value returns ':' */
	shorts[s++] = 'h';
	for (size_t t = 0; t < n_tables; t++)
		for (const struct cmdline_option *o = tables[t].options; is_row(o); o++, i++) {
			rows[i].opt = o;
			rows[i].base = tables[t].base;
			if (o->name) {
				longopts[l].name = o->name;
				longopts[l].has_arg = o->arg ? required_argument : no_argument;
				longopts[l].flag = NULL;
				longopts[l].val = CMDLINE_LONG_BASE + (int)i;
				l++;
			}
			if (o->short_name) {
				shorts[s++] = (char)o->short_name;
				if (o->arg)
					shorts[s++] = ':';
			}
		}
	longopts[l].name = "help";
	longopts[l].has_arg = no_argument;
	longopts[l].flag = NULL;
	longopts[l].val = 'h';
	memset(&longopts[l + 1], 0, sizeof longopts[l + 1]);
	shorts[s] = '\0';
}

static int store_list(const char *cmd, const struct cmdline_option *o, char *base,
		      const char *value, struct ky_error *err)
{
	const char **list = (const char **)(void *)(base + o->offset);
	size_t *count = (size_t *)(void *)(base + o->count_offset);
	char option[64];

	option_word(o, option, sizeof option);
	if (*count >= (size_t)o->max)
		return ky_error_set(err, KY_EUSAGE, "%s: at most %zu %s", cmd,
				    (size_t)o->max, option);
	list[(*count)++] = value;
	return KY_OK;
}

/* Puts one option's value where its row says. */
static int store_value(const char *cmd, const struct cmdline_row *row, const char *value,
		       struct ky_error *err)
{
	const struct cmdline_option *o = row->opt;
	char *base = row->base, option[64];
	long lv;

	option_word(o, option, sizeof option);
	switch (o->kind) {
	case CMDLINE_FLAG:
		*(bool *)(void *)(base + o->offset) = true;
		return KY_OK;
	case CMDLINE_STRING:
		*(const char **)(void *)(base + o->offset) = value;
		return KY_OK;
	case CMDLINE_LIST:
		return store_list(cmd, o, base, value, err);
	case CMDLINE_LONG:
		return cmdline_long(err, cmd, option, value, (long)o->min, (long)o->max,
				    (long *)(void *)(base + o->offset));
	case CMDLINE_INT:
		if (cmdline_long(err, cmd, option, value, (long)o->min, (long)o->max, &lv))
			return err->code;
		*(int *)(void *)(base + o->offset) = (int)lv;
		return KY_OK;
	case CMDLINE_DOUBLE:
		return cmdline_double(err, cmd, option, value, o->min, o->max,
				      (double *)(void *)(base + o->offset));
	case CMDLINE_CALL:
		return o->call(base, value, err);
	}
	return KY_OK;
}

static int find_short(const struct cmdline_row *rows, size_t n, int c)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].opt->short_name == c)
			return (int)i;
	return -1;
}

static int check_required(const struct cmdline *cl, const char *cmd,
			  const struct cmdline_row *rows, size_t n, struct ky_error *err)
{
	char option[64];

	for (size_t i = 0; i < n; i++)
		if (rows[i].opt->required && !cl->given[i]) {
			option_word(rows[i].opt, option, sizeof option);
			return ky_error_set(err, KY_EUSAGE, "%s: %s is required", cmd, option);
		}
	return KY_OK;
}

static int parse_loop(struct cmdline *cl, const char *cmd, const struct cmdline_row *rows,
		      size_t n, const struct option *longopts, const char *shorts, int argc,
		      char **argv, struct ky_error *err)
{
	int c, i, rc;

	/* '-' first: positional arguments come back in order, as code 1 */
	while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		if (c == 1) {
			cl->args[cl->n_args++] = optarg;
			continue;
		}
		if (c == 'h') {
			cl->help = true;
			return KY_OK;
		}
		i = c >= CMDLINE_LONG_BASE ? c - CMDLINE_LONG_BASE : find_short(rows, n, c);
		if (c == '?' || c == ':' || i < 0)
			return cmdline_bad_option(err, cmd, argc, argv, c);
		cl->given[i] = true;
		if ((rc = store_value(cmd, &rows[i], optarg, err)))
			return rc;
	}
	while (optind < argc)   /* after "--" */
		cl->args[cl->n_args++] = argv[optind++];
	return check_required(cl, cmd, rows, n, err);
}

int cmdline_parse(struct cmdline *cl, const char *cmd, const struct cmdline_table *tables,
		  size_t n_tables, int argc, char **argv, struct ky_error *err)
{
	size_t n = count_rows(tables, n_tables);
	struct cmdline_row *rows = ky_calloc(n + 1, sizeof *rows);
	struct option *longopts = ky_calloc(n + 2, sizeof *longopts);
	char *shorts = ky_calloc(2 * n + 4, 1);
	int rc;

	memset(cl, 0, sizeof *cl);
	/* a copy: the caller's array may be gone when cmdline_given asks */
	cl->tables = ky_calloc(n_tables + 1, sizeof *cl->tables);
	memcpy(cl->tables, tables, n_tables * sizeof *tables);
	cl->n_tables = n_tables;
	cl->given = ky_calloc(n + 1, sizeof *cl->given);
	cl->args = ky_calloc((size_t)argc + 1, sizeof *cl->args);
	flatten(tables, n_tables, rows, longopts, shorts + 1);
	shorts[0] = '-';
	opterr = 0;
	optind = 1;
	rc = parse_loop(cl, cmd, rows, n, longopts, shorts, argc, argv, err);
	free(shorts);
	free(longopts);
	free(rows);
	return rc;
}

bool cmdline_given(const struct cmdline *cl, const char *name)
{
	size_t i = 0;
	for (size_t t = 0; t < cl->n_tables; t++)
		for (const struct cmdline_option *o = cl->tables[t].options; is_row(o); o++, i++)
			if (o->name && !strcmp(o->name, name))
				return cl->given[i];
	return false;
}

void cmdline_release(struct cmdline *cl)
{
	free(cl->given);
	free(cl->args);
	free(cl->tables);
	cl->tables = NULL;
	cl->given = NULL;
	cl->args = NULL;
	cl->n_args = 0;
}

static void print_option(FILE *out, const struct cmdline_option *o)
{
	int width;
	const char *h = o->help ? o->help : "", *nl;

	if (!o->name)
		width = fprintf(out, "  -%c%s%s", o->short_name, o->arg ? " " : "",
				o->arg ? o->arg : "");
	else if (o->short_name)
		width = fprintf(out, "  -%c, --%s%s%s", o->short_name, o->name,
				o->arg ? " " : "", o->arg ? o->arg : "");
	else
		width = fprintf(out, "  --%s%s%s", o->name, o->arg ? " " : "",
				o->arg ? o->arg : "");
	/* a long option and value: the text starts on the next line */
	if (width < CMDLINE_HELP_COLUMN - 1)
		fprintf(out, "%*s", CMDLINE_HELP_COLUMN - width, "");
	else
		fprintf(out, "\n%*s", CMDLINE_HELP_COLUMN, "");
	while ((nl = strchr(h, '\n'))) {
		fprintf(out, "%.*s\n%*s", (int)(nl - h), h, CMDLINE_HELP_COLUMN, "");
		h = nl + 1;
	}
	fprintf(out, "%s\n", h);
}

void cmdline_print_options(FILE *out, const struct cmdline_option *const *tables)
{
	for (size_t t = 0; tables && tables[t]; t++)
		for (const struct cmdline_option *o = tables[t]; is_row(o); o++)
			print_option(out, o);
	fprintf(out, "  -h, --help          this text\n");
}

int cmdline_bad_option(struct ky_error *err, const char *cmd, int argc,
		       char **argv, int ret)
{
	/* getopt_long advanced optind past the offending word already. */
	const char *word = (optind > 0 && optind <= argc) ? argv[optind - 1] : "?";
	if (ret == ':')
		return ky_error_set(err, KY_EUSAGE, "%s: option '%s' needs a value",
				    cmd, word);
	if (optopt && !(word[0] == '-' && word[1] == '-'))
		return ky_error_set(err, KY_EUSAGE, "%s: unknown option '-%c'",
				    cmd, optopt);
	return ky_error_set(err, KY_EUSAGE, "%s: unknown option '%s'", cmd, word);
}

int cmdline_long(struct ky_error *err, const char *cmd, const char *option,
		 const char *text, long min, long max, long *out)
{
	char *end = NULL;
	long v = 0;
	/* digits with an optional minus, as answers write whole numbers:
	 * strtol alone would also take leading blanks and a plus sign */
	bool digits = isdigit((unsigned char)text[text[0] == '-']);
	errno = 0;
	if (digits)
		v = strtol(text, &end, 10);
	if (!digits || errno || *end || v < min || v > max)
		return ky_error_set(err, KY_EUSAGE,
				    "%s: '%s' takes a whole number from %ld to %ld, not '%s'",
				    cmd, option, min, max, text);
	*out = v;
	return KY_OK;
}

/* 1000000, not 1e+06; 0.9999 as it is */
static void format_bound(char *buf, size_t len, double v)
{
	if (fabs(v) < 1e15 && v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%g", v);
}

int cmdline_double(struct ky_error *err, const char *cmd, const char *option,
		   const char *text, double min, double max, double *out)
{
	double v;

	/* the grammar of numbers in answers: no hex, inf or nan, no blanks */
	if (!ky_parse_decimal(text, true, &v) || v < min || v > max) {
		char lo[32], hi[32];
		format_bound(lo, sizeof lo, min);
		format_bound(hi, sizeof hi, max);
		return ky_error_set(err, KY_EUSAGE,
				    "%s: '%s' takes a number from %s to %s, not '%s'",
				    cmd, option, lo, hi, text);
	}
	*out = v;
	return KY_OK;
}

bool cmdline_color_ok(int fd)
{
	const char *no = getenv("NO_COLOR");
	return isatty(fd) && !(no && *no);
}

bool cmdline_progress_ok(void)
{
	return isatty(STDERR_FILENO);
}
