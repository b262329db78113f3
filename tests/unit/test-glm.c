/* test-glm.c - analysis/glm.c against R's lm and glm(family = binomial)
 * on six points (values printed by R with digits = 15), an aliased
 * column, and influences that sum to zero (the normal equations). */
#include "config.h"
#include <math.h>
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

int main(void)
{
	test_lm();
	test_logistic();
	test_errors();
	return tap_done();
}
