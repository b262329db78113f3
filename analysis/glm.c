/* glm.c - least squares by Householder QR (GSL, in blocks: tsqr.h), logistic regression by
 * iteratively reweighted least squares as R's glm.fit. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include "analysis/glm.h"
#include "analysis/tsqr.h"
#include "util/parallel.h"
#include "util/mem.h"

/* R's glm.control(): epsilon 1e-8, maxit 25; dqrdc2's tolerance 1e-7. */
#define GLM_EPSILON 1e-8
#define GLM_MAXIT 25
#define QR_TOL 1e-7
/* rows of a block of the passes on threads (glm_rows.block_rows: 0) */
#define GLM_BLOCK_ROWS 4096

/* ---- the design row by row ---- */

/* A pass over the rows in the model (all, or a block's: i up to end):
 * rows->get fills it, buffers of p. */
struct row_pass {
	const struct glm_rows *rows;
	struct glm_row row;
	size_t i, end;
};

static void pass_begin(struct row_pass *rp, const struct glm_rows *rows)
{
	rp->rows = rows;
	rp->row.col = ky_calloc(rows->p + 1, sizeof *rp->row.col);
	rp->row.val = ky_calloc(rows->p + 1, sizeof *rp->row.val);
	rp->i = 0;
	rp->end = rows->n;
}

static void pass_restart(struct row_pass *rp)
{
	rp->i = 0;
	rp->end = rp->rows->n;
}

/* The rows of the passes on threads: a block's (glm_rows.block_rows, or
 * GLM_BLOCK_ROWS), and how many blocks there are. */
static size_t pass_block_rows(const struct glm_rows *rows)
{
	return rows->block_rows ? rows->block_rows : GLM_BLOCK_ROWS;
}

static size_t pass_blocks(const struct glm_rows *rows)
{
	return rows->n / pass_block_rows(rows) + 1;
}

/* A pass of its own over block `block`'s rows (pass_end frees it). */
static void pass_begin_block(struct row_pass *rp, const struct glm_rows *rows, size_t block)
{
	size_t from = block * pass_block_rows(rows), end = from + pass_block_rows(rows);

	pass_begin(rp, rows);
	rp->i = from;
	rp->end = end < rows->n ? end : rows->n;
}

/* The next row in the model, or false at the end. */
static bool pass_next(struct row_pass *rp)
{
	while (rp->i < rp->end) {
		size_t i = rp->i++;
		rp->row.nnz = 0;
		if (rp->rows->get(rp->rows->ctx, i, &rp->row))
			return true;
	}
	return false;
}

static void pass_end(struct row_pass *rp)
{
	free(rp->row.col);
	free(rp->row.val);
}

/* An array design as a row source (glm_fit, glm_influence). */
struct dense_rows {
	const double *x, *y, *w;
	size_t p;
};

static bool dense_get(const void *ctx, size_t i, struct glm_row *row)
{
	const struct dense_rows *d = ctx;
	row->y = d->y[i];
	row->w = d->w ? d->w[i] : 1;
	row->nnz = d->p;
	for (size_t j = 0; j < d->p; j++) {
		row->col[j] = j;
		row->val[j] = d->x[i * d->p + j];
	}
	return true;
}

static struct glm_rows dense_source(const struct dense_rows *d, size_t n)
{
	return (struct glm_rows){ .n = n, .p = d->p, .weighted = d->w != NULL,
				  .get = dense_get, .ctx = d };
}

/* The linear predictor of a row from the kept columns' coefficients
 * (kept[j]: column j's index among them, SIZE_MAX when aliased). The
 * cells left out are zeros: their terms add exactly nothing. */
static double row_eta(const struct glm_row *row, const size_t *kept, const double *kb)
{
	double s = 0;
	for (size_t e = 0; e < row->nnz; e++)
		if (kept[row->col[e]] != SIZE_MAX)
			s += row->val[e] * kb[kept[row->col[e]]];
	return s;
}

/* Which columns lie in the span of the columns before them (R keeps the
 * first of collinear columns): a Cholesky of X'X in column order that
 * skips a column whose remaining squared norm is below tol^2 of its own.
 * The same pass counts the rows in the model (fit->n) and gives the
 * outcome's weighted mean. */
static size_t find_aliased(struct row_pass *rp, size_t p, bool *aliased, struct glm_fit *fit,
			   double *mean)
{
	double *g = ky_calloc(p * p + 1, sizeof *g), *l = ky_calloc(p * p + 1, sizeof *l);
	double swy = 0, sw = 0;
	size_t rank = 0;

	fit->n = 0;
	for (pass_restart(rp); pass_next(rp); fit->n++) {
		const struct glm_row *r = &rp->row;
		swy += r->w * r->y;
		sw += r->w;
		for (size_t ea = 0; ea < r->nnz; ea++)
			for (size_t eb = 0; eb <= ea; eb++)
				g[r->col[ea] * p + r->col[eb]] += r->val[ea] * r->val[eb];
	}
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
	*mean = swy / sw;
	return rank;
}

/* R^-1 of the QR in a (k x k upper triangle) and (R'R)^-1 into unscaled. */
static void qr_unscaled(const gsl_matrix *a, size_t k, double *unscaled)
{
	double *rinv = ky_calloc(k * k + 1, sizeof *rinv);

	/* R^-1 by back-substitution, column by column */
	for (size_t c = 0; c < k; c++)
		for (size_t r = c + 1; r-- > 0;) {
			double s = r == c ? 1 : 0;
			for (size_t m = r + 1; m <= c; m++)
				s -= gsl_matrix_get(a, r, m) * rinv[m * k + c];
			rinv[r * k + c] = s / gsl_matrix_get(a, r, r);
		}
	for (size_t r = 0; r < k; r++)
		for (size_t c = 0; c < k; c++) {
			double s = 0;
			for (size_t m = r > c ? r : c; m < k; m++)
				s += rinv[r * k + m] * rinv[c * k + m];
			unscaled[r * k + c] = s;
		}
	free(rinv);
}

/* Weighted least squares of y on the kept columns (R's lm: Householder
 * QR of the n x k weighted matrix), the QR in blocks of rows (tsqr.h) of
 * [X y]: the factor's last column holds Q'y. beta of the kept columns
 * and the unscaled covariance (R'R)^-1, k x k. */

struct wls_blocks {
	const struct glm_rows *rows;
	const size_t *kept;
	size_t k;
};

static size_t wls_fill(void *arg, size_t block, gsl_matrix *m)
{
	const struct wls_blocks *wb = arg;
	struct row_pass rp;
	size_t at = 0;

	for (pass_begin_block(&rp, wb->rows, block); pass_next(&rp); at++) {
		const struct glm_row *r = &rp.row;
		double sw = wb->rows->weighted ? sqrt(r->w) : 1;
		for (size_t e = 0; e < r->nnz; e++)
			if (wb->kept[r->col[e]] != SIZE_MAX)
				gsl_matrix_set(m, at, wb->kept[r->col[e]], sw * r->val[e]);
		gsl_matrix_set(m, at, wb->k, sw * r->y);
	}
	pass_end(&rp);
	return at;
}

static int wls(struct row_pass *rp, const size_t *kept, size_t k, double *beta,
	       double *unscaled, struct ky_error *err)
{
	const struct glm_rows *rows = rp->rows;
	struct wls_blocks wb = { rows, kept, k };
	gsl_matrix *r = gsl_matrix_calloc(k + 1, k + 1);
	int rc = KY_OK;

	if (!r)
		ky_out_of_memory((k + 1) * (k + 1) * sizeof(double));
	if (tsqr_factor(pass_blocks(rows), pass_block_rows(rows), k + 1, rows->threads, wls_fill,
			&wb, r))
		rc = ky_error_set(err, KY_EINPUT, "model: the least-squares fit failed");
	for (size_t j = 0; j < k && !rc; j++)
		if (gsl_matrix_get(r, j, j) == 0)
			rc = ky_error_set(err, KY_EINPUT, "model: the least-squares fit failed (singular design)");
	if (!rc) {
		qr_unscaled(r, k, unscaled);
		/* R beta = Q'y by back-substitution */
		for (size_t j = k; j-- > 0;) {
			double s = gsl_matrix_get(r, j, k);
			for (size_t c = j + 1; c < k; c++)
				s -= gsl_matrix_get(r, j, c) * beta[c];
			beta[j] = s / gsl_matrix_get(r, j, j);
		}
	}
	gsl_matrix_free(r);
	return rc;
}

/* X'WX and X'Wz of the kept columns, row by row. */
struct normal_eq {
	size_t k;
	double *xtx, *xtz;
};

static void normal_add(struct normal_eq *ne, const struct glm_row *r, const size_t *kept,
		       double w, double z)
{
	size_t k = ne->k;
	for (size_t ea = 0; ea < r->nnz; ea++) {
		size_t a = kept[r->col[ea]];
		double wa = w * r->val[ea];
		if (a == SIZE_MAX || wa == 0)
			continue;
		ne->xtz[a] += wa * z;
		for (size_t eb = 0; eb <= ea; eb++)
			if (kept[r->col[eb]] != SIZE_MAX)
				ne->xtx[a * k + kept[r->col[eb]]] += wa * r->val[eb];
	}
}

/* One IRLS step by the normal equations: a Cholesky solve of the sums
 * accumulated in one pass over the rows. The QR of wls would copy the
 * n x k weighted matrix every iteration (88 MB and most of the time at
 * a million rows and 11 terms); the fit differs from it by rounding only
 * (cond(X'WX) of a dummy-coded design is small), far below the 1e-6 the
 * references ask. Leaves the sums zeroed for the next pass. */
static int normal_solve(struct normal_eq *ne, double *beta, double *unscaled, struct ky_error *err)
{
	size_t k = ne->k;
	int rc = KY_OK;

	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < a; b++)
			ne->xtx[b * k + a] = ne->xtx[a * k + b];
	gsl_matrix_view m = gsl_matrix_view_array(ne->xtx, k, k);
	gsl_vector_view rhs = gsl_vector_view_array(ne->xtz, k), sol = gsl_vector_view_array(beta, k);
	if (gsl_linalg_cholesky_decomp1(&m.matrix) ||
	    gsl_linalg_cholesky_solve(&m.matrix, &rhs.vector, &sol.vector) ||
	    gsl_linalg_cholesky_invert(&m.matrix))
		rc = ky_error_set(err, KY_EINPUT, "model: the least-squares fit failed (singular design)");
	else
		memcpy(unscaled, ne->xtx, k * k * sizeof *unscaled);
	memset(ne->xtx, 0, k * k * sizeof *ne->xtx);
	memset(ne->xtz, 0, k * sizeof *ne->xtz);
	return rc;
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

/* A row's eta and mu at the start of an IRLS step: from glm's mustart
 * (binomial()$initialize: (weights y + 0.5) / (weights + 1)) before the
 * first, else from the coefficients kb. */
static void irls_eta_mu(const struct glm_row *r, const size_t *kept, const double *kb,
			bool start, double *eta, double *mu)
{
	if (start) {
		*mu = (r->w * r->y + 0.5) / (r->w + 1);
		*eta = log(*mu / (1 - *mu));
	} else {
		*eta = row_eta(r, kept, kb);
		*mu = logit_inverse(*eta);
	}
}

/* The working weight of a row at mu, me = mu.eta(eta) (prior weight
 * included). */
static double irls_weight(const struct glm_row *r, double mu, double me)
{
	return r->w * me * me / (mu * (1 - mu));
}

/* One pass at the coefficients kb (or mustart): their deviance and
 * whether a fitted probability is within 10 eps of 0 or 1, and the
 * normal equations of the next step. The rows go in the linear fit's
 * blocks, each summed apart on whichever thread takes it and the blocks'
 * sums added in block order: the same sums whatever the threads. */
struct irls_blocks {
	const struct glm_rows *rows;
	const size_t *kept;
	const double *kb;
	bool start;
	size_t k;
	double *xtx, *xtz, *dev;    /* [block][k x k], [block][k], [block] */
	bool *separation;           /* [block] */
};

static void irls_block(void *arg, size_t block)
{
	const struct irls_blocks *ib = arg;
	struct normal_eq ne = { ib->k, ib->xtx + block * ib->k * ib->k, ib->xtz + block * ib->k };
	struct row_pass rp;
	double dev = 0, eta, mu;

	for (pass_begin_block(&rp, ib->rows, block); pass_next(&rp);) {
		const struct glm_row *r = &rp.row;
		irls_eta_mu(r, ib->kept, ib->kb, ib->start, &eta, &mu);
		dev -= 2 * r->w * (r->y > 0.5 ? log(mu) : log(1 - mu));
		if (mu > 1 - 10 * DBL_EPSILON || mu < 10 * DBL_EPSILON)
			ib->separation[block] = true;
		double me = logit_mu_eta(eta);
		normal_add(&ne, r, ib->kept, irls_weight(r, mu, me), eta + (r->y - mu) / me);
	}
	ib->dev[block] = dev;
	pass_end(&rp);
}

static double irls_pass(struct row_pass *rp, const size_t *kept, const double *kb, bool start,
			struct normal_eq *ne, bool *separation)
{
	const struct glm_rows *rows = rp->rows;
	size_t k = ne->k, n_blocks = pass_blocks(rows);
	struct irls_blocks ib = { rows, kept, kb, start, k,
				  ky_calloc(n_blocks * k * k + 1, sizeof(double)),
				  ky_calloc(n_blocks * k + 1, sizeof(double)),
				  ky_calloc(n_blocks + 1, sizeof(double)),
				  ky_calloc(n_blocks + 1, sizeof(bool)) };
	double dev = 0;

	ky_parallel_for(n_blocks, rows->threads, irls_block, &ib);
	*separation = false;
	for (size_t b = 0; b < n_blocks; b++) {
		for (size_t j = 0; j < k * k; j++)
			ne->xtx[j] += ib.xtx[b * k * k + j];
		for (size_t j = 0; j < k; j++)
			ne->xtz[j] += ib.xtz[b * k + j];
		dev += ib.dev[b];
		*separation = *separation || ib.separation[b];
	}
	free(ib.xtx);
	free(ib.xtz);
	free(ib.dev);
	free(ib.separation);
	return dev;
}

/* Iteratively reweighted least squares as glm.fit, one pass over the
 * rows per step: the pass at beta_t gives its deviance (the convergence
 * test of step t) and the normal equations of step t + 1. Fills the kept
 * columns' beta and unscaled covariance; the fit's deviance, convergence,
 * separation and the coefficients of the last working weights. */
static int irls(struct row_pass *rp, const size_t *kept, struct glm_fit *fit, double *kb,
		double *unscaled, struct ky_error *err)
{
	size_t k = fit->rank;
	struct normal_eq ne = { k, ky_calloc(k * k + 1, sizeof *ne.xtx), ky_calloc(k + 1, sizeof *ne.xtz) };
	double dev_old = 0;
	int rc = KY_OK;

	fit->work_start = true;
	for (int it = 0; !rc; it++) {
		bool start = it == 0;
		double dev = irls_pass(rp, kept, kb, start, &ne, &fit->separation);
		if (!start) {
			fit->deviance = dev;
			fit->converged = fabs(dev - dev_old) / (fabs(dev) + 0.1) < GLM_EPSILON;
			if (fit->converged || it == GLM_MAXIT)
				break;
			memcpy(fit->work_beta, kb, k * sizeof *kb);
			fit->work_start = false;
		}
		dev_old = dev;
		rc = normal_solve(&ne, kb, unscaled, err);
	}
	free(ne.xtx);
	free(ne.xtz);
	return rc;
}

/* Total and residual sums of squares (gaussian) or the null deviance
 * (binomial) around the outcome's mean, each summed in row order. */
static void fit_summaries(struct row_pass *rp, const size_t *kept, struct glm_fit *fit,
			  const double *kb, const double *unscaled, double mean)
{
	size_t n = fit->n, k = fit->rank;
	double tss = 0, rss = 0, nd = 0, dispersion = 1;
	double log_mean = log(mean), log_rest = log(1 - mean);

	for (pass_restart(rp); pass_next(rp);) {
		const struct glm_row *r = &rp->row;
		if (fit->family == GLM_GAUSSIAN) {
			double eta = row_eta(r, kept, kb);
			tss += r->w * (r->y - mean) * (r->y - mean);
			rss += r->w * (r->y - eta) * (r->y - eta);
		} else {
			nd -= 2 * r->w * (r->y > 0.5 ? log_mean : log_rest);
		}
	}
	fit->r_squared = NAN;
	if (fit->family == GLM_GAUSSIAN) {
		fit->deviance = rss;
		fit->null_deviance = tss;
		fit->r_squared = tss > 0 ? 1 - rss / tss : NAN;
		fit->aic = (double)n * (log(2 * M_PI * rss / (double)n) + 1) + 2 * ((double)k + 1);
		dispersion = fit->df_residual > 0 ? rss / fit->df_residual : NAN;
	} else {
		fit->null_deviance = nd;
		fit->aic = fit->deviance + 2 * (double)k;
	}
	if (rp->rows->weighted)
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

/* kept[j]: column j's index among the columns not aliased, else SIZE_MAX. */
static size_t *kept_columns(const struct glm_fit *fit)
{
	size_t *kept = ky_calloc(fit->p + 1, sizeof *kept);
	for (size_t j = 0, c = 0; j < fit->p; j++)
		kept[j] = fit->aliased[j] ? SIZE_MAX : c++;
	return kept;
}

static int fit_rows(struct row_pass *rp, enum glm_family family, struct glm_fit *fit,
		    struct ky_error *err)
{
	size_t p = fit->p;
	double mean;

	fit->rank = find_aliased(rp, p, fit->aliased, fit, &mean);
	if (!fit->n)
		return ky_error_set(err, KY_EINPUT, "model: no rows to fit");
	if (!fit->rank)
		return ky_error_set(err, KY_EINPUT, "model: every term is aliased (no variation)");
	fit->df_residual = (double)fit->n - (double)fit->rank;
	fit->work_beta = ky_calloc(fit->rank, sizeof *fit->work_beta);
	size_t *kept = kept_columns(fit);
	double *kb = ky_calloc(fit->rank, sizeof *kb);
	double *unscaled = ky_calloc(fit->rank * fit->rank, sizeof *unscaled);
	int rc;
	if (family == GLM_GAUSSIAN) {
		rc = wls(rp, kept, fit->rank, kb, unscaled, err);
		fit->converged = true;
	} else {
		rc = irls(rp, kept, fit, kb, unscaled, err);
	}
	if (!rc)
		fit_summaries(rp, kept, fit, kb, unscaled, mean);
	free(kept);
	free(kb);
	free(unscaled);
	return rc;
}

int glm_fit_rows(const struct glm_rows *rows, enum glm_family family, struct glm_fit *fit,
		 struct ky_error *err)
{
	struct row_pass rp;
	size_t p = rows->p;

	memset(fit, 0, sizeof *fit);
	fit->family = family;
	fit->p = p;
	fit->aliased = ky_calloc(p + 1, sizeof *fit->aliased);
	fit->beta = ky_calloc(p + 1, sizeof *fit->beta);
	fit->cov = ky_calloc(p * p + 1, sizeof *fit->cov);
	fit->unscaled = ky_calloc(p * p + 1, sizeof *fit->unscaled);
	pass_begin(&rp, rows);
	int rc = fit_rows(&rp, family, fit, err);
	pass_end(&rp);
	return rc;
}

int glm_fit(const double *x, const double *y, const double *w, size_t n, size_t p,
	    enum glm_family family, struct glm_fit *fit, struct ky_error *err)
{
	struct dense_rows d = { x, y, w, p };
	struct glm_rows rows = dense_source(&d, n);
	return glm_fit_rows(&rows, family, fit, err);
}

void glm_fit_release(struct glm_fit *fit)
{
	free(fit->aliased);
	free(fit->beta);
	free(fit->cov);
	free(fit->unscaled);
	free(fit->work_beta);
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

/* Row r's influence into z (p): its working weight times its working
 * residual times x_r (X'WX)^-1, 0 for aliased terms. */
static void row_influence(const struct glm_fit *fit, const struct glm_row *r, const size_t *kept,
			  const double *kb, double *z)
{
	size_t p = fit->p;
	double eta = row_eta(r, kept, kb), res, w = r->w;

	/* glm.fit's residuals come from the final fit, its weights (and
	 * (X'WX)^-1) from the start of the last iteration */
	if (fit->family == GLM_GAUSSIAN) {
		res = r->y - eta;
	} else {
		double eta0, mu0;
		res = (r->y - logit_inverse(eta)) / logit_mu_eta(eta);
		irls_eta_mu(r, kept, fit->work_beta, fit->work_start, &eta0, &mu0);
		w = irls_weight(r, mu0, logit_mu_eta(eta0));
	}
	res *= w;
	for (size_t j = 0; j < p; j++) {
		double s = 0;
		for (size_t e = 0; e < r->nnz && !fit->aliased[j]; e++)
			if (kept[r->col[e]] != SIZE_MAX)
				s += r->val[e] * fit->unscaled[r->col[e] * p + j];
		z[j] = res * s;
	}
}

void glm_influence_rows(const struct glm_fit *fit, const struct glm_rows *rows,
			void (*each)(void *ctx, size_t i, const double *z), void *ctx)
{
	struct row_pass rp;
	size_t *kept = kept_columns(fit);
	double *kb = ky_calloc(fit->p + 1, sizeof *kb), *z = ky_calloc(fit->p + 1, sizeof *z);

	for (size_t j = 0; j < fit->p; j++)
		if (!fit->aliased[j])
			kb[kept[j]] = fit->beta[j];
	pass_begin(&rp, rows);
	while (pass_next(&rp)) {
		row_influence(fit, &rp.row, kept, kb, z);
		each(ctx, rp.i - 1, z);
	}
	pass_end(&rp);
	free(kept);
	free(kb);
	free(z);
}

struct influence_matrix {
	double *z;
	size_t p;
};

static void influence_store(void *ctx, size_t i, const double *z)
{
	struct influence_matrix *m = ctx;
	memcpy(m->z + i * m->p, z, m->p * sizeof *z);
}

void glm_influence(const struct glm_fit *fit, const double *x, const double *y, const double *w,
		   double *z)
{
	struct dense_rows d = { x, y, w, fit->p };
	struct glm_rows rows = dense_source(&d, fit->n);
	struct influence_matrix m = { z, fit->p };
	glm_influence_rows(fit, &rows, influence_store, &m);
}

void glm_set_design_covariance(struct glm_fit *fit, const double *cov, double design_df)
{
	for (size_t j = 0; j < fit->p * fit->p; j++)
		fit->cov[j] = isnan(fit->unscaled[j]) ? NAN : cov[j];
	fit->df_residual = design_df + 1 - (double)fit->rank;
	fit->design = true;
}
