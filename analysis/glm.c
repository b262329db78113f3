/* glm.c - least squares by Householder QR (GSL), logistic regression by
 * iteratively reweighted least squares as R's glm.fit. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include "analysis/glm.h"
#include "util/mem.h"

/* R's glm.control(): epsilon 1e-8, maxit 25; dqrdc2's tolerance 1e-7. */
#define GLM_EPSILON 1e-8
#define GLM_MAXIT 25
#define QR_TOL 1e-7

/* Which columns lie in the span of the columns before them (R keeps the
 * first of collinear columns): a Cholesky of X'X in column order that
 * skips a column whose remaining squared norm is below tol^2 of its own. */
static size_t find_aliased(const double *x, size_t n, size_t p, bool *aliased)
{
	double *g = ky_calloc(p * p + 1, sizeof *g), *l = ky_calloc(p * p + 1, sizeof *l);
	size_t rank = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t a = 0; a < p; a++)
			for (size_t b = 0; b <= a; b++)
				g[a * p + b] += x[i * p + a] * x[i * p + b];
	for (size_t j = 0; j < p; j++) {
		double d = g[j * p + j];
		for (size_t k = 0; k < j; k++)
			if (!aliased[k])
				d -= l[j * p + k] * l[j * p + k];
		aliased[j] = !(d > QR_TOL * QR_TOL * g[j * p + j]) || g[j * p + j] <= 0;
		if (aliased[j])
			continue;
		rank++;
		l[j * p + j] = sqrt(d);
		for (size_t r = j + 1; r < p; r++) {
			double s = g[r * p + j];
			for (size_t k = 0; k < j; k++)
				if (!aliased[k])
					s -= l[r * p + k] * l[j * p + k];
			l[r * p + j] = s / l[j * p + j];
		}
	}
	free(g);
	free(l);
	return rank;
}

/* Weighted least squares of z on the kept columns (weights w, NULL = 1):
 * beta of the kept columns (k of them) and the unscaled covariance
 * (R'R)^-1, k x k. */
static int wls(const double *x, size_t n, size_t p, const bool *aliased, size_t k,
	       const double *w, const double *z, double *beta, double *unscaled,
	       struct ky_error *err)
{
	gsl_matrix *a = gsl_matrix_alloc(n, k);
	gsl_vector *tau = gsl_vector_alloc(k), *b = gsl_vector_alloc(n);
	gsl_vector *sol = gsl_vector_alloc(k), *res = gsl_vector_alloc(n);
	double *rinv = ky_calloc(k * k + 1, sizeof *rinv);
	int rc = KY_OK;

	if (!a || !tau || !b || !sol || !res) {
		rc = ky_error_set(err, KY_EIO, "model: out of memory for the least-squares fit");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		double sw = w ? sqrt(w[i]) : 1;
		for (size_t j = 0, c = 0; j < p; j++)
			if (!aliased[j])
				gsl_matrix_set(a, i, c++, sw * x[i * p + j]);
		gsl_vector_set(b, i, sw * z[i]);
	}
	if (gsl_linalg_QR_decomp(a, tau) || gsl_linalg_QR_lssolve(a, tau, b, sol, res)) {
		rc = ky_error_set(err, KY_EINPUT, "model: the least-squares fit failed (singular design)");
		goto out;
	}
	/* R^-1 by back-substitution, column by column */
	for (size_t c = 0; c < k; c++)
		for (size_t r = c + 1; r-- > 0;) {
			double s = r == c ? 1 : 0;
			for (size_t m = r + 1; m <= c; m++)
				s -= gsl_matrix_get(a, r, m) * rinv[m * k + c];
			rinv[r * k + c] = s / gsl_matrix_get(a, r, r);
		}
	for (size_t r = 0; r < k; r++) {
		beta[r] = gsl_vector_get(sol, r);
		for (size_t c = 0; c < k; c++) {
			double s = 0;
			for (size_t m = r > c ? r : c; m < k; m++)
				s += rinv[r * k + m] * rinv[c * k + m];
			unscaled[r * k + c] = s;
		}
	}
out:
	free(rinv);
	gsl_matrix_free(a);
	gsl_vector_free(tau);
	gsl_vector_free(b);
	gsl_vector_free(sol);
	gsl_vector_free(res);
	return rc;
}

/* One IRLS step by the normal equations: X'WX and X'Wz of the kept
 * columns accumulated in one pass over the rows, then a Cholesky solve.
 * The QR of wls copies the n x k weighted matrix every iteration (88 MB
 * and most of the time at a million rows and 11 terms); the fit differs
 * from it by rounding only (cond(X'WX) of a dummy-coded design is
 * small), far below the 1e-6 the references ask. */
static int wls_normal(const double *x, size_t n, size_t p, const bool *aliased, size_t k,
		      const double *w, const double *z, double *beta, double *unscaled,
		      struct ky_error *err)
{
	double *xtx = ky_calloc(k * k + 1, sizeof *xtx), *xtz = ky_calloc(k + 1, sizeof *xtz);
	double *row = ky_calloc(k + 1, sizeof *row);
	int rc = KY_OK;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0, c = 0; j < p; j++)
			if (!aliased[j])
				row[c++] = x[i * p + j];
		for (size_t a = 0; a < k; a++) {
			double wa = w[i] * row[a];
			if (wa == 0)
				continue;
			xtz[a] += wa * z[i];
			for (size_t b = 0; b <= a; b++)
				xtx[a * k + b] += wa * row[b];
		}
	}
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < a; b++)
			xtx[b * k + a] = xtx[a * k + b];
	gsl_matrix_view m = gsl_matrix_view_array(xtx, k, k);
	gsl_vector_view rhs = gsl_vector_view_array(xtz, k), sol = gsl_vector_view_array(beta, k);
	if (gsl_linalg_cholesky_decomp1(&m.matrix) ||
	    gsl_linalg_cholesky_solve(&m.matrix, &rhs.vector, &sol.vector) ||
	    gsl_linalg_cholesky_invert(&m.matrix)) {
		rc = ky_error_set(err, KY_EINPUT, "model: the least-squares fit failed (singular design)");
	} else {
		memcpy(unscaled, xtx, k * k * sizeof *unscaled);
	}
	free(xtx);
	free(xtz);
	free(row);
	return rc;
}

static void linear_predictor(const double *x, size_t n, size_t p, const bool *aliased,
			     const double *kept_beta, double *eta)
{
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t j = 0, c = 0; j < p; j++)
			if (!aliased[j])
				s += x[i * p + j] * kept_beta[c++];
		eta[i] = s;
	}
}

/* R's binomial()$linkinv and mu.eta: eta clamped so mu stays off 0 and 1. */
static double logit_inverse(double eta)
{
	const double thresh = -log(DBL_EPSILON / (1 - DBL_EPSILON));
	eta = eta < -thresh ? -thresh : eta > thresh ? thresh : eta;
	return 1 / (1 + exp(-eta));
}

static double logit_mu_eta(double eta)
{
	double e = exp(-fabs(eta)), d = e / ((1 + e) * (1 + e));
	return d < DBL_EPSILON ? DBL_EPSILON : d;
}

static double binomial_deviance(const double *y, const double *w, const double *mu, size_t n)
{
	double d = 0;
	for (size_t i = 0; i < n; i++)
		d -= 2 * (w ? w[i] : 1) * (y[i] > 0.5 ? log(mu[i]) : log(1 - mu[i]));
	return d;
}

/* Fills the kept columns' beta and unscaled covariance; the fit's
 * deviance, convergence and separation. */
static int irls(const double *x, const double *y, const double *prior, struct glm_fit *fit,
		double *kb, double *unscaled, struct ky_error *err)
{
	size_t n = fit->n, p = fit->p;
	double *eta = ky_calloc(n, sizeof *eta), *mu = ky_calloc(n, sizeof *mu);
	double *w = fit->weights, *z = ky_calloc(n, sizeof *z);
	int rc = KY_OK;

	for (size_t i = 0; i < n; i++) {
		/* binomial()$initialize: mustart = (weights y + 0.5) / (weights + 1) */
		double pw = prior ? prior[i] : 1;
		mu[i] = (pw * y[i] + 0.5) / (pw + 1);
		eta[i] = log(mu[i] / (1 - mu[i]));
	}
	double dev_old = binomial_deviance(y, prior, mu, n);
	for (int it = 0; it < GLM_MAXIT && !fit->converged; it++) {
		for (size_t i = 0; i < n; i++) {
			double me = logit_mu_eta(eta[i]);
			z[i] = eta[i] + (y[i] - mu[i]) / me;
			w[i] = (prior ? prior[i] : 1) * me * me / (mu[i] * (1 - mu[i]));
		}
		if ((rc = wls_normal(x, n, p, fit->aliased, fit->rank, w, z, kb, unscaled, err)))
			break;
		linear_predictor(x, n, p, fit->aliased, kb, eta);
		for (size_t i = 0; i < n; i++)
			mu[i] = logit_inverse(eta[i]);
		fit->deviance = binomial_deviance(y, prior, mu, n);
		fit->converged = fabs(fit->deviance - dev_old) / (fabs(fit->deviance) + 0.1) < GLM_EPSILON;
		dev_old = fit->deviance;
	}
	for (size_t i = 0; i < n; i++)
		if (mu[i] > 1 - 10 * DBL_EPSILON || mu[i] < 10 * DBL_EPSILON)
			fit->separation = true;
	free(eta);
	free(mu);
	free(z);
	return rc;
}

static void fit_summaries(const double *x, const double *y, const double *w, struct glm_fit *fit,
			  const double *kb, double *unscaled)
{
	size_t n = fit->n, k = fit->rank;
	double mean = 0, sw = 0, tss = 0, dispersion = 1;

	for (size_t i = 0; i < n; i++) {
		mean += (w ? w[i] : 1) * y[i];
		sw += w ? w[i] : 1;
	}
	mean /= sw;
	for (size_t i = 0; i < n; i++)
		tss += (w ? w[i] : 1) * (y[i] - mean) * (y[i] - mean);
	fit->r_squared = NAN;
	if (fit->family == GLM_GAUSSIAN) {
		double *eta = ky_calloc(n, sizeof *eta), rss = 0;
		linear_predictor(x, n, fit->p, fit->aliased, kb, eta);
		for (size_t i = 0; i < n; i++)
			rss += (w ? w[i] : 1) * (y[i] - eta[i]) * (y[i] - eta[i]);
		free(eta);
		fit->deviance = rss;
		fit->null_deviance = tss;
		fit->r_squared = tss > 0 ? 1 - rss / tss : NAN;
		fit->aic = (double)n * (log(2 * M_PI * rss / (double)n) + 1) + 2 * ((double)k + 1);
		dispersion = fit->df_residual > 0 ? rss / fit->df_residual : NAN;
	} else {
		double nd = 0;
		for (size_t i = 0; i < n; i++)
			nd -= 2 * (w ? w[i] : 1) * (y[i] > 0.5 ? log(mean) : log(1 - mean));
		fit->null_deviance = nd;
		fit->aic = fit->deviance + 2 * (double)k;
	}
	if (w)
		fit->aic = NAN;   /* R gives none for svyglm's quasi families */
	for (size_t j = 0, r = 0; j < fit->p; j++) {
		fit->beta[j] = fit->aliased[j] ? NAN : kb[r];
		for (size_t l = 0, c = 0; l < fit->p; l++) {
			bool both = !fit->aliased[j] && !fit->aliased[l];
			fit->unscaled[j * fit->p + l] = both ? unscaled[r * k + c] : NAN;
			fit->cov[j * fit->p + l] = dispersion * fit->unscaled[j * fit->p + l];
			c += !fit->aliased[l];
		}
		r += !fit->aliased[j];
	}
}

int glm_fit(const double *x, const double *y, const double *w, size_t n, size_t p,
	    enum glm_family family, struct glm_fit *fit, struct ky_error *err)
{
	memset(fit, 0, sizeof *fit);
	fit->family = family;
	fit->n = n;
	fit->p = p;
	fit->aliased = ky_calloc(p + 1, sizeof *fit->aliased);
	fit->beta = ky_calloc(p + 1, sizeof *fit->beta);
	fit->cov = ky_calloc(p * p + 1, sizeof *fit->cov);
	fit->unscaled = ky_calloc(p * p + 1, sizeof *fit->unscaled);
	fit->weights = ky_calloc(n + 1, sizeof *fit->weights);
	for (size_t i = 0; i < n; i++)
		fit->weights[i] = w ? w[i] : 1;
	if (!n)
		return ky_error_set(err, KY_EINPUT, "model: no rows to fit");
	fit->rank = find_aliased(x, n, p, fit->aliased);
	if (!fit->rank)
		return ky_error_set(err, KY_EINPUT, "model: every term is aliased (no variation)");
	fit->df_residual = (double)n - (double)fit->rank;
	double *kb = ky_calloc(fit->rank, sizeof *kb);
	double *unscaled = ky_calloc(fit->rank * fit->rank, sizeof *unscaled);
	int rc;
	if (family == GLM_GAUSSIAN) {
		rc = wls(x, n, p, fit->aliased, fit->rank, w, y, kb, unscaled, err);
		fit->converged = true;
	} else {
		rc = irls(x, y, w, fit, kb, unscaled, err);
	}
	if (!rc)
		fit_summaries(x, y, w, fit, kb, unscaled);
	free(kb);
	free(unscaled);
	return rc;
}

void glm_fit_release(struct glm_fit *fit)
{
	free(fit->aliased);
	free(fit->beta);
	free(fit->cov);
	free(fit->unscaled);
	free(fit->weights);
	memset(fit, 0, sizeof *fit);
}

void glm_coef_test(const struct glm_fit *fit, size_t j, double level, double *std_error,
		   double *statistic, double *df, double *p_value, double *low, double *high)
{
	double se = sqrt(fit->cov[j * fit->p + j]), b = fit->beta[j], crit;
	double tail = (1 - level) / 2;

	*std_error = se;
	*statistic = b / se;
	if (fit->family == GLM_GAUSSIAN || fit->design) {
		*df = fit->df_residual;
		bool ok = *df > 0 && !isnan(se);
		*p_value = ok ? 2 * gsl_cdf_tdist_Q(fabs(*statistic), *df) : NAN;
		crit = ok ? gsl_cdf_tdist_Qinv(tail, *df) : NAN;
	} else {
		*df = NAN;
		*p_value = isnan(se) ? NAN : 2 * gsl_cdf_ugaussian_Q(fabs(*statistic));
		crit = gsl_cdf_ugaussian_Qinv(tail);
	}
	*low = b - crit * se;
	*high = b + crit * se;
}

void glm_wald(const struct glm_fit *fit, size_t first, double *statistic, double *df,
	      double *p_value)
{
	size_t p = fit->p, q = 0, *idx = ky_calloc(p + 1, sizeof *idx);

	*statistic = *df = *p_value = NAN;
	for (size_t j = first; j < p; j++)
		if (!fit->aliased[j])
			idx[q++] = j;
	gsl_matrix *v = q ? gsl_matrix_alloc(q, q) : NULL;
	gsl_vector *b = q ? gsl_vector_alloc(q) : NULL, *s = q ? gsl_vector_alloc(q) : NULL;
	if (!v || !b || !s || isnan(fit->cov[idx[0] * p + idx[0]]))
		goto out;
	for (size_t r = 0; r < q; r++) {
		gsl_vector_set(b, r, fit->beta[idx[r]]);
		for (size_t c = 0; c < q; c++)
			gsl_matrix_set(v, r, c, fit->cov[idx[r] * p + idx[c]]);
	}
	if (gsl_linalg_cholesky_decomp1(v) || gsl_linalg_cholesky_solve(v, b, s))
		goto out;
	double w = 0;
	for (size_t r = 0; r < q; r++)
		w += gsl_vector_get(b, r) * gsl_vector_get(s, r);
	*df = (double)q;
	if (fit->family == GLM_GAUSSIAN || fit->design) {
		*statistic = w / (double)q;
		if (fit->df_residual > 0)
			*p_value = gsl_cdf_fdist_Q(*statistic, (double)q, fit->df_residual);
	} else {
		*statistic = w;
		*p_value = gsl_cdf_chisq_Q(w, (double)q);
	}
out:
	gsl_matrix_free(v);
	gsl_vector_free(b);
	gsl_vector_free(s);
	free(idx);
}

void glm_influence(const struct glm_fit *fit, const double *x, const double *y, double *z)
{
	size_t p = fit->p;
	double *eta = ky_calloc(fit->n + 1, sizeof *eta), *kb = ky_calloc(p + 1, sizeof *kb);

	for (size_t j = 0, c = 0; j < p; j++)
		if (!fit->aliased[j])
			kb[c++] = fit->beta[j];
	linear_predictor(x, fit->n, p, fit->aliased, kb, eta);
	for (size_t i = 0; i < fit->n; i++) {
		/* glm.fit's residuals come from the final fit, its weights (and
		 * (X'WX)^-1) from the start of the last iteration */
		double r = fit->family == GLM_GAUSSIAN ? y[i] - eta[i]
			: (y[i] - logit_inverse(eta[i])) / logit_mu_eta(eta[i]);
		r *= fit->weights[i];
		for (size_t j = 0; j < p; j++) {
			double s = 0;
			for (size_t l = 0; l < p && !fit->aliased[j]; l++)
				if (!fit->aliased[l])
					s += x[i * p + l] * fit->unscaled[l * p + j];
			z[i * p + j] = r * s;
		}
	}
	free(eta);
	free(kb);
}

void glm_set_design_covariance(struct glm_fit *fit, const double *cov, double design_df)
{
	for (size_t j = 0; j < fit->p * fit->p; j++)
		fit->cov[j] = isnan(fit->unscaled[j]) ? NAN : cov[j];
	fit->df_residual = design_df + 1 - (double)fit->rank;
	fit->design = true;
}
