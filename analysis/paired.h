/* paired.h - before/after statistics on linked pairs (statistics.md,
 * "Comparisons between waves and before/after training"): McNemar's
 * exact test with the Wald interval of the difference of paired
 * proportions, the paired t test with Cohen's d_z, and the Wilcoxon
 * signed-rank test exactly as R's wilcox.test(paired = TRUE).
 *
 * Pure functions on arrays; differences are post - pre. */
#ifndef KY_ANALYSIS_PAIRED_H
#define KY_ANALYSIS_PAIRED_H

#include <stdbool.h>
#include <stddef.h>

/* A 2x2 table of pairs: before (rows) by after (columns), 1 = correct. */
struct paired_table {
	size_t n11, n10, n01, n00;   /* n10: correct before, not after */
};

struct paired_prop {
	double n, p_pre, p_post, difference, std_error, conf_low, conf_high, p_value;
};

/* p_post - p_pre with its Wald interval at level, sd =
 * sqrt((n01 + n10) - (n01 - n10)^2 / n) / n; p_value of McNemar's exact
 * test, binom.test(n01, n01 + n10, 0.5) (1 without discordant pairs).
 * NaN everywhere but n when n = 0. */
void paired_proportion(const struct paired_table *t, double level, struct paired_prop *out);

struct paired_t {
	double n, mean_pre, mean_post, difference, std_error, conf_low, conf_high, t, df,
	       p_value, d_z;
};

/* t.test(post, pre, paired = TRUE) and d_z = mean(d) / sd(d); NaN when
 * fewer than 2 pairs (and the test when sd(d) = 0). */
void paired_t_test(const double *pre, const double *post, size_t n, double level,
		   struct paired_t *out);

struct paired_wilcoxon {
	double n_nonzero;   /* pairs with a difference (zeros are dropped) */
	double v;           /* V: the sum of the ranks of the positive differences */
	double p_value;
	bool exact;         /* the exact distribution (n < 50, no ties, no zeros) */
	double rank_biserial;   /* 4V / (n(n + 1)) - 1: from -1 (all down) to 1 */
};

/* wilcox.test(post, pre, paired = TRUE, exact = NULL, correct = TRUE):
 * ranks of |post - pre| as given (the caller passes exact differences,
 * e.g. of points rather than of rounded percentages). NaN p without a
 * non-zero difference. */
void paired_wilcoxon_test(const double *pre, const double *post, size_t n,
			  struct paired_wilcoxon *out);

/* P(V <= q) of the signed-rank statistic with n untied non-zero
 * differences (R's psignrank), n <= 1000. */
double paired_psignrank(double q, size_t n);

#endif
