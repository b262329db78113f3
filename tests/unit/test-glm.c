/* test-glm.c - analysis/glm.c against R's lm and glm(family = binomial)
 * on six points (values printed by R with digits = 15), an aliased
 * column, and influences that sum to zero (the normal equations). */
#include "config.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include "analysis/glm.h"
#include "tap.h"

/* x = 1..6 with an intercept, and a third column 2x (aliased) */
static void design(double *x, size_t p)
{
	for (size_t i = 0; i < 6; i++) {
		x[i * p] = 1;
		x[i * p + 1] = (double)(i + 1);
		if (p > 2)
			x[i * p + 2] = 2.0 * (double)(i + 1);
	}
}

static void test_lm(void)
{
	double x[18], y[6] = { 1, 3, 2, 5, 4, 6 }, se, t, df, p, lo, hi, infl[18], zsum[3] = { 0 };
	struct glm_fit fit;
	struct ky_error err = { 0 };

	design(x, 3);
	ok(glm_fit(x, y, NULL, 6, 3, GLM_GAUSSIAN, &fit, &err) == KY_OK, "lm fits");
	ok(fit.rank == 2 && fit.aliased[2] && isnan(fit.beta[2]), "the column 2x is aliased (R: NA)");
	ok_near(fit.beta[0], 0.400000000000001, 1e-9, "lm intercept");
	ok_near(fit.beta[1], 0.885714285714286, 1e-9, "lm slope");
	glm_coef_test(&fit, 1, 0.95, &se, &t, &df, &p, &lo, &hi);
	ok_near(se, 0.232115382989599, 1e-9, "lm slope std_error");
	ok_near(p, 0.0188454810495627, 1e-9, "lm slope p on 4 df");
	ok(df == 4, "lm df = n - rank");
	glm_coef_test(&fit, 2, 0.95, &se, &t, &df, &p, &lo, &hi);
	ok(isnan(se) && isnan(p) && isnan(lo), "the aliased term's cells are NaN");
	/* least squares: residuals orthogonal to the columns */
	glm_influence(&fit, x, y, NULL, infl);
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 3; j++)
			zsum[j] += infl[i * 3 + j];
	ok(fabs(zsum[0]) < 1e-12 && fabs(zsum[1]) < 1e-12 && zsum[2] == 0,
	   "the influences sum to 0 at the estimate, 0 for the aliased term");
	glm_fit_release(&fit);
}

static void test_logistic(void)
{
	double x[12], y[6] = { 0, 0, 1, 0, 1, 1 }, se, z, df, p, lo, hi;
	struct glm_fit fit;
	struct ky_error err = { 0 };

	design(x, 2);
	ok(glm_fit(x, y, NULL, 6, 2, GLM_BINOMIAL, &fit, &err) == KY_OK && fit.converged, "glm converges");
	ok_near(fit.beta[0], -4.24909655047712, 1e-6, "glm intercept");
	ok_near(fit.beta[1], 1.21402758585061, 1e-6, "glm slope");
	glm_coef_test(&fit, 1, 0.95, &se, &z, &df, &p, &lo, &hi);
	ok_near(se, 0.912584838312011, 1e-6, "glm slope std_error");
	ok_near(p, 0.183413681786952, 1e-6, "glm slope Wald p");
	ok(isnan(df), "a z test has no df");
	ok_near(fit.deviance, 4.95597367009923, 1e-9, "glm deviance");
	ok_near(fit.null_deviance, 8.31776616671934, 1e-12, "glm null deviance");
	ok_near(fit.aic, 8.95597367009923, 1e-9, "glm AIC");
	ok(!fit.separation, "no separation");
	glm_fit_release(&fit);
}

static void test_errors(void)
{
	double x[6] = { 0, 0, 0, 0, 0, 0 }, y[6] = { 1, 2, 3, 4, 5, 6 };
	struct glm_fit fit;
	struct ky_error err = { 0 };

	ok(glm_fit(x, y, NULL, 6, 1, GLM_GAUSSIAN, &fit, &err) == KY_EINPUT, "a zero column alone: every term aliased");
	glm_fit_release(&fit);
	ok(glm_fit(x, y, NULL, 0, 1, GLM_GAUSSIAN, &fit, &err) == KY_EINPUT, "no rows");
	glm_fit_release(&fit);
}

/* A thousand rows of y = 1 + 2 x1 - x2 + noise, a row in ten left out,
 * prior weights: the blocked QR (analysis/tsqr.c) and the logistic fit's
 * blocked passes give the same estimates to the last digit on 1 or 3
 * threads, and those of one block (a plain Householder QR, one sum) to
 * rounding. */
#define BIG_N 1000

static bool big_get(const void *ctx, size_t i, struct glm_row *row)
{
	(void)ctx;
	if (i % 10 == 3)
		return false;
	double x1 = (double)(i % 17) / 4, x2 = sin((double)i);
	row->y = 1 + 2 * x1 - x2 + 0.3 * cos(7.0 * (double)i);
	row->w = 0.5 + (double)(i % 5) / 4;
	row->col[0] = 0;
	row->val[0] = 1;
	row->col[1] = 1;
	row->val[1] = x1;
	row->col[2] = 2;
	row->val[2] = x2;
	row->nnz = 3;
	return true;
}

/* The same rows with y = 1 when the linear outcome passes 3.5 (binomial). */
static bool big_get01(const void *ctx, size_t i, struct glm_row *row)
{
	if (!big_get(ctx, i, row))
		return false;
	row->y = row->y + 1.5 * sin(3.0 * (double)i) > 3.5;
	return true;
}

static void fit_big(enum glm_family family, size_t block_rows, size_t threads,
		    struct glm_fit *fit)
{
	struct glm_rows rows = { .n = BIG_N, .p = 3, .weighted = true, .threads = threads,
				 .block_rows = block_rows,
				 .get = family == GLM_GAUSSIAN ? big_get : big_get01 };
	struct ky_error err = { 0 };

	ok(glm_fit_rows(&rows, family, fit, &err) == KY_OK, "%s on %zu-row blocks, %zu threads",
	   family == GLM_GAUSSIAN ? "lm" : "glm", block_rows, threads);
}

static void test_blocks(enum glm_family family)
{
	struct glm_fit one, three, whole;

	fit_big(family, 7, 1, &one);
	fit_big(family, 7, 3, &three);
	fit_big(family, BIG_N, 1, &whole);
	bool same = true, near = true;
	for (size_t j = 0; j < 3; j++) {
		double v1 = one.cov[j * 3 + j], v3 = three.cov[j * 3 + j], vw = whole.cov[j * 3 + j];
		same = same && one.beta[j] == three.beta[j] && v1 == v3;
		near = near && fabs(one.beta[j] - whole.beta[j]) <= 1e-10 * fabs(whole.beta[j])
			&& fabs(v1 - vw) <= 1e-10 * vw;
	}
	same = same && one.deviance == three.deviance;
	ok(same, "1 and 3 threads: the same estimates, variances and deviance to the last digit");
	ok(near, "blocks of 7 rows and one block: the same to 1e-10");
	ok(one.n == BIG_N - BIG_N / 10 && one.df_residual == one.n - 3.0, "rows left out are not in the fit");
	if (family == GLM_GAUSSIAN)
		ok_near(one.beta[1], 2, 0.05, "the slope of x1 is found");
	else
		ok(one.converged && one.beta[1] > 1, "the logistic fit converges, x1 raises the odds");
	glm_fit_release(&one);
	glm_fit_release(&three);
	glm_fit_release(&whole);
}

int main(void)
{
	test_lm();
	test_blocks(GLM_GAUSSIAN);
	test_blocks(GLM_BINOMIAL);
	test_logistic();
	test_errors();
	return tap_done();
}
