/* suppress.h - disclosure control on an r x c table of counts.
 *
 * The table is rows fastest (cell (i, j) at [i + j * rows]): rows are the
 * levels, columns the groups whose bases are published. Primary
 * suppression: x < T or base_j - x < T (base_j the column's base, by
 * default its total). Secondary (complementary): any row or column with
 * exactly one suppressed cell gets its smallest unsuppressed cell
 * suppressed too (ties: the first), repeated until nothing changes, so no
 * suppressed count can be recovered from the totals. */
#ifndef KY_ANALYSIS_SUPPRESS_H
#define KY_ANALYSIS_SUPPRESS_H

#include <stddef.h>
#include "util/error.h"

enum suppress_flag {
	SUPPRESS_NONE = 0,
	SUPPRESS_PRIMARY = 1,
	SUPPRESS_SECONDARY = 2
};

/* flag gets rows x cols enum suppress_flag values (caller-allocated).
 * base: per column, or NULL for the column totals. threshold <= 0
 * suppresses nothing. primary and secondary (may be NULL) get the counts
 * of each kind. KY_EINPUT for negative or non-finite counts or a base
 * below its column's total. */
int suppress_table(const double *counts, size_t rows, size_t cols,
		   const double *base, double threshold, unsigned char *flag,
		   size_t *primary, size_t *secondary, struct ky_error *err);

#endif
