/* options.c - the analysis options of every command (options.h). */
#include "config.h"
#include <math.h>
#include <string.h>
#include "analyze/options.h"
#include "util/cmdline.h"
#include "util/mem.h"

enum {
	OPT_DB = ANALYZE_OPTION_FIRST, OPT_FORM, OPT_BY, OPT_METHOD, OPT_LEVEL, OPT_WEIGHT,
	OPT_POSTSTRATIFY, OPT_RAKE, OPT_STRATA, OPT_CLUSTER, OPT_FPC, OPT_MIN_CELL,
	OPT_LANG, OPT_DIGITS, OPT_COMPLETE_ONLY, OPT_LONELY_PSU, OPT_ADJUST, OPT_PUBLISHED,
	OPT_PASS_MARK, OPT_LAST
};

static const struct option table[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "form", required_argument, NULL, OPT_FORM },
	{ "by", required_argument, NULL, OPT_BY },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "weight", required_argument, NULL, OPT_WEIGHT },
	{ "poststratify", required_argument, NULL, OPT_POSTSTRATIFY },
	{ "rake", required_argument, NULL, OPT_RAKE },
	{ "strata", required_argument, NULL, OPT_STRATA },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "fpc", required_argument, NULL, OPT_FPC },
	{ "min-cell", required_argument, NULL, OPT_MIN_CELL },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "digits", required_argument, NULL, OPT_DIGITS },
	{ "complete-only", no_argument, NULL, OPT_COMPLETE_ONLY },
	{ "lonely-psu", required_argument, NULL, OPT_LONELY_PSU },
	{ "adjust", required_argument, NULL, OPT_ADJUST },
	{ "published", no_argument, NULL, OPT_PUBLISHED },
	{ "pass-mark", required_argument, NULL, OPT_PASS_MARK },
	{ NULL, 0, NULL, 0 }
};

void analyze_options_init(struct analyze_options *o, const char *command)
{
	memset(o, 0, sizeof *o);
	o->command = command;
	o->level = 0.95;
	o->digits = 6;
	o->pass_mark = NAN;
}

bool analyze_option_is(int c)
{
	return c >= ANALYZE_OPTION_FIRST && c < OPT_LAST;
}

static int add_name(struct analyze_options *o, const char **names, size_t *n, const char *what,
		    const char *arg, struct ky_error *err)
{
	if (*n == ANALYZE_MAX_BY)
		return ky_error_set(err, KY_EUSAGE, "%s: at most %d %s", o->command, ANALYZE_MAX_BY, what);
	names[(*n)++] = arg;
	return KY_OK;
}

static int apply_number(struct analyze_options *o, int c, const char *arg, struct ky_error *err)
{
	long lv;
	switch (c) {
	case OPT_LEVEL:
		return cmdline_double(err, o->command, "--level", arg, 0.5, 0.9999, &o->level);
	case OPT_MIN_CELL:
		o->min_cell_given = true;
		return cmdline_long(err, o->command, "--min-cell", arg, 0, 1000000, &o->min_cell);
	case OPT_DIGITS:
		if (cmdline_long(err, o->command, "--digits", arg, 1, 15, &lv))
			return err->code;
		o->digits = (int)lv;
		return KY_OK;
	default: /* OPT_PASS_MARK */
		return cmdline_double(err, o->command, "--pass-mark", arg, 0, 100, &o->pass_mark);
	}
}

int analyze_option_apply(struct analyze_options *o, int c, const char *arg, struct ky_error *err)
{
	switch (c) {
	case OPT_DB: o->db = arg; break;
	case OPT_FORM: o->form_id = arg; break;
	case OPT_BY: return add_name(o, o->by, &o->n_by, "--by", arg, err);
	case OPT_RAKE: return add_name(o, o->rake, &o->n_rake, "--rake", arg, err);
	case OPT_METHOD: o->method_name = arg; break;
	case OPT_WEIGHT: o->weight = arg; break;
	case OPT_POSTSTRATIFY: o->poststratify = arg; break;
	case OPT_STRATA: o->strata = arg; break;
	case OPT_CLUSTER: o->cluster = arg; break;
	case OPT_FPC: o->fpc = arg; break;
	case OPT_PUBLISHED: o->published = true; break;
	case OPT_LANG: o->lang = arg; break;
	case OPT_COMPLETE_ONLY: o->complete_only = true; break;
	case OPT_LONELY_PSU: o->lonely_psu = arg; break;
	case OPT_ADJUST: o->adjust = arg; break;
	default: return apply_number(o, c, arg, err);
	}
	return KY_OK;
}

int analyze_options_check(struct analyze_options *o, struct ky_error *err)
{
	/* tables meant for publication suppress small cells unless told otherwise */
	if (o->published && !o->min_cell_given)
		o->min_cell = 5;
	if (!o->db)
		return ky_error_set(err, KY_EUSAGE, "%s: --db is required", o->command);
	if (o->poststratify && o->n_rake)
		return ky_error_set(err, KY_EUSAGE, "%s: --poststratify and --rake cannot be combined",
				    o->command);
	return KY_OK;
}

struct option *analyze_options_merge(const struct option *own)
{
	size_t n_own = 0, n = sizeof table / sizeof table[0];
	while (own[n_own].name)
		n_own++;
	struct option *all = ky_calloc(n_own + n, sizeof *all);
	memcpy(all, own, n_own * sizeof *all);
	memcpy(all + n_own, table, n * sizeof *all);
	return all;
}
