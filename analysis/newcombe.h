/* newcombe.h - interval for the difference of two independent proportions,
 * Newcombe's hybrid score method (his method 10, no continuity correction).
 *
 * Oracle: DescTools::BinomDiffCI(x1, n1, x2, n2, method = "score"):
 * with Wilson intervals (l1, u1) of p1 = x1/n1 and (l2, u2) of p2 = x2/n2,
 *   d = p1 - p2, low = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),
 *   high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
 * 56/70 - 48/80 at 95 %: (0.0524314724, 0.333872654). */
#ifndef KY_ANALYSIS_NEWCOMBE_H
#define KY_ANALYSIS_NEWCOMBE_H

#include "util/error.h"

struct newcombe_result {
	double estimate;          /* p1 - p2 */
	double conf_low, conf_high;
};

/* KY_EINPUT when n1 or n2 is 0, x > n, or level outside (0, 1). */
int newcombe_diff(unsigned long x1, unsigned long n1, unsigned long x2,
		  unsigned long n2, double level, struct newcombe_result *res,
		  struct ky_error *err);

#endif
