/* needs.h - training needs: top-two-box shares, the Borich needs model and
 * the ranking of topics.
 *
 * Pure statistics on arrays. Matrices are respondents x topics,
 * respondent-major (x[i * topics + t]); NaN marks a missing answer. */
#ifndef KY_ANALYSIS_NEEDS_H
#define KY_ANALYSIS_NEEDS_H

#include <stddef.h>
#include "util/error.h"

/* Top-two-box on a K-point scale (points = K >= 2, values 1..K): *chosen =
 * answers >= K - 1, *answered = non-NaN answers. The share's interval is
 * that of any proportion (the interval module). */
int needs_top_two_box(const double *values, size_t n, int points,
		      size_t *chosen, size_t *answered, struct ky_error *err);

/* Borich model per topic over the respondents who answered both items:
 * d_i = importance_i - competence_i, MWDS = mean(d) * mean(importance).
 * The interval is a percentile bootstrap over respondents: each resample
 * draws the respondents with replacement (from gsl_rng_mt19937 seeded with
 * seed), done per topic as multinomial counts over the topic's distinct
 * answer pairs, which has the same distribution at a cost independent of
 * the number of respondents; the quantiles are R's type 7
 * (gsl_stats_quantile_from_sorted_data) of the resampled MWDS, leaving out
 * resamples in which a topic had no complete pair. */
struct needs_borich_options {
	double level;             /* default 0.95 */
	size_t resamples;         /* default 2000, at least 2000 in published runs */
	unsigned long seed;       /* default 20240601 */
};
void needs_borich_options_default(struct needs_borich_options *opt);

struct needs_borich_topic {
	size_t n;                 /* respondents with both answers */
	double mean_importance;
	double mean_competence;
	double mean_discrepancy;  /* mean(d) */
	double mwds;              /* NaN when n = 0 */
	double conf_low, conf_high; /* NaN when fewer than 2 respondents */
	size_t rank;              /* 1 = largest need; 0 when mwds is NaN */
};

/* out has topics entries. opt NULL: the defaults. */
int needs_borich(const double *importance, const double *competence,
		 size_t respondents, size_t topics,
		 const struct needs_borich_options *opt,
		 struct needs_borich_topic *out, struct ky_error *err);

/* Under a design (statistics.md, "Scales, needs"): the means, the MWDS
 * weighted by weight; the interval a percentile bootstrap that resamples
 * PSUs within strata as survey's bootstrap replicate weights
 * (as.svrepdesign(type = "bootstrap"), Canty and Davison): in a stratum
 * of n_h PSUs among the rows, n_h - 1 drawn with replacement, each
 * weighted n_h / (n_h - 1); a stratum of one PSU is kept whole. PSUs of
 * equal sums for a topic are drawn as one multinomial (same distribution).
 * Without clusters each respondent is its own PSU. psu codes index
 * psu_stratum (0..n_strata-1). */
struct needs_design {
	const double *weight;        /* [rows] */
	const size_t *psu;           /* [rows] codes 0..n_psu-1 */
	size_t n_psu;
	const size_t *psu_stratum;   /* [n_psu] */
	size_t n_strata;
};
int needs_borich_design(const double *importance, const double *competence, size_t rows,
			size_t topics, const struct needs_design *dsg,
			const struct needs_borich_options *opt, struct needs_borich_topic *out,
			struct ky_error *err);

/* Ranks scores descending: rank[t] = 1 + the number of scores strictly
 * larger (ties share the best rank, "1 2 2 4"); NaN scores get rank 0 and
 * are not counted. */
void needs_rank(const double *score, size_t n, size_t *rank);

#endif
