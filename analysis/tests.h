/* tests.h - tests of association on two-way tables and p-value adjustment.
 *
 * Pure statistics on arrays: no SQLite, CSV or curses. Every table is an
 * r x c array stored with ROWS FASTEST: cell (i, j) is at [i + j * rows]
 * (R's column-major order, so a fixture can be pasted from R's as.vector).
 *
 * Each test fills a struct tests_result the caller owns. A function returns
 * KY_EINPUT (with err filled) only for arguments no table can have (NULL
 * pointers, negative or non-finite counts, a level outside (0, 1)). When the
 * data merely do not define the test (fewer than 2 levels on a side after
 * dropping empty rows and columns, a singular Rao-Scott system) it returns
 * 0 with res->defined = 0 and res->why saying why: the caller writes no row.
 *
 * Oracles (R 4.2): chisq.test(tab, correct = FALSE), fisher.test(tab),
 * survey::svychisq(~a + b, des, statistic = "F"), p.adjust.
 * The files: chisq.c, fisher.c, raoscott.c, padjust.c. */
#ifndef KY_ANALYSIS_TESTS_H
#define KY_ANALYSIS_TESTS_H

#include <stddef.h>
#include "util/error.h"

struct tests_result {
	int defined;             /* 1 when p_value (and statistic) were computed */
	const char *why;         /* static text when !defined, else NULL */
	double statistic;        /* X^2 (chisq) or F (rao-scott); NaN for fisher */
	double df;               /* chisq: (r-1)(c-1); rao-scott: numerator df; NaN for fisher */
	double df2;              /* rao-scott: denominator df; NaN otherwise */
	double p_value;          /* upper tail / two-sided exact */
	size_t rows, cols;       /* levels kept after dropping all-zero rows and columns */
	double n;                /* table total (for rao-scott the base given) */
	double min_expected;     /* chisq: smallest expected count */
	int small_expected;      /* chisq: some expected count is below 5 */
	unsigned long replicates; /* fisher: 0 when exact, else Monte Carlo B */
};

/* Pearson's chi-square test of independence on counts (rows fastest).
 * All-zero rows and columns are dropped first; df = (r-1)(c-1) of what
 * remains; p = gsl_cdf_chisq_Q. yates != 0 applies R's continuity
 * correction (only on a 2 x 2 table, as chisq.test(correct = TRUE));
 * res->small_expected tells the caller to warn and to try fisher_test. */
int chisq_test(const double *counts, size_t rows, size_t cols, int yates,
	       struct tests_result *res, struct ky_error *err);

/* Fisher's exact test, two-sided, as R fisher.test: the p-value sums the
 * probabilities of all tables with the observed margins whose probability
 * is <= the observed one times a tolerance (below).
 *
 * 2 x 2 tables are always exact (tolerance 1 + 1e-7, R's relErr). Larger tables are
 * exact (a network enumeration over column stages, pruned by the exact
 * longest and shortest completions of each node; the tolerance is FEXACT's,
 * 3.45254e-7 on the log scale) when the enumeration stays within its
 * budget: max_nodes units of work (a column tried from a node is 1, a
 * past carried into a new node 4, a past sorted 1, a new node 1 per cell
 * of the table, a step of the
 * path-length recursion 24; 1e9 is some 2.5 s on a 2026 machine: the
 * 5 x 5 table with n = 76 of tests/unit/test-tests.c spends 3.4e8, R 7.5 s)
 * and at most 1.5e6 distinct pasts in one stage (memory: some 100 MB at
 * worst). Above exact_max_n respondents a 2 x c table gets a tenth of
 * max_nodes (every 2 x 13 table of the sample study by profession, n <=
 * 242, is exact within 3e7) and a larger table a thousandth, a quick try
 * that the easy ones pass (R needs 70 s for some 3 x 13 of 227, and gives
 * wrong p-values for others). Otherwise Monte Carlo with fixed margins
 * (the units shuffled up to 1000 of them, Patefield's sequential draws
 * above: the same distribution, R's r2dtable's) from
 * gsl_rng_mt19937 seeded with seed, B = replicates, p = (1 + hits)/(B + 1)
 * as R's simulate.p.value; res->replicates = B then (0 when exact). */
struct fisher_options {
	double exact_max_n;        /* default 100 */
	size_t max_nodes;          /* work budget of the exact enumeration; default 1e9 */
	unsigned long replicates;  /* Monte Carlo B; default 10000 */
	unsigned long seed;        /* default 20240601 */
	int force_monte_carlo;     /* for tests: skip the exact path (not for 2 x 2) */
};
void fisher_options_default(struct fisher_options *opt);

/* opt may be NULL (the defaults). */
int fisher_test(const double *counts, size_t rows, size_t cols,
		const struct fisher_options *opt, struct tests_result *res,
		struct ky_error *err);

/* Rao-Scott second-order corrected chi-square, R svychisq(statistic = "F").
 *
 * shares: the r x c weighted cell shares p^ (rows fastest, summing to 1);
 * cov: their rc x rc linearisation covariance V^ (same cell order,
 * row-major or column-major alike: it is symmetric); n_base: N, the
 * unweighted respondents in the table; design_df: nu = degf of the domain.
 * With C R's interaction contrasts (qr.resid of the interaction columns on
 * the main effects) and D = diag(p^) (1/0 taken as 0):
 *   Delta = (C'D^-1C/N)^-1 C'D^-1 V D^-1 C,
 *   X^2 = N sum (p_ij - p_i. p_.j)^2 / (p_i. p_.j),
 *   F = X^2 / tr Delta on (d, d nu), d = (tr Delta)^2 / tr(Delta^2).
 * All-zero rows and columns are dropped first. When C'D^-1C is singular
 * (R: "system is exactly singular" or reciprocal condition number below
 * DBL_EPSILON), or F or p is not finite, res->defined = 0. */
int raoscott_test(const double *shares, size_t rows, size_t cols,
		  const double *cov, double n_base, double design_df,
		  struct tests_result *res, struct ky_error *err);

/* Builds V^ (k x k, symmetric, written in full) from per-PSU sums of the
 * linearised values, the ultimate-cluster formula of R's survey package:
 *   V = sum_h (1 - f_h) n_h/(n_h - 1) sum_j (z_hj - zbar_h)(z_hj - zbar_h)'.
 * z: npsu x k, PSU-major (z[j * k + v]); every PSU of the whole sample must
 * be given, those without domain members with zeros. stratum: per PSU, in
 * 0..nstrata-1 (NULL: one stratum). psu_population: per stratum N_h, the
 * population PSU count (f_h = n_h / N_h), or NULL for no fpc. A stratum with
 * a single PSU is KY_EINPUT (R's survey.lonely.psu = "fail"); so is a
 * stratum with no PSU or N_h < n_h. */
int raoscott_covariance(const double *z, size_t npsu, size_t k,
			const size_t *stratum, size_t nstrata,
			const double *psu_population, double *cov,
			struct ky_error *err);

/* p-value adjustment as R p.adjust. NaN entries are left NaN and not
 * counted (R's default n = number of non-NA p). adjusted may alias p. */
enum padjust_method {
	PADJUST_NONE,
	PADJUST_BONFERRONI,
	PADJUST_HOLM,
	PADJUST_BH
};
int padjust(const double *p, size_t n, enum padjust_method method,
	    double *adjusted, struct ky_error *err);
/* "none", "bonferroni", "holm", "BH" (also "fdr", as R); KY_EUSAGE for
 * any other name. */
int padjust_method_parse(const char *name, enum padjust_method *method,
			 struct ky_error *err);
const char *padjust_method_name(enum padjust_method method);

/* Helpers shared by the test files. */

/* Sets every field to "not defined" (NaN numbers, why = NULL). */
void tests_result_init(struct tests_result *res);

/* Checks counts (rows fastest) are finite and >= 0 and finds the rows and
 * columns with a positive total: res->rows and res->cols get their
 * numbers, *keep_row and *keep_col (allocated here, the caller frees both
 * whatever the outcome) their indices. Fewer than 2 on a side sets
 * res->why. what names the test in the message. */
int tests_table_levels(const double *table, size_t rows, size_t cols,
		       const char *what, struct tests_result *res,
		       size_t **keep_row, size_t **keep_col, struct ky_error *err);

#endif
