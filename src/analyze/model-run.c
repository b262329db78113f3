/* model-run.c - one run of kysely model into its folder (model-run.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/model-run.h"
#include "io/csvwrite.h"
#include "io/safe-output.h"
#include "util/mem.h"

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
static void design_prior(const struct analyze_run *run, struct model_frame *fr)
{
	const double *dw = design_weights(run->design);
	double mean = 0;

	for (size_t i = 0; i < run->n; i++)
		mean += dw[i];
	fr->prior = dw;
	fr->prior_mean = mean / (double)run->n;
}

static void add_score(void *ctx, size_t i, const double *z)
{
	design_scores_add(ctx, i, z);
}

/* The sandwich variance of svy.varcoef: the rows' influence summed over
 * the design's PSUs as each row is made, rows outside the complete cases
 * contributing 0. */
static int design_variance(struct analyze_run *run, const struct glm_rows *rows, struct glm_fit *fit,
			   struct ky_error *err)
{
	size_t p = fit->p;
	struct design_scores *s = design_scores_create(run->design, p);
	double *cov = ky_calloc(p * p + 1, sizeof *cov), df;

	glm_influence_rows(fit, rows, add_score, s);
	int rc = design_scores_covariance(s, cov, &df, err);
	if (!rc)
		glm_set_design_covariance(fit, cov, df);
	design_scores_destroy(s);
	free(cov);
	return rc;
}

static int fit_one(struct analyze_run *run, const struct model_options *o, const char *given,
		   struct csvwrite *coefs, struct csvwrite *fits, struct ky_error *err)
{
	struct model_formula f;
	struct model_frame fr = { 0 };
	struct glm_fit fit = { 0 };
	struct glm_rows rows;
	int rc = model_formula_parse(given, &f, err);

	if (!rc)
		rc = model_frame_build(run, &f, o->family, o->ref, o->n_refs, &fr, err);
	if (!rc && run->design)
		design_prior(run, &fr);
	model_frame_rows(&fr, &rows);
	rows.threads = (size_t)analyze_thread_count(&o->a);
	rows.block_rows = o->a.plan_block;   /* --plan ...,block=N: the tests' small blocks */
	if (!rc && (rc = glm_fit_rows(&rows, fr.family, &fit, err)))
		ky_error_prefix(err, "model '%s'", given);
	if (!rc && run->design)
		rc = design_variance(run, &rows, &fit, err);
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

	analyze_guard_inputs(&guard, &o->a);
	rc = csvwrite_open(&coefs, coef_path, &guard, o->a.digits, err);
	if (!rc && (rc = csvwrite_open(&fits, fit_path, &guard, o->a.digits, err)))
		csvwrite_discard(&coefs);
	safe_output_guard_release(&guard);
	if (!rc && o->a.excel) {
		csvwrite_excel(&coefs);
		csvwrite_excel(&fits);
	}
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

int model_write_dir(const struct model_options *o, struct ky_error *err)
{
	struct analyze_run r = { 0 };
	const char *names[MODEL_MAX_FORMULAS * (MODEL_MAX_TERMS + 1) + ANALYZE_DESIGN_NAMES];
	struct analyze_design_names dn = { { 0 }, { 0 } };
	struct model_formula f[MODEL_MAX_FORMULAS];
	char *level_of[MODEL_MAX_FORMULAS] = { 0 };   /* Q of an outcome Q=LEVEL */
	size_t n_names = 0, n_parsed = 0;
	int rc = KY_OK;

	/* every formula checked before the store is read; attributes named by
	 * terms or a numeric outcome are loaded with the answers, and only the
	 * questions named (and those of the knowledge scores) become columns:
	 * the others are summed on the way, at no memory per respondent */
	for (; n_parsed < o->n_formulas && !rc; n_parsed++) {
		if ((rc = model_formula_parse(o->formula[n_parsed], &f[n_parsed], err)))
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
		rc = analyze_design_names(&o->a, names, &n_names, &dn, err);
	r.weighted = o->a.weight || o->a.strata || o->a.cluster || o->a.fpc || o->a.poststratify || o->a.n_rake;
	if (!rc)
		rc = analyze_load(&r, &o->a, names, n_names, err);
	if (!rc && r.n == 0)
		rc = ky_error_set(err, KY_EINPUT, "model: no respondents to analyse in '%s'", o->a.db);
	if (!rc && r.weighted)
		rc = analyze_setup_design(&r, err);
	if (!rc)
		rc = safe_output_dir(o->a.out_dir, err);
	if (!rc)
		rc = write_models(&r, o, err);
	for (size_t k = 0; k < n_parsed; k++) {
		model_formula_release(&f[k]);
		free(level_of[k]);
	}
	analyze_design_names_release(&dn);
	analyze_run_release(&r);
	return rc;
}
