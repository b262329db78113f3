/* chisq.c - Pearson's chi-square test of independence (R chisq.test). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include "analysis/tests.h"
#include "util/mem.h"

int chisq_test(const double *counts, size_t rows, size_t cols, int yates,
	       struct tests_result *res, struct ky_error *err)
{
	size_t *keep_row, *keep_col, nr, nc, i, j;
	double *row_total, *col_total, total = 0, x2 = 0, min_expected = INFINITY;
	int rc;

	if (!res)
		return ky_error_set(err, KY_EINPUT, "chisq: no result record");
	tests_result_init(res);
	rc = tests_table_levels(counts, rows, cols, "chisq", res, &keep_row,
				&keep_col, err);
	if (rc || res->why)
		goto out;
	nr = res->rows;
	nc = res->cols;
	row_total = ky_calloc(nr, sizeof *row_total);
	col_total = ky_calloc(nc, sizeof *col_total);
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++) {
			double x = counts[keep_row[i] + keep_col[j] * rows];
			row_total[i] += x;
			col_total[j] += x;
			total += x;
		}
	/* R corrects only 2 x 2 tables, and never by more than |x - E|. */
	yates = yates && nr == 2 && nc == 2;
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++) {
			double x = counts[keep_row[i] + keep_col[j] * rows];
			double expected = row_total[i] * col_total[j] / total;
			double dev = fabs(x - expected);
			if (yates)
				dev -= fmin(0.5, dev);
			x2 += dev * dev / expected;
			if (expected < min_expected)
				min_expected = expected;
		}
	free(row_total);
	free(col_total);
	res->defined = 1;
	res->statistic = x2;
	res->df = (double)((nr - 1) * (nc - 1));
	res->p_value = gsl_cdf_chisq_Q(x2, res->df);
	res->n = total;
	res->min_expected = min_expected;
	res->small_expected = min_expected < 5;
out:
	free(keep_row);
	free(keep_col);
	return rc;
}
