/* score.h - knowledge scores per respondent from scored items.
 *
 * Pure statistics on arrays. points is respondents x items,
 * respondent-major (points[i * items + j]): the points the respondent's
 * answer earned (the form's points per choice), NaN when unanswered.
 * max_points[j] is the most item j can give (> 0). domain[j] names the
 * item's domain, 0..domains-1, or SCORE_NO_DOMAIN; domain may be NULL.
 * Percent values are 0..100 of the maximum. */
#ifndef KY_ANALYSIS_SCORE_H
#define KY_ANALYSIS_SCORE_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

#define SCORE_NO_DOMAIN SIZE_MAX

/* What an unanswered item means. */
enum score_missing {
	/* 0 points (a knowledge test: not knowing earns nothing); a
	 * respondent who answered none of the items is not scored (NaN) */
	SCORE_MISSING_ZERO,
	/* the respondent's score (or domain score) is NaN when any of its
	 * items is unanswered */
	SCORE_MISSING_UNDEFINED
};

/* Fills total[i] and percent[i] (respondents entries each; either may be
 * NULL) and, when domain is given, domain_total and domain_percent
 * (respondents x domains, respondent-major; either may be NULL). KY_EINPUT
 * for a max_points that is not a positive number or a domain out of
 * range. */
int score_respondents(const double *points, size_t respondents, size_t items,
		      const double *max_points, const size_t *domain,
		      size_t domains, enum score_missing missing,
		      double *total, double *percent, double *domain_total,
		      double *domain_percent, struct ky_error *err);

/* The pass-mark share's counts: *passed = scores >= pass_mark, *scored =
 * non-NaN scores (the share's interval is any proportion's). */
void score_pass_count(const double *score, size_t n, double pass_mark,
		      size_t *passed, size_t *scored);

#endif
