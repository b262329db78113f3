/* paired.c - McNemar, paired t and Wilcoxon signed-rank (paired.h). */
#include "config.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/paired.h"

/* binom.test(x, n, 0.5) two-sided: the distribution is symmetric, so
 * R's "as likely or less likely" rule is twice the smaller tail. */
static double mcnemar_exact(size_t x, size_t n)
{
	size_t lo = x < n - x ? x : n - x;
	double p;
	if (n == 0 || 2 * x == n)
		return 1;
	p = 2 * gsl_cdf_binomial_P((unsigned)lo, 0.5, (unsigned)n);
	return p > 1 ? 1 : p;
}

void paired_proportion(const struct paired_table *t, double level, struct paired_prop *out)
{
	double n = (double)(t->n11 + t->n10 + t->n01 + t->n00);
	double b = (double)t->n10, c = (double)t->n01, z;
	out->n = n;
	if (n == 0) {
		out->p_pre = out->p_post = out->difference = out->std_error = NAN;
		out->conf_low = out->conf_high = out->p_value = NAN;
		return;
	}
	out->p_pre = (double)(t->n11 + t->n10) / n;
	out->p_post = (double)(t->n11 + t->n01) / n;
	out->difference = (c - b) / n;
	out->std_error = sqrt(fmax(0, (b + c) - (c - b) * (c - b) / n)) / n;
	z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
	out->conf_low = out->difference - z * out->std_error;
	out->conf_high = out->difference + z * out->std_error;
	out->p_value = mcnemar_exact(t->n01, t->n01 + t->n10);
}

void paired_t_test(const double *pre, const double *post, size_t n, double level,
		   struct paired_t *out)
{
	double sum_pre = 0, sum_post = 0, mean, ss = 0, sd, q;
	memset(out, 0, sizeof *out);
	out->n = (double)n;
	for (size_t i = 0; i < n; i++) {
		sum_pre += pre[i];
		sum_post += post[i];
	}
	out->mean_pre = n ? sum_pre / (double)n : NAN;
	out->mean_post = n ? sum_post / (double)n : NAN;
	mean = n ? (sum_post - sum_pre) / (double)n : NAN;
	out->difference = mean;
	out->std_error = out->conf_low = out->conf_high = out->t = out->df = NAN;
	out->p_value = out->d_z = NAN;
	if (n < 2)
		return;
	/* the mean of the differences again, as the differences themselves */
	mean = 0;
	for (size_t i = 0; i < n; i++)
		mean += post[i] - pre[i];
	mean /= (double)n;
	out->difference = mean;
	for (size_t i = 0; i < n; i++) {
		double d = post[i] - pre[i] - mean;
		ss += d * d;
	}
	sd = sqrt(ss / (double)(n - 1));
	out->df = (double)(n - 1);
	out->std_error = sd / sqrt((double)n);
	q = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, out->df);
	out->conf_low = mean - q * out->std_error;
	out->conf_high = mean + q * out->std_error;
	if (sd > 0) {
		out->t = mean / out->std_error;
		out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->t), out->df);
		out->d_z = mean / sd;
	}
}

/* The number of subsets of {1..n} summing to each k (R's csignrank),
 * as doubles: below 2^53 for every n this file allows. */
static double *signrank_counts(size_t n, size_t *top)
{
	size_t u = n * (n + 1) / 2;
	double *w = calloc(u + 1, sizeof *w);
	if (!w)
		return NULL;
	w[0] = 1;
	for (size_t j = 1; j <= n; j++) {
		size_t hi = j * (j + 1) / 2;
		for (size_t k = hi; k >= j; k--)
			w[k] += w[k - j];
	}
	*top = u;
	return w;
}

/* P(V <= q), or P(V >= q) when upper, summed over the tail itself so
 * that a small p-value keeps its digits. */
static double signrank_tail(double q, size_t n, bool upper)
{
	size_t top, k;
	double *w, sum = 0;
	if (n > 1000 || !(w = signrank_counts(n, &top)))
		return NAN;
	for (k = 0; k <= top; k++)
		if (upper ? (double)k >= q - 1e-7 : (double)k <= q + 1e-7)
			sum += w[k];
	free(w);
	return fmin(1, sum / ldexp(1, (int)n));
}

double paired_psignrank(double q, size_t n)
{
	return q < 0 ? 0 : signrank_tail(floor(q + 1e-7), n, false);
}

struct ranked {
	double abs_d;
	bool positive;
};

static int by_abs(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->abs_d, y = ((const struct ranked *)b)->abs_d;
	return (x > y) - (x < y);
}

/* Ranks with ties averaged; returns V and the sum of t^3 - t over ties. */
static double signed_rank_sum(struct ranked *r, size_t m, double *tie_term)
{
	double v = 0;
	size_t i = 0;
	*tie_term = 0;
	qsort(r, m, sizeof *r, by_abs);
	while (i < m) {
		size_t j = i;
		while (j + 1 < m && r[j + 1].abs_d == r[i].abs_d)
			j++;
		double rank = (double)(i + j + 2) / 2, t = (double)(j - i + 1);
		*tie_term += t * t * t - t;
		for (size_t k = i; k <= j; k++)
			if (r[k].positive)
				v += rank;
		i = j + 1;
	}
	return v;
}

static double wilcoxon_normal(double v, double m, double tie_term)
{
	double z = v - m * (m + 1) / 4;
	double sigma = sqrt(m * (m + 1) * (2 * m + 1) / 24 - tie_term / 48);
	double correction = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
	z = (z - correction) / sigma;
	return 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
}

void paired_wilcoxon_test(const double *pre, const double *post, size_t n,
			  struct paired_wilcoxon *out)
{
	struct ranked *r = calloc(n + 1, sizeof *r);
	size_t m = 0;
	bool zeros = false;
	double tie_term = 0;
	memset(out, 0, sizeof *out);
	out->v = out->p_value = out->rank_biserial = NAN;
	if (!r)
		return;
	for (size_t i = 0; i < n; i++) {
		double d = post[i] - pre[i];
		if (d == 0) {
			zeros = true;
			continue;
		}
		r[m].abs_d = fabs(d);
		r[m++].positive = d > 0;
	}
	out->n_nonzero = (double)m;
	if (m) {
		double v = signed_rank_sum(r, m, &tie_term), dm = (double)m;
		out->v = v;
		out->rank_biserial = 4 * v / (dm * (dm + 1)) - 1;
		out->exact = m < 50 && tie_term == 0 && !zeros;
		if (out->exact) {
			double p = v > dm * (dm + 1) / 4 ? signrank_tail(v, m, true)
				 : paired_psignrank(v, m);
			out->p_value = fmin(1, 2 * p);
		} else {
			out->p_value = wilcoxon_normal(v, dm, tie_term);
		}
	}
	free(r);
}
