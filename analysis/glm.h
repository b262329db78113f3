/* glm.h - linear and logistic regression on arrays (statistics.md,
 * "Models"): R's lm and glm(family = binomial).
 *
 * Pure statistics: a design matrix in, estimates out; no store, no CSV.
 * x is n x p, row-major (x[i * p + j]), y has n entries (0/1 for the
 * binomial family). A column in the span of the columns before it is
 * aliased, as R's QR with tolerance 1e-7: its estimate and every cell
 * depending on it are NaN, as R's NA. The fit owns its arrays
 * (glm_fit_release frees them). */
#ifndef KY_ANALYSIS_GLM_H
#define KY_ANALYSIS_GLM_H

#include <stdbool.h>
#include <stddef.h>
#include "util/error.h"

enum glm_family { GLM_GAUSSIAN, GLM_BINOMIAL };

struct glm_fit {
	enum glm_family family;
	size_t n, p, rank;
	bool *aliased;          /* [p] */
	double *beta;           /* [p], NaN when aliased */
	double *cov;            /* p x p: the estimates' covariance, NaN rows
				 * and columns for aliased terms */
	double df_residual;     /* n - rank */
	double deviance;        /* residual sum of squares (gaussian) */
	double null_deviance;   /* around the mean (the model has an intercept) */
	double aic;
	double r_squared;       /* gaussian only, else NaN */
	bool converged;         /* IRLS (binomial) reached R's tolerance 1e-8 */
	bool separation;        /* a fitted probability within 10 eps of 0 or 1 */
};

/* Fits the model; KY_EINPUT when n <= 0 or every column is aliased. */
int glm_fit(const double *x, const double *y, size_t n, size_t p, enum glm_family family,
	    struct glm_fit *fit, struct ky_error *err);
void glm_fit_release(struct glm_fit *fit);

/* Coefficient j's test and interval: t on df_residual (gaussian, as
 * summary.lm and confint.lm) or Wald z (binomial, as summary.glm and
 * confint.default). *df is NaN for z. NaN everywhere when aliased. */
void glm_coef_test(const struct glm_fit *fit, size_t j, double level, double *std_error,
		   double *statistic, double *df, double *p_value, double *low, double *high);

/* The joint Wald test of the coefficients first..p-1 that are not
 * aliased: gaussian as summary.lm's F (W / q on q and df_residual df),
 * binomial as chi-square W on q df. NaN when q = 0. */
void glm_wald(const struct glm_fit *fit, size_t first, double *statistic, double *df,
	      double *p_value);

#endif
