/* score.c - knowledge score per respondent: total, percent of the
 * maximum, per domain; pass-mark counts. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include "analysis/score.h"
#include "util/mem.h"

/* One respondent's sums over a set of items. */
struct score_sum {
	double points, max;
	size_t answered, missing;
};

static void score_sum_add(struct score_sum *s, double points, double max)
{
	s->max += max;
	if (isnan(points)) {
		s->missing++;
	} else {
		s->points += points;
		s->answered++;
	}
}

static void score_sum_result(const struct score_sum *s, enum score_missing missing,
			     double *total, double *percent)
{
	double t = s->points;

	if (s->answered == 0 || (missing == SCORE_MISSING_UNDEFINED && s->missing > 0))
		t = NAN;
	if (total)
		*total = t;
	if (percent)
		*percent = 100 * t / s->max;
}

int score_respondents(const double *points, size_t respondents, size_t items,
		      const double *max_points, const size_t *domain,
		      size_t domains, enum score_missing missing,
		      double *total, double *percent, double *domain_total,
		      double *domain_percent, struct ky_error *err)
{
	struct score_sum *by_domain = NULL;
	size_t i, j, d;

	if (items == 0 || !max_points || (respondents > 0 && !points))
		return ky_error_set(err, KY_EINPUT, "score: no items");
	for (j = 0; j < items; j++) {
		if (!(max_points[j] > 0) || !isfinite(max_points[j]))
			return ky_error_set(err, KY_EINPUT,
					    "score: item %zu has maximum %g points", j + 1,
					    max_points[j]);
		if (domain && domain[j] != SCORE_NO_DOMAIN && domain[j] >= domains)
			return ky_error_set(err, KY_EINPUT,
					    "score: item %zu in domain %zu of %zu", j + 1,
					    domain[j] + 1, domains);
	}
	if (domain && domains > 0)
		by_domain = ky_calloc(domains, sizeof *by_domain);
	for (i = 0; i < respondents; i++) {
		struct score_sum all = { 0, 0, 0, 0 };
		const double *row = points + i * items;
		for (d = 0; by_domain && d < domains; d++) {
			struct score_sum empty = { 0, 0, 0, 0 };
			by_domain[d] = empty;
		}
		for (j = 0; j < items; j++) {
			score_sum_add(&all, row[j], max_points[j]);
			if (by_domain && domain[j] != SCORE_NO_DOMAIN)
				score_sum_add(&by_domain[domain[j]], row[j], max_points[j]);
		}
		score_sum_result(&all, missing, total ? &total[i] : NULL,
				 percent ? &percent[i] : NULL);
		for (d = 0; by_domain && d < domains; d++) {
			/* a domain without items has no score */
			if (by_domain[d].max == 0) {
				if (domain_total)
					domain_total[i * domains + d] = NAN;
				if (domain_percent)
					domain_percent[i * domains + d] = NAN;
				continue;
			}
			score_sum_result(&by_domain[d], missing,
					 domain_total ? &domain_total[i * domains + d] : NULL,
					 domain_percent ? &domain_percent[i * domains + d] : NULL);
		}
	}
	free(by_domain);
	return KY_OK;
}

void score_pass_count(const double *score, size_t n, double pass_mark,
		      size_t *passed, size_t *scored)
{
	size_t i;

	*passed = *scored = 0;
	for (i = 0; i < n; i++) {
		if (isnan(score[i]))
			continue;
		(*scored)++;
		if (score[i] >= pass_mark)
			(*passed)++;
	}
}
