/* suppress.c - primary and complementary cell suppression. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include "analysis/suppress.h"

/* The cells of one row or column: start, stride, count. Suppresses the
 * smallest unsuppressed cell when exactly one is suppressed; returns 1
 * when it did. */
static int suppress_line(const double *counts, unsigned char *flag,
			 size_t start, size_t stride, size_t count)
{
	size_t k, suppressed = 0, best = 0;
	int found = 0;

	for (k = 0; k < count; k++)
		if (flag[start + k * stride] != SUPPRESS_NONE)
			suppressed++;
	if (suppressed != 1)
		return 0;
	for (k = 0; k < count; k++) {
		size_t at = start + k * stride;
		if (flag[at] != SUPPRESS_NONE)
			continue;
		if (!found || counts[at] < counts[best]) {
			best = at;
			found = 1;
		}
	}
	if (!found)
		return 0;
	flag[best] = SUPPRESS_SECONDARY;
	return 1;
}

int suppress_table(const double *counts, size_t rows, size_t cols,
		   const double *base, double threshold, unsigned char *flag,
		   size_t *primary, size_t *secondary, struct ky_error *err)
{
	size_t i, j, n_primary = 0, n_secondary = 0;
	int changed;

	if ((rows * cols > 0) && (!counts || !flag))
		return ky_error_set(err, KY_EINPUT, "suppression: no table");
	for (i = 0; i < rows * cols; i++)
		if (!isfinite(counts[i]) || counts[i] < 0)
			return ky_error_set(err, KY_EINPUT,
					    "suppression: cell %zu x %zu is %g, not a count",
					    i % rows + 1, i / rows + 1, counts[i]);
	for (j = 0; j < cols; j++) {
		double total = 0, column_base;
		for (i = 0; i < rows; i++)
			total += counts[i + j * rows];
		column_base = base ? base[j] : total;
		if (!(column_base >= total))
			return ky_error_set(err, KY_EINPUT,
					    "suppression: column %zu has base %g below its total %g",
					    j + 1, column_base, total);
		for (i = 0; i < rows; i++) {
			double x = counts[i + j * rows];
			int small = threshold > 0 &&
				    (x < threshold || column_base - x < threshold);
			flag[i + j * rows] = small ? SUPPRESS_PRIMARY : SUPPRESS_NONE;
			n_primary += small;
		}
	}
	/* each pass suppresses at least one more cell, so this ends */
	do {
		changed = 0;
		for (i = 0; i < rows; i++)
			changed |= suppress_line(counts, flag, i, rows, cols);
		for (j = 0; j < cols; j++)
			changed |= suppress_line(counts, flag, j * rows, 1, rows);
	} while (changed);
	for (i = 0; i < rows * cols; i++)
		n_secondary += flag[i] == SUPPRESS_SECONDARY;
	if (primary)
		*primary = n_primary;
	if (secondary)
		*secondary = n_secondary;
	return KY_OK;
}
