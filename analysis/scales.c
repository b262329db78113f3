/* scales.c - Cronbach's alpha, Feldt's interval, alpha if item deleted. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include "analysis/interval.h"
#include "analysis/scales.h"
#include "util/mem.h"

/* alpha from the item covariance matrix (k x k) leaving out item skip
 * (skip = k: none). The total's variance is the sum of the whole block. */
static double scales_alpha_from_cov(const double *cov, size_t k, size_t skip)
{
	double items = 0, total = 0, m = (double)(skip < k ? k - 1 : k);
	size_t a, b;

	if (m < 2)
		return NAN;
	for (a = 0; a < k; a++) {
		if (a == skip)
			continue;
		items += cov[a * k + a];
		for (b = 0; b < k; b++)
			if (b != skip)
				total += cov[a * k + b];
	}
	if (!(total > 0))
		return NAN;
	return m / (m - 1) * (1 - items / total);
}

int scales_alpha(const double *data, size_t n, size_t k, double level,
		 struct scales_alpha *res, double *alpha_if_deleted,
		 struct ky_error *err)
{
	double *mean, *cov;
	unsigned char *complete;
	size_t i, a, b, used = 0;

	if (!res || (!data && n > 0))
		return ky_error_set(err, KY_EINPUT, "alpha: no data");
	if (k < 2)
		return ky_error_set(err, KY_EINPUT,
				    "alpha: a scale needs at least 2 items, got %zu", k);
	if (!(level > 0 && level < 1))
		return ky_error_set(err, KY_EINPUT,
				    "alpha: confidence level %g outside (0, 1)", level);
	res->items = k;
	res->conf_level = level;
	res->alpha = res->conf_low = res->conf_high = NAN;
	if (alpha_if_deleted)
		for (a = 0; a < k; a++)
			alpha_if_deleted[a] = NAN;

	complete = ky_calloc(n ? n : 1, 1);
	mean = ky_calloc(k, sizeof *mean);
	cov = ky_calloc(k * k, sizeof *cov);
	for (i = 0; i < n; i++) {
		complete[i] = 1;
		for (a = 0; a < k; a++)
			if (!isfinite(data[i * k + a]))
				complete[i] = 0;
		if (!complete[i])
			continue;
		used++;
		for (a = 0; a < k; a++)
			mean[a] += data[i * k + a];
	}
	res->n = used;
	if (used < 2)
		goto out;
	for (a = 0; a < k; a++)
		mean[a] /= (double)used;
	/* two passes: the centred products keep Likert-sized data exact */
	for (i = 0; i < n; i++) {
		if (!complete[i])
			continue;
		for (a = 0; a < k; a++)
			for (b = a; b < k; b++)
				cov[a * k + b] += (data[i * k + a] - mean[a]) *
						  (data[i * k + b] - mean[b]);
	}
	/* the lower triangle is the same products in the same order */
	for (a = 0; a < k; a++)
		for (b = a; b < k; b++)
			cov[b * k + a] = cov[a * k + b] /= (double)(used - 1);
	res->alpha = scales_alpha_from_cov(cov, k, k);
	if (alpha_if_deleted)
		for (a = 0; a < k; a++)
			alpha_if_deleted[a] = scales_alpha_from_cov(cov, k, a);
	if (!isnan(res->alpha)) {
		double df1 = (double)(used - 1), df2 = df1 * (double)(k - 1);
		double tail = (1 - level) / 2;
		res->conf_low = 1 - (1 - res->alpha) * interval_f_quantile(1 - tail, df1, df2);
		res->conf_high = 1 - (1 - res->alpha) * interval_f_quantile(tail, df1, df2);
	}
out:
	free(complete);
	free(mean);
	free(cov);
	return KY_OK;
}
