/* newcombe.c - Newcombe's hybrid score interval for p1 - p2. */
#include "config.h"
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "analysis/newcombe.h"

/* The Wilson score interval (prop.test(correct = FALSE)); a private copy
 * so that this file stands alone on arrays. */
static void newcombe_wilson(double x, double n, double z, double *low, double *high)
{
	double p = x / n, z2 = z * z;
	double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
	double half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);

	*low = x == 0 ? 0 : fmax(0, centre - half);
	*high = x == n ? 1 : fmin(1, centre + half);
}

int newcombe_diff(unsigned long x1, unsigned long n1, unsigned long x2,
		  unsigned long n2, double level, struct newcombe_result *res,
		  struct ky_error *err)
{
	double z, p1, p2, l1, u1, l2, u2;

	if (!res)
		return ky_error_set(err, KY_EINPUT, "difference of proportions: no result record");
	if (n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2)
		return ky_error_set(err, KY_EINPUT,
				    "difference of proportions: %lu of %lu and %lu of %lu are not proportions",
				    x1, n1, x2, n2);
	if (!(level > 0 && level < 1))
		return ky_error_set(err, KY_EINPUT,
				    "difference of proportions: level %g outside (0, 1)", level);
	z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
	p1 = (double)x1 / (double)n1;
	p2 = (double)x2 / (double)n2;
	newcombe_wilson((double)x1, (double)n1, z, &l1, &u1);
	newcombe_wilson((double)x2, (double)n2, z, &l2, &u2);
	res->estimate = p1 - p2;
	res->conf_low = res->estimate - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
	res->conf_high = res->estimate + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
	return KY_OK;
}
