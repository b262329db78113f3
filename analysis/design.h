/* design.h - a survey design and its domain estimates (R's survey package,
 * ultimate-cluster linearisation).
 *
 * Owns copies of everything it is given (but own_weight, which it takes
 * over); design_destroy() frees it. The
 * design is built on ALL respondents (rows 0..n-1); every estimate is a
 * domain estimate: rows outside the domain keep their place in the design
 * and contribute u = 0, so PSU counts n_h are those of the whole sample,
 * while the degrees of freedom count only the PSUs and strata that hold
 * domain members (R's degf() of subset(des, ...)).
 *
 * Protocol:
 *   1. design_create(): weights (NULL: 1), stratum and cluster codes (NULL:
 *      one stratum / every row its own PSU), fpc per row (NULL: none).
 *      PSUs are (stratum, cluster) pairs, so cluster ids may repeat across
 *      strata. Lonely PSUs are an error by default (see lonely_psu).
 *   2. optionally design_poststratify() or design_rake() (calibration:
 *      they change the weights and the variance).
 *   3. design_mean() / design_median() for as many domains as needed; they
 *      only read the design and use a caller-owned workspace, so one design
 *      serves many estimates (and threads, each with its own workspace).
 *
 * This is the exact array-based path: it touches every row per estimate.
 * Messages name strata and categories through the names the caller gave. */
#ifndef KY_ANALYSIS_DESIGN_H
#define KY_ANALYSIS_DESIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

/* What to do with a stratum that has a single PSU (R survey.lonely.psu). */
enum design_lonely {
	DESIGN_LONELY_FAIL,     /* R's default: an error naming the stratum */
	DESIGN_LONELY_REMOVE,   /* the stratum contributes nothing */
	DESIGN_LONELY_CERTAINTY,/* likewise: a certainty PSU has no sampling variance */
	DESIGN_LONELY_ADJUST,   /* centre the lonely PSU on the grand mean */
	DESIGN_LONELY_AVERAGE   /* the other strata's variance, scaled up by
				 * strata / strata with more than one PSU */
};

struct design_input {
	size_t n;                          /* respondents */
	const double *weight;              /* n finite positive weights, or NULL (1 each) */
	double *own_weight;                /* instead of weight: n weights in an array of
					    * malloc's that the design takes over (freed
					    * by it, also when design_create fails):
					    * no copy of a million weights */
	const size_t *stratum;             /* n codes 0..n_strata-1, or NULL */
	size_t n_strata;
	const char *const *stratum_names;  /* n_strata names for messages, or NULL */
	const size_t *cluster;             /* n codes (any range), or NULL */
	const double *fpc;                 /* n values: >= 1 population PSUs N_h, (0,1) fraction, or NULL */
	const char *const *row_names;      /* n respondent ids for messages, or NULL */
	/* n counts, or NULL (1 each): each input row stands for row_count[i]
	 * respondents of the same stratum and cluster (the one-pass path of
	 * analyze gives one row per cell of its sums). Such a design only
	 * serves the design_sums_* functions. */
	const double *row_count;
	enum design_lonely lonely_psu;
};

struct design;

int design_create(const struct design_input *in, struct design **out, struct ky_error *err);
void design_destroy(struct design *d);

size_t design_rows(const struct design *d);
/* Final weights (after calibration), n values owned by the design. */
const double *design_weights(const struct design *d);
/* The PSU of each row (n codes 0..n_psu-1; each respondent its own
 * without clusters) and the stratum of each PSU, owned by the design: for
 * resampling PSUs within strata (the Borich bootstrap). */
void design_psus(const struct design *d, const size_t **psu, size_t *n_psu,
		 const size_t **psu_stratum, size_t *n_strata);
/* True once poststratified or raked (Korn-Graubard then counts every row). */
bool design_calibrated(const struct design *d);

/* Post-stratification on one variable: group[i] in 0..n_groups-1 (each
 * row must have one), population[g] = N_g (NaN: not in the population
 * file, an error when the sample has the group). w_i <- w_i N_g / sum_g w.
 * var names the variable and group_names its categories in messages. */
int design_poststratify(struct design *d, const size_t *group, size_t n_groups,
			const double *population, const char *var,
			const char *const *group_names, struct ky_error *err);

/* Raking, as R rake() with maxit = 10 and epsilon = 1: margins in order,
 * each like design_poststratify; stop after a sweep in which no cell of the
 * margins' cross-classification changed its weight total by 1 or more.
 * *sweeps receives the sweeps made, *converged whether the rule was met
 * (the caller warns otherwise). */
struct design_margin_input {
	const size_t *group;
	size_t n_groups;
	const double *population;
	const char *var;
	const char *const *group_names;
};
int design_rake(struct design *d, const struct design_margin_input *margins, size_t n_margins,
		int *sweeps, bool *converged, struct ky_error *err);

/* A domain estimate. Counts are unweighted. */
struct design_estimate {
	double estimate;     /* weighted domain mean / share */
	double variance;     /* linearisation variance */
	double std_error;
	double df;           /* domain design df: PSUs - strata holding domain rows */
	double weight_total; /* sum of domain weights */
	size_t base;         /* domain rows */
	double deff;         /* design effect (NaN when the SRS variance is 0) */
	double n_eff_kish;   /* (sum w)^2 / sum w^2 over the domain */
};

/* Workspace for estimates: one per thread. */
struct design_work;
struct design_work *design_work_create(const struct design *d);
void design_work_destroy(struct design_work *w);

/* Domain mean of y: the domain is the rows with in_domain[i] != 0 (NULL:
 * every row) and y[i] not NaN. A domain with no rows gives base 0 and NaN
 * numbers. */
int design_mean(const struct design *d, struct design_work *w, const double *y,
		const unsigned char *in_domain, struct design_estimate *out,
		struct ky_error *err);

/* Several 0/1 shares of one domain at once: code[i] in 0..n_codes-1 for a
 * domain row (other rows: any value, ignored when in_domain[i] == 0 or
 * code[i] == SIZE_MAX). out[k] is the share of code k. Same as n_codes
 * design_mean() calls on the indicators. */
int design_shares(const struct design *d, struct design_work *w, const size_t *code,
		  size_t n_codes, const unsigned char *in_domain, struct design_estimate *out,
		  struct ky_error *err);

/* The difference of two domain means, b - a (svyby(~y, ~g, des, svymean,
 * covmat = TRUE) then svycontrast(, c(-1, 1))): rows of domain a have
 * in_a[i] != 0, of domain b in_b[i] != 0 (disjoint), y NaN = no answer.
 * The linearised value is u_b - u_a, so the covariance of the two domain
 * means counts. out->estimate is the difference, out->df the design df
 * of the rows of either domain, out->base the rows of both; deff and
 * n_eff_kish are NaN. A domain with no rows gives NaN numbers. */
int design_mean_difference(const struct design *d, struct design_work *w, const double *y,
			   const unsigned char *in_a, const unsigned char *in_b,
			   struct design_estimate *out, struct ky_error *err);

/* Weighted median with Woodruff's interval (svyquantile(~y, d, 0.5,
 * ci = TRUE), survey 4.1, qrule "math"); NaN ends where undefined. */
struct design_median_result {
	double estimate, std_error, conf_low, conf_high, df;
	size_t base;
};
int design_median(const struct design *d, struct design_work *w, const double *y,
		  const unsigned char *in_domain, double level,
		  struct design_median_result *out, struct ky_error *err);

/* Linearisation covariance of k estimators: z is n x k, row-major
 * (z[i * k + v]), 0 outside the domain; calibration adjustments are
 * applied to a copy. cov (k x k) is written in full. */
int design_covariance(const struct design *d, const double *z, size_t k, double *cov,
		      struct ky_error *err);
/* design_covariance() and design_domain_df() for k estimators whose
 * influence values arrive a row at a time (kysely model's sandwich
 * variance): rows not added are outside the domain (z = 0). Nothing is
 * kept per row: per PSU totals with clusters, per stratum sums of z and
 * z z' when every row is its own PSU, and post-stratified also sums per
 * post-stratum; only a raked design keeps the n x k values for
 * design_covariance(). */
struct design_scores;
struct design_scores *design_scores_create(const struct design *d, size_t k);
/* Row i's k values (each row at most once). */
void design_scores_add(struct design_scores *s, size_t i, const double *z);
/* cov (k x k) in full, *df the domain's design df. */
int design_scores_covariance(const struct design_scores *s, double *cov, double *df,
			     struct ky_error *err);
void design_scores_destroy(struct design_scores *s);
/* Weighted shares of k cells and their linearisation covariance (k x k),
 * in the domain of the rows with cell[i] < k (SIZE_MAX: outside): the
 * input of a Rao-Scott test. Streaming (sums per stratum or PSU) for an
 * uncalibrated design, else through design_covariance(). *df receives the
 * domain's design df. */
int design_cell_covariance(const struct design *d, struct design_work *w, const size_t *cell,
			   size_t k, double *share, double *cov, double *df, struct ky_error *err);
/* Domain df for a domain given as a row mask. */
double design_domain_df(const struct design *d, struct design_work *w, const unsigned char *in_domain);

/* The streaming path (pass one accumulates, pass two derives), exact for
 * designs that are not calibrated. Sums of w, wy (and w^2, w^2y, w^2y^2)
 * per (group, unit): the unit is the stratum when every row is its own PSU
 * (the PSU totals are then recovered from moments per stratum), else the
 * PSU. They give V = sum_h factor_h sum_c (Z_hc - Zbar_h)^2 without a
 * per-estimate pass over the rows. Callers that read the responses once
 * (src/analyze/stream.c) fill the fields directly; cell = g * units + u,
 * value slot = cell * K + k. Without a design (d NULL) only rows and swy
 * are kept: plain counts in one unit. */
struct design_sums {
	size_t K, units, groups;
	bool moments, indicator;          /* indicator: 0/1 values, swy2/sw2y2 NULL */
	double *rows;                     /* [cell] rows */
	double *sw, *sw2;                 /* [cell] */
	double *swy, *sw2y, *swy2, *sw2y2;/* [cell * K + k] */
};
void design_sums_init(struct design_sums *s, const struct design *d, size_t K, size_t groups,
		      bool indicator);
void design_sums_release(struct design_sums *s);
/* The unit row i adds to. */
size_t design_sums_unit_of_row(const struct design *d, const struct design_sums *s, size_t i);
/* Pass two for value k of group g. */
void design_sums_estimate(const struct design *d, struct design_work *w,
			  const struct design_sums *s, size_t g, size_t k,
			  struct design_estimate *out);
/* Sums (K = 1, not indicator) of the value value[k] of each level k of
 * 0/1 sums: a Likert item's mean from its shares' sums. Every level must
 * have a value. */
void design_sums_of_values(const struct design_sums *cat, const double *value,
			   struct design_sums *out);
/* design_cell_covariance() for the cells (level k, group g < n_groups),
 * cell = k + K g, from 0/1 sums. */
int design_sums_cell_covariance(const struct design *d, const struct design_sums *s,
				size_t n_groups, double *share, double *cov, double *df,
				struct ky_error *err);

/* design_median() from sums whose levels are the distinct values in
 * ascending order (value[k]): group g's median and Woodruff interval. */
struct design_median_result;
int design_sums_median(const struct design *d, struct design_work *w, const struct design_sums *s,
		       const double *value, size_t g, double level,
		       struct design_median_result *out, struct ky_error *err);

/* Shares of n_codes categories (code[i] in 0..n_codes-1, or SIZE_MAX for
 * no answer) in every group at once (group[i] in 0..n_groups-1, or -1 for
 * none; group NULL = one group) through the sums. out is n_groups x
 * n_codes, group-major. KY_EUSAGE for a calibrated design (use
 * design_mean). */
int design_shares_by_group(const struct design *d, struct design_work *w,
			   const size_t *code, size_t n_codes, const int32_t *group,
			   size_t n_groups, struct design_estimate *out, struct ky_error *err);
/* The same for the mean of y (NaN = no answer) in every group; out has
 * n_groups entries. */
int design_means_by_group(const struct design *d, struct design_work *w,
			  const double *y, const int32_t *group, size_t n_groups,
			  struct design_estimate *out, struct ky_error *err);

/* Unweighted sample median as R median() and the order-statistic interval
 * (NaN ends when k = 0). values is reordered in place. */
void design_srs_median(double *values, size_t n, double level, double *estimate,
		       double *low, double *high);
/* The same from a histogram: count[k] answers of value[k], ascending. */
void design_srs_median_of_counts(const double *value, const double *count, size_t K,
				 double level, double *estimate, double *low, double *high);

#endif
