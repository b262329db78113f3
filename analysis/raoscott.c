/* raoscott.c - Rao-Scott corrected chi-square for weighted two-way tables
 * (R survey::svychisq, statistic = "F") and the ultimate-cluster
 * covariance it needs. */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include "analysis/tests.h"
#include "util/mem.h"

int raoscott_covariance(const double *z, size_t npsu, size_t k,
			const size_t *stratum, size_t nstrata,
			const double *psu_population, double *cov,
			struct ky_error *err)
{
	size_t *count, h, j, a, b;
	double *mean;
	int rc = KY_OK;

	if (!z || !cov || npsu == 0 || k == 0)
		return ky_error_set(err, KY_EINPUT, "design covariance: no psu sums");
	if (!stratum)
		nstrata = 1;
	if (nstrata == 0)
		return ky_error_set(err, KY_EINPUT, "design covariance: no strata");
	count = ky_calloc(nstrata, sizeof *count);
	mean = ky_calloc(nstrata * k, sizeof *mean);
	for (j = 0; j < npsu; j++) {
		h = stratum ? stratum[j] : 0;
		if (h >= nstrata) {
			rc = ky_error_set(err, KY_EINPUT,
					  "design covariance: psu %zu in stratum %zu of %zu",
					  j + 1, h + 1, nstrata);
			goto out;
		}
		count[h]++;
		for (a = 0; a < k; a++) {
			if (!isfinite(z[j * k + a])) {
				rc = ky_error_set(err, KY_EINPUT,
						  "design covariance: psu %zu value %zu is not finite",
						  j + 1, a + 1);
				goto out;
			}
			mean[h * k + a] += z[j * k + a];
		}
	}
	for (h = 0; h < nstrata; h++) {
		if (count[h] == 0) {
			rc = ky_error_set(err, KY_EINPUT,
					  "design covariance: stratum %zu has no psu", h + 1);
			goto out;
		}
		if (count[h] == 1) {
			rc = ky_error_set(err, KY_EINPUT,
					  "design covariance: stratum %zu has a single psu "
					  "(R: options(survey.lonely.psu = \"adjust\", "
					  "\"average\", \"certainty\" or \"remove\"))", h + 1);
			goto out;
		}
		if (psu_population && !(psu_population[h] >= (double)count[h])) {
			rc = ky_error_set(err, KY_EINPUT,
					  "design covariance: stratum %zu has %zu psus but a population of %g",
					  h + 1, count[h], psu_population[h]);
			goto out;
		}
		for (a = 0; a < k; a++)
			mean[h * k + a] /= (double)count[h];
	}
	memset(cov, 0, k * k * sizeof *cov);
	for (j = 0; j < npsu; j++) {
		double n_h, scale;
		h = stratum ? stratum[j] : 0;
		n_h = (double)count[h];
		scale = n_h / (n_h - 1);
		if (psu_population)
			scale *= 1 - n_h / psu_population[h];
		for (a = 0; a < k; a++) {
			double da = z[j * k + a] - mean[h * k + a];
			for (b = 0; b <= a; b++)
				cov[a * k + b] += scale * da * (z[j * k + b] - mean[h * k + b]);
		}
	}
	for (a = 0; a < k; a++)
		for (b = 0; b < a; b++)
			cov[b * k + a] = cov[a * k + b];
out:
	free(count);
	free(mean);
	return rc;
}

/* R's contrast basis: the interaction indicator of cell (i, j), i, j >= 1,
 * minus its projection on the main effects of the full r x c grid (row
 * mean + column mean - grand mean). Column (i-1) + (j-1)(r-1). */
static void raoscott_contrasts(gsl_matrix *c, size_t r, size_t cols)
{
	size_t i, j, k, l;

	for (j = 1; j < cols; j++)
		for (i = 1; i < r; i++) {
			size_t col = (i - 1) + (j - 1) * (r - 1);
			for (l = 0; l < cols; l++)
				for (k = 0; k < r; k++)
					gsl_matrix_set(c, k + l * r, col,
						       (k == i && l == j) - (k == i) / (double)cols
						       - (l == j) / (double)r
						       + 1.0 / (double)(r * cols));
		}
}

static double matrix_norm1(const gsl_matrix *m)
{
	double best = 0;
	size_t i, j;

	for (j = 0; j < m->size2; j++) {
		double s = 0;
		for (i = 0; i < m->size1; i++)
			s += fabs(gsl_matrix_get(m, i, j));
		if (s > best)
			best = s;
	}
	return best;
}

/* Delta = A^-1 B with R's singularity rule; returns 0, or 1 when A is
 * singular (an exact zero pivot or 1-norm reciprocal condition below
 * DBL_EPSILON, which R's solve() refuses). */
static int raoscott_solve(gsl_matrix *a, const gsl_matrix *b, gsl_matrix *delta)
{
	size_t m = a->size1, i;
	gsl_permutation *perm = gsl_permutation_alloc(m);
	gsl_matrix *inverse = gsl_matrix_alloc(m, m);
	double anorm = matrix_norm1(a);
	int signum, singular = 0;

	if (!perm || !inverse)
		ky_out_of_memory(m * m * sizeof(double));
	if (gsl_linalg_LU_decomp(a, perm, &signum))
		singular = 1;
	for (i = 0; i < m && !singular; i++)
		if (gsl_matrix_get(a, i, i) == 0)
			singular = 1;
	if (!singular && gsl_linalg_LU_invert(a, perm, inverse))
		singular = 1;
	if (!singular) {
		double rcond = 1 / (anorm * matrix_norm1(inverse));
		if (!(rcond >= DBL_EPSILON))
			singular = 1;
	}
	if (!singular && gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, inverse,
					b, 0.0, delta))
		singular = 1;
	gsl_permutation_free(perm);
	gsl_matrix_free(inverse);
	return singular;
}

static int check_input(const double *shares, size_t rows, size_t cols, const double *cov,
		       double n_base, double design_df, struct tests_result *res,
		       struct ky_error *err)
{
	if (!res)
		return ky_error_set(err, KY_EINPUT, "rao-scott: no result record");
	tests_result_init(res);
	if (!shares || !cov)
		return ky_error_set(err, KY_EINPUT, "rao-scott: empty table");
	if (!(n_base > 0) || isnan(design_df))
		return ky_error_set(err, KY_EINPUT,
				    "rao-scott: base %g and design df %g are not usable",
				    n_base, design_df);
	for (size_t i = 0; i < rows * cols * rows * cols; i++)
		if (!isfinite(cov[i]))
			return ky_error_set(err, KY_EINPUT,
					    "rao-scott: covariance entry %zu is not finite", i + 1);
	return KY_OK;
}

/* The table kept (nr x nc, column-major): Pearson's X^2 of its shares
 * times n_base, and 1/share per cell (0 for an empty one) into inverse_p. */
static double pearson_x2(const double *shares, size_t rows, const size_t *keep_row,
			 const size_t *keep_col, size_t nr, size_t nc, double n_base,
			 double *inverse_p)
{
	double *p = ky_calloc(nr * nc, sizeof *p);
	double *row_share = ky_calloc(nr, sizeof *row_share);
	double *col_share = ky_calloc(nc, sizeof *col_share);
	double total = 0, x2 = 0;
	size_t i, j;

	for (j = 0; j < nc; j++)
		for (i = 0; i < nr; i++)
			total += p[i + j * nr] = shares[keep_row[i] + keep_col[j] * rows];
	for (j = 0; j < nc; j++)
		for (i = 0; i < nr; i++) {
			double s = p[i + j * nr];
			row_share[i] += s / total;
			col_share[j] += s / total;
			/* R: iDmat <- diag(ifelse(mean == 0, 0, 1/mean)) */
			inverse_p[i + j * nr] = s > 0 ? 1 / s : 0;
		}
	for (j = 0; j < nc; j++)
		for (i = 0; i < nr; i++) {
			double e = row_share[i] * col_share[j];
			double d = p[i + j * nr] / total - e;
			x2 += d * d / e;
		}
	free(p);
	free(row_share);
	free(col_share);
	return x2 * n_base;
}

/* The generalised design effects delta = (C' D^-1 C / N)^-1 (D^-1 C)' V
 * (D^-1 C): their sum and the sum of their squares (traces of delta and
 * delta^2). Returns 0 (with *singular set when the system cannot be
 * solved) or a KY_E* code. */
static int design_effects(const double *cov, size_t rows, size_t cols, const size_t *keep_row,
			  const size_t *keep_col, size_t nr, size_t nc, double n_base,
			  const double *inverse_p, double *trace, double *trace2, bool *singular,
			  struct ky_error *err)
{
	size_t cells = nr * nc, m = (nr - 1) * (nc - 1), a, b;
	gsl_matrix *contrast = gsl_matrix_alloc(cells, m), *scaled = gsl_matrix_alloc(cells, m);
	gsl_matrix *vcell = gsl_matrix_alloc(cells, cells), *work = gsl_matrix_alloc(cells, m);
	gsl_matrix *denom = gsl_matrix_alloc(m, m), *numer = gsl_matrix_alloc(m, m);
	gsl_matrix *delta = gsl_matrix_alloc(m, m), *delta2 = gsl_matrix_alloc(m, m);
	int rc = KY_OK;

	if (!contrast || !scaled || !vcell || !work || !denom || !numer || !delta || !delta2)
		ky_out_of_memory(m * m * sizeof(double));
	raoscott_contrasts(contrast, nr, nc);
	/* scaled = D^-1 C */
	for (a = 0; a < cells; a++)
		for (b = 0; b < m; b++)
			gsl_matrix_set(scaled, a, b, inverse_p[a] * gsl_matrix_get(contrast, a, b));
	for (a = 0; a < cells; a++) {
		size_t ga = keep_row[a % nr] + keep_col[a / nr] * rows;
		for (b = 0; b < cells; b++) {
			size_t gb = keep_row[b % nr] + keep_col[b / nr] * rows;
			gsl_matrix_set(vcell, a, b, cov[ga * rows * cols + gb]);
		}
	}
	/* denom = C' D^-1 C / N; numer = (D^-1 C)' V (D^-1 C) */
	if (gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0 / n_base, contrast, scaled, 0.0, denom) ||
	    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, vcell, scaled, 0.0, work) ||
	    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, scaled, work, 0.0, numer))
		rc = ky_error_set(err, KY_EINPUT, "rao-scott: matrix product failed");
	else if (!(*singular = raoscott_solve(denom, numer, delta)) &&
		 gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, delta, delta, 0.0, delta2))
		rc = ky_error_set(err, KY_EINPUT, "rao-scott: matrix product failed");
	for (a = 0; !rc && !*singular && a < m; a++) {
		*trace += gsl_matrix_get(delta, a, a);
		*trace2 += gsl_matrix_get(delta2, a, a);
	}
	gsl_matrix_free(contrast);
	gsl_matrix_free(scaled);
	gsl_matrix_free(vcell);
	gsl_matrix_free(work);
	gsl_matrix_free(denom);
	gsl_matrix_free(numer);
	gsl_matrix_free(delta);
	gsl_matrix_free(delta2);
	return rc;
}

int raoscott_test(const double *shares, size_t rows, size_t cols,
		  const double *cov, double n_base, double design_df,
		  struct tests_result *res, struct ky_error *err)
{
	size_t *keep_row = NULL, *keep_col = NULL;
	double *inverse_p = NULL, x2, trace = 0, trace2 = 0;
	bool singular = false;
	int rc;

	if ((rc = check_input(shares, rows, cols, cov, n_base, design_df, res, err)))
		return rc;
	res->n = n_base;
	rc = tests_table_levels(shares, rows, cols, "rao-scott", res, &keep_row,
				&keep_col, err);
	if (rc || res->why)
		goto out;
	inverse_p = ky_calloc(res->rows * res->cols, sizeof *inverse_p);
	x2 = pearson_x2(shares, rows, keep_row, keep_col, res->rows, res->cols, n_base, inverse_p);
	rc = design_effects(cov, rows, cols, keep_row, keep_col, res->rows, res->cols, n_base,
			    inverse_p, &trace, &trace2, &singular, err);
	if (rc)
		goto out;
	if (singular) {
		res->why = "system is computationally singular";
		goto out;
	}
	res->statistic = x2 / trace;
	res->df = trace * trace / trace2;
	res->df2 = res->df * design_df;
	res->p_value = gsl_cdf_fdist_Q(res->statistic, res->df, res->df2);
	if (!isfinite(res->statistic) || !isfinite(res->df) ||
	    !(res->df2 > 0) || !isfinite(res->p_value)) {
		res->why = "statistic or p-value not finite";
		res->statistic = res->df = res->df2 = res->p_value = NAN;
		goto out;
	}
	res->defined = 1;
out:
	free(inverse_p);
	free(keep_row);
	free(keep_col);
	return rc;
}
