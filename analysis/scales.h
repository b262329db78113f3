/* scales.h - internal consistency of a scale of items: Cronbach's alpha
 * with Feldt's interval and alpha if an item is deleted.
 *
 * Pure statistics on arrays. data is n respondents x k items,
 * respondent-major (data[i * k + j]); NaN marks a missing answer and the
 * respondent is then left out (complete cases), as the spec asks.
 *
 * Oracles: alpha = k/(k-1) (1 - sum s_j^2 / s_total^2) (psych::alpha's
 * raw_alpha); Feldt: psych::alpha.ci, 1 - (1 - alpha) F^-1(1 - a/2; n-1,
 * (n-1)(k-1)) and 1 - (1 - alpha) F^-1(a/2; ...). */
#ifndef KY_ANALYSIS_SCALES_H
#define KY_ANALYSIS_SCALES_H

#include <stddef.h>
#include "util/error.h"

struct scales_alpha {
	size_t n;                 /* complete cases used */
	size_t items;             /* k */
	double alpha;             /* NaN when not defined (n < 2, zero total variance) */
	double conf_low, conf_high; /* Feldt; NaN when alpha is */
	double conf_level;
};

/* Cronbach's alpha of the k items over the complete cases. alpha_if_deleted,
 * when not NULL, gets k values: alpha of the other k - 1 items on the same
 * complete cases (NaN when k = 2: one item has no alpha). Returns KY_EINPUT
 * for k < 2, a level outside (0, 1) or NULL data; data that do not define
 * alpha (fewer than 2 complete cases, no variance) give NaN and return 0. */
int scales_alpha(const double *data, size_t n, size_t k, double level,
		 struct scales_alpha *res, double *alpha_if_deleted,
		 struct ky_error *err);

#endif
