/* glm.h - linear and logistic regression on arrays (statistics.md,
 * "Models"): R's lm and glm(family = binomial).
 *
 * Pure statistics: a design matrix in, estimates out; no store, no CSV.
 * The matrix comes row by row (struct glm_rows: a compact frame expands
 * each row when it is read, so nothing n x p is kept), or as an array:
 * x n x p, row-major (x[i * p + j]), y n entries (0/1 for the binomial
 * family). A column in the span of the columns before it is
 * aliased, as R's QR with tolerance 1e-7: its estimate and every cell
 * depending on it are NaN, as R's NA. The fit owns its arrays
 * (glm_fit_release frees them). */
#ifndef KY_ANALYSIS_GLM_H
#define KY_ANALYSIS_GLM_H

#include <stdbool.h>
#include <stddef.h>
#include "util/error.h"

enum glm_family { GLM_GAUSSIAN, GLM_BINOMIAL };

/* One row of the design: outcome, prior weight (1 without) and the cells
 * that may be nonzero, columns ascending; col and val have room for p. */
struct glm_row {
	double y, w;
	size_t nnz;
	size_t *col;
	double *val;
};

/* The design read row by row: get() fills row i (0 <= i < n) and returns
 * false for a row left out of the model. Rows are read in order, once
 * per pass (a logistic fit makes one pass per IRLS step); the linear
 * fit reads them in blocks on `threads` threads, so get() must only
 * read ctx. */
struct glm_rows {
	size_t n, p;
	bool weighted;          /* prior weights given (svyglm): no AIC */
	size_t threads;         /* the linear fit's QR and the logistic fit's
				 * passes on up to this many (0 or 1: the
				 * caller's alone); the same result for any
				 * number, get() then runs on each */
	size_t block_rows;      /* rows of i a block of those (0: 4096); the
				 * result's last digits depend on it, not on
				 * the threads */
	bool (*get)(const void *ctx, size_t i, struct glm_row *row);
	const void *ctx;
};

struct glm_fit {
	enum glm_family family;
	size_t n, p, rank;      /* n: rows in the model */
	bool *aliased;          /* [p] */
	double *beta;           /* [p], NaN when aliased */
	double *cov;            /* p x p: the estimates' covariance, NaN rows
				 * and columns for aliased terms */
	double df_residual;     /* n - rank */
	double deviance;        /* residual sum of squares (gaussian) */
	double null_deviance;   /* around the mean (the model has an intercept) */
	double aic;
	double r_squared;       /* gaussian only, else NaN */
	double *unscaled;       /* p x p: (X'WX)^-1, NaN for aliased terms */
	double *work_beta;      /* [rank]: the kept coefficients the last
				 * iteration's working weights (glm's
				 * $weights) came from; unused when
				 * work_start (they came from mustart) */
	bool work_start;
	bool design;            /* covariance from a survey design (svyglm):
				 * t tests on df_residual for both families */
	bool converged;         /* IRLS (binomial) reached R's tolerance 1e-8 */
	bool separation;        /* a fitted probability within 10 eps of 0 or 1 */
};

/* Fits the model with prior weights w (NULL: 1 each; survey weights,
 * as svyglm's); KY_EINPUT when n <= 0 or every column is aliased. */
int glm_fit(const double *x, const double *y, const double *w, size_t n, size_t p,
	    enum glm_family family, struct glm_fit *fit, struct ky_error *err);
/* The same from a row source: the same arithmetic in the same order, so
 * the same numbers to the last bit. */
int glm_fit_rows(const struct glm_rows *rows, enum glm_family family, struct glm_fit *fit,
		 struct ky_error *err);

/* The rows' influence on the estimates, as survey's svy.varcoef: row i
 * of z (n x p) is the working weight times the working residual times
 * x_i (X'WX)^-1, 0 for aliased terms; their design covariance is the
 * estimates' sandwich variance. x, y, w as given to glm_fit. */
void glm_influence(const struct glm_fit *fit, const double *x, const double *y, const double *w,
		   double *z);
/* The same row by row: each(ctx, i, z) for every row i in the model, z
 * its p influence values (valid during the call). */
void glm_influence_rows(const struct glm_fit *fit, const struct glm_rows *rows,
			void (*each)(void *ctx, size_t i, const double *z), void *ctx);

/* Replaces the covariance by a design-based one (p x p, the aliased
 * terms' cells ignored) with df_residual = design df + 1 - rank, as
 * svyglm: the tests become t on df_residual, the joint test an F. */
void glm_set_design_covariance(struct glm_fit *fit, const double *cov, double design_df);
void glm_fit_release(struct glm_fit *fit);

/* Coefficient j's test and interval: t on df_residual (gaussian, as
 * summary.lm and confint.lm) or Wald z (binomial, as summary.glm and
 * confint.default; under a design t on df_residual as summary.svyglm).
 * *df is NaN for z. NaN everywhere when aliased. */
void glm_coef_test(const struct glm_fit *fit, size_t j, double level, double *std_error,
		   double *statistic, double *df, double *p_value, double *low, double *high);

/* The joint Wald test of the coefficients first..p-1 that are not
 * aliased: gaussian as summary.lm's F (W / q on q and df_residual df),
 * binomial as chi-square W on q df; under a design F = W / q on q and
 * df_residual df as regTermTest. NaN when q = 0. */
void glm_wald(const struct glm_fit *fit, size_t first, double *statistic, double *df,
	      double *p_value);

#endif
