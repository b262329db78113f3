/* cmd-model.c - `kysely model`: linear and logistic regressions of a
 * formula's outcome on its terms (interfaces.md section 5, "Models"),
 * unweighted as lm/glm or under analyze's design options as svyglm:
 * options and files here, the frame in src/analyze/model-frame.c, the
 * maths in analysis/glm.c. */
#include "config.h"
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/analyze.h"
#include "analyze/model-frame.h"
#include "command.h"
#include "io/csvwrite.h"
#include "io/safe-output.h"
#include "util/cmdline.h"
#include "util/mem.h"

#define MODEL_MAX_FORMULAS 64

enum {
	OPT_DB = 256, OPT_FORM, OPT_OUT, OPT_FAMILY, OPT_REF, OPT_LEVEL, OPT_DIGITS, OPT_LANG,
	OPT_PASS_MARK, OPT_COMPLETE_ONLY, OPT_WEIGHT, OPT_STRATA, OPT_CLUSTER, OPT_FPC,
	OPT_POSTSTRATIFY, OPT_RAKE, OPT_LONELY_PSU, OPT_HELP
};

static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "form", required_argument, NULL, OPT_FORM },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "family", required_argument, NULL, OPT_FAMILY },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "digits", required_argument, NULL, OPT_DIGITS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "pass-mark", required_argument, NULL, OPT_PASS_MARK },
	{ "complete-only", no_argument, NULL, OPT_COMPLETE_ONLY },
	/* analyze's design options (svyglm) */
	{ "weight", required_argument, NULL, OPT_WEIGHT },
	{ "strata", required_argument, NULL, OPT_STRATA },
	{ "cluster", required_argument, NULL, OPT_CLUSTER },
	{ "fpc", required_argument, NULL, OPT_FPC },
	{ "poststratify", required_argument, NULL, OPT_POSTSTRATIFY },
	{ "rake", required_argument, NULL, OPT_RAKE },
	{ "lonely-psu", required_argument, NULL, OPT_LONELY_PSU },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

struct model_options {
	struct analyze_options a;
	int family;                      /* -1: the outcome's own */
	const char *ref[MODEL_MAX_REFS];
	size_t n_refs;
	const char *formula[MODEL_MAX_FORMULAS];
	size_t n_formulas;
};

static int parse_option(struct model_options *o, int c, int argc, char **argv,
			struct ky_error *err)
{
	long lv;

	switch (c) {
	case OPT_DB: o->a.db = optarg; break;
	case OPT_FORM: o->a.form_id = optarg; break;
	case OPT_OUT: o->a.out_dir = optarg; break;
	case OPT_FAMILY:
		if (strcmp(optarg, "gaussian") && strcmp(optarg, "binomial"))
			return ky_error_set(err, KY_EUSAGE, "model: --family '%s': use gaussian or binomial", optarg);
		o->family = strcmp(optarg, "gaussian") ? GLM_BINOMIAL : GLM_GAUSSIAN;
		break;
	case OPT_REF:
		if (!strchr(optarg, '=') || o->n_refs == MODEL_MAX_REFS)
			return ky_error_set(err, KY_EUSAGE, "model: --ref '%s': use VAR=LEVEL (at most %d)", optarg, MODEL_MAX_REFS);
		o->ref[o->n_refs++] = optarg;
		break;
	case OPT_LEVEL:
		return cmdline_double(err, "model", "--level", optarg, 0.5, 0.9999, &o->a.level);
	case OPT_DIGITS:
		if (cmdline_long(err, "model", "--digits", optarg, 1, 15, &lv))
			return err->code;
		o->a.digits = (int)lv;
		break;
	case OPT_LANG: o->a.lang = optarg; break;
	case OPT_PASS_MARK:
		return cmdline_double(err, "model", "--pass-mark", optarg, 0, 100, &o->a.pass_mark);
	case OPT_COMPLETE_ONLY: o->a.complete_only = true; break;
	case OPT_WEIGHT: o->a.weight = optarg; break;
	case OPT_STRATA: o->a.strata = optarg; break;
	case OPT_CLUSTER: o->a.cluster = optarg; break;
	case OPT_FPC: o->a.fpc = optarg; break;
	case OPT_POSTSTRATIFY: o->a.poststratify = optarg; break;
	case OPT_RAKE:
		if (o->a.n_rake == ANALYZE_MAX_BY)
			return ky_error_set(err, KY_EUSAGE, "model: at most %d --rake", ANALYZE_MAX_BY);
		o->a.rake[o->a.n_rake++] = optarg;
		break;
	case OPT_LONELY_PSU: o->a.lonely_psu = optarg; break;
	default:
		return cmdline_bad_option(err, "model", argc, argv, c);
	}
	return KY_OK;
}

static int parse_options(int argc, char **argv, struct model_options *o, bool *help,
			 struct ky_error *err)
{
	int c, rc;

	memset(o, 0, sizeof *o);
	o->a.level = 0.95;
	o->a.digits = 6;
	o->a.pass_mark = NAN;
	o->a.columns = true;
	o->family = -1;
	opterr = 0;
	optind = 1;
	/* '-' in optstring: formulas are in-order arguments among the options */
	while ((c = getopt_long(argc, argv, "-:", options, NULL)) != -1) {
		if (c == OPT_HELP) {
			*help = true;
			return KY_OK;
		}
		if (c == 1) {
			if (o->n_formulas == MODEL_MAX_FORMULAS)
				return ky_error_set(err, KY_EUSAGE, "model: at most %d formulas", MODEL_MAX_FORMULAS);
			o->formula[o->n_formulas++] = optarg;
			continue;
		}
		if ((rc = parse_option(o, c, argc, argv, err)))
			return rc;
	}
	if (!o->a.db)
		return ky_error_set(err, KY_EUSAGE, "model: --db is required");
	if (!o->a.out_dir)
		return ky_error_set(err, KY_EUSAGE, "model: --out is required");
	if (!o->n_formulas)
		return ky_error_set(err, KY_EUSAGE, "model: give a formula 'OUTCOME ~ TERM + TERM ...'");
	if (o->a.poststratify && o->a.n_rake)
		return ky_error_set(err, KY_EUSAGE, "model: --poststratify and --rake cannot be combined");
	return KY_OK;
}

/* ---- output ---- */

static const char *const coef_header[] = {
	"form", "model", "outcome", "family", "term", "level", "estimate", "std_error",
	"statistic", "df", "p_value", "conf_low", "conf_high", "conf_level", "odds_ratio",
	"or_low", "or_high", "n", "method"
};
static const char *const fit_header[] = {
	"form", "model", "n", "df_residual", "deviance", "null_deviance", "aic", "r_squared",
	"wald_statistic", "wald_df", "wald_p"
};

static void write_header(struct csvwrite *w, const char *const *h, size_t n)
{
	for (size_t k = 0; k < n; k++)
		csvwrite_text(w, h[k]);
	csvwrite_end_row(w);
}

static void write_coefs(struct csvwrite *w, const struct analyze_run *run, const struct model_formula *f,
			const struct model_frame *fr, const struct glm_fit *fit)
{
	bool binomial = fit->family == GLM_BINOMIAL;
	double level = run->opt->level;

	for (size_t j = 0; j < fr->p; j++) {
		double se, stat, df, p, low, high, b = fit->beta[j];
		glm_coef_test(fit, j, level, &se, &stat, &df, &p, &low, &high);
		csvwrite_text(w, run->form->form_id);
		csvwrite_text(w, f->given);
		csvwrite_text(w, f->outcome);
		csvwrite_text(w, binomial ? "binomial" : "gaussian");
		csvwrite_text(w, fr->term[j]);
		csvwrite_text(w, fr->level[j] ? fr->level[j] : "");
		csvwrite_number(w, b);
		csvwrite_number(w, se);
		csvwrite_number(w, stat);
		csvwrite_number(w, df);
		csvwrite_number(w, p);
		csvwrite_number(w, low);
		csvwrite_number(w, high);
		csvwrite_number(w, level);
		csvwrite_number(w, binomial ? exp(b) : NAN);
		csvwrite_number(w, binomial ? exp(low) : NAN);
		csvwrite_number(w, binomial ? exp(high) : NAN);
		csvwrite_int(w, (long long)fr->n);
		csvwrite_text(w, fit->design ? "svyglm" : binomial ? "glm" : "lm");
		csvwrite_end_row(w);
	}
}

static void write_fit(struct csvwrite *w, const struct analyze_run *run, const struct model_formula *f,
		      const struct glm_fit *fit)
{
	double stat, df, p;

	glm_wald(fit, 1, &stat, &df, &p);
	csvwrite_text(w, run->form->form_id);
	csvwrite_text(w, f->given);
	csvwrite_int(w, (long long)fit->n);
	csvwrite_number(w, fit->df_residual);
	csvwrite_number(w, fit->deviance);
	csvwrite_number(w, fit->null_deviance);
	csvwrite_number(w, fit->aic);
	csvwrite_number(w, fit->r_squared);
	csvwrite_number(w, stat);
	csvwrite_number(w, df);
	csvwrite_number(w, p);
	csvwrite_end_row(w);
}

/* svyglm: prior weights the design's, scaled to mean 1 over every row as
 * survey does (the scale changes only the deviances). */
static double *design_prior(const struct analyze_run *run, const struct model_frame *fr)
{
	const double *dw = design_weights(run->design);
	double mean = 0, *w = ky_calloc(fr->n + 1, sizeof *w);

	for (size_t i = 0; i < run->n; i++)
		mean += dw[i];
	mean /= (double)run->n;
	for (size_t r = 0; r < fr->n; r++)
		w[r] = dw[fr->row[r]] / mean;
	return w;
}

/* The sandwich variance of svy.varcoef: the rows' influence summed over
 * the design's PSUs, rows outside the complete cases contributing 0. */
static int design_variance(struct analyze_run *run, const struct model_frame *fr, struct glm_fit *fit,
			   struct ky_error *err)
{
	size_t n = run->n, p = fr->p;
	double *zc = ky_calloc(fr->n * p + 1, sizeof *zc), *z = ky_calloc(n * p + 1, sizeof *z);
	double *cov = ky_calloc(p * p + 1, sizeof *cov);
	unsigned char *in = ky_calloc(n + 1, 1);

	glm_influence(fit, fr->x, fr->y, zc);
	for (size_t r = 0; r < fr->n; r++) {
		memcpy(z + fr->row[r] * p, zc + r * p, p * sizeof *z);
		in[fr->row[r]] = 1;
	}
	int rc = design_covariance(run->design, z, p, cov, err);
	if (!rc)
		glm_set_design_covariance(fit, cov, design_domain_df(run->design, run->work, in));
	free(zc);
	free(z);
	free(cov);
	free(in);
	return rc;
}

static int fit_one(struct analyze_run *run, const struct model_options *o, const char *given,
		   struct csvwrite *coefs, struct csvwrite *fits, struct ky_error *err)
{
	struct model_formula f;
	struct model_frame fr = { 0 };
	struct glm_fit fit = { 0 };
	int rc = model_formula_parse(given, &f, err);

	if (!rc)
		rc = model_frame_build(run, &f, o->family, o->ref, o->n_refs, &fr, err);
	double *w = !rc && run->design ? design_prior(run, &fr) : NULL;
	if (!rc && (rc = glm_fit(fr.x, fr.y, w, fr.n, fr.p, fr.family, &fit, err)))
		ky_error_prefix(err, "model '%s'", given);
	if (!rc && run->design)
		rc = design_variance(run, &fr, &fit, err);
	free(w);
	if (!rc) {
		if (!fit.converged)
			ky_warn("model '%s': glm.fit: algorithm did not converge", given);
		if (fit.separation && !fit.design)
			ky_warn("model '%s': glm.fit: fitted probabilities numerically 0 or 1 occurred", given);
		write_coefs(coefs, run, &f, &fr, &fit);
		write_fit(fits, run, &f, &fit);
	}
	glm_fit_release(&fit);
	model_frame_release(&fr);
	model_formula_release(&f);
	return rc;
}

static int write_models(struct analyze_run *run, const struct model_options *o, struct ky_error *err)
{
	struct safe_output_guard guard = { 0 };
	struct csvwrite coefs = { 0 }, fits = { 0 };
	char *coef_path = ky_asprintf("%s/models.csv", o->a.out_dir);
	char *fit_path = ky_asprintf("%s/models-fit.csv", o->a.out_dir);
	int rc;

	safe_output_guard_add(&guard, o->a.db, "the database");
	safe_output_guard_add(&guard, o->a.poststratify, "a population file");
	for (size_t k = 0; k < o->a.n_rake; k++)
		safe_output_guard_add(&guard, o->a.rake[k], "a population file");
	rc = csvwrite_open(&coefs, coef_path, &guard, o->a.digits, err);
	if (!rc && (rc = csvwrite_open(&fits, fit_path, &guard, o->a.digits, err)))
		csvwrite_discard(&coefs);
	safe_output_guard_release(&guard);
	if (!rc) {
		write_header(&coefs, coef_header, sizeof coef_header / sizeof *coef_header);
		write_header(&fits, fit_header, sizeof fit_header / sizeof *fit_header);
		for (size_t k = 0; k < o->n_formulas && !rc; k++)
			rc = fit_one(run, o, o->formula[k], &coefs, &fits, err);
		if (rc) {
			csvwrite_discard(&coefs);
			csvwrite_discard(&fits);
		} else if (!(rc = csvwrite_close(&coefs, coef_path, err))) {
			rc = csvwrite_close(&fits, fit_path, err);
		} else {
			csvwrite_discard(&fits);
		}
	}
	free(coef_path);
	free(fit_path);
	return rc;
}

static int run(int argc, char **argv, struct ky_error *err)
{
	struct model_options o;
	struct analyze_run r = { 0 };
	const char *names[MODEL_MAX_FORMULAS * (MODEL_MAX_TERMS + 1) + ANALYZE_DESIGN_NAMES];
	struct analyze_design_names dn = { { 0 }, { 0 } };
	struct model_formula f[MODEL_MAX_FORMULAS];
	char *level_of[MODEL_MAX_FORMULAS] = { 0 };   /* Q of an outcome Q=LEVEL */
	size_t n_names = 0, n_parsed = 0;
	bool help = false;
	int rc = parse_options(argc, argv, &o, &help, err);

	if (rc)
		return rc;
	if (help) {
		command_print_usage(&cmd_model);
		return KY_OK;
	}
	/* every formula checked before the store is read; attributes named by
	 * terms or a numeric outcome are loaded with the answers, and only the
	 * questions named (and those of the knowledge scores) become columns:
	 * the others are summed on the way, at no memory per respondent */
	for (; n_parsed < o.n_formulas && !rc; n_parsed++) {
		if ((rc = model_formula_parse(o.formula[n_parsed], &f[n_parsed], err)))
			continue;
		model_formula_names(&f[n_parsed], names, &n_names);
		const char *eq = strchr(f[n_parsed].outcome, '=');
		if (eq) {
			level_of[n_parsed] = ky_strndup(f[n_parsed].outcome,
							(size_t)(eq - f[n_parsed].outcome));
			names[n_names++] = level_of[n_parsed];
		} else if (!strchr(f[n_parsed].outcome, '(')) {
			names[n_names++] = f[n_parsed].outcome;
		}
	}
	if (!rc)
		rc = analyze_design_names(&o.a, names, &n_names, &dn, err);
	r.weighted = o.a.weight || o.a.strata || o.a.cluster || o.a.fpc || o.a.poststratify || o.a.n_rake;
	if (!rc)
		rc = analyze_load(&r, &o.a, names, n_names, err);
	if (!rc && r.n == 0)
		rc = ky_error_set(err, KY_EINPUT, "model: no respondents to analyse in '%s'", o.a.db);
	if (!rc && r.weighted)
		rc = analyze_setup_design(&r, err);
	if (!rc)
		rc = safe_output_dir(o.a.out_dir, err);
	if (!rc)
		rc = write_models(&r, &o, err);
	for (size_t k = 0; k < n_parsed; k++) {
		model_formula_release(&f[k]);
		free(level_of[k]);
	}
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	return rc;
}

const struct command cmd_model = {
	.name = "model",
	.summary = "linear and logistic regression (as R lm and glm)",
	.usage =
	"usage: kysely model --db DB [--form ID] --out DIR [options] 'OUTCOME ~ TERM + TERM ...' ...\n"
	"\n"
	"Fits each formula on the respondents with the outcome and every term\n"
	"answered and writes DIR/models.csv (one row per coefficient: estimate,\n"
	"standard error, test, interval, odds ratio) and DIR/models-fit.csv (one\n"
	"row per model: n, residual df, deviance, AIC, R squared, Wald test).\n"
	"\n"
	"OUTCOME: a numeric question or attribute; Q=LEVEL of a select_one\n"
	"(binomial); score, score_pct, knowledge:DOMAIN (the domain's score_pct);\n"
	"pass (with --pass-mark); correct(ITEM) (binomial).\n"
	"TERM: a question or attribute, categorical when it has choices or text\n"
	"values (treatment contrasts, the first choice the reference), else numeric.\n"
	"\n"
	"  --family F          gaussian (lm) or binomial (logistic glm); default\n"
	"                      binomial for Q=LEVEL, pass and correct(ITEM)\n"
	"  --ref VAR=LEVEL     reference level of a categorical term (repeatable)\n"
	"  --level L           confidence level (default 0.95)\n"
	"  --digits N          significant digits (default 6, at most 15)\n"
	"  --lang CODE         the form's language for messages and labels\n"
	"  --pass-mark P       pass mark in percent of the maximum score (outcome pass)\n"
	"  --complete-only     leave out partial responses\n"
	"  --weight COL        sampling weights: design-based models (as R svyglm,\n"
	"                      quasibinomial for binomial; t tests on the residual df)\n"
	"  --strata COL        strata\n"
	"  --cluster COL       primary sampling units (ids unique across strata)\n"
	"  --fpc N|COL         population PSUs per stratum (>= 1) or sampling fraction\n"
	"  --lonely-psu R      a stratum with one PSU: fail (default), remove,\n"
	"                      certainty, adjust, average\n"
	"  --poststratify FILE population totals: the variables, then 'population'\n"
	"  --rake FILE         one raking margin per file (repeat)\n"
	"\n"
	"example: kysely model --db study.db --out results --ref region=south \\\n"
	"           'score_pct ~ profession + region + years' 'correct(q3) ~ profession'\n",
	.run = run,
};
