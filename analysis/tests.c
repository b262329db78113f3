/* tests.c - what the tests of association share: the result record and
 * the search for the levels that occur in a table. */
#include "config.h"
#include <math.h>
#include "analysis/tests.h"
#include "util/mem.h"

void tests_result_init(struct tests_result *res)
{
	res->defined = 0;
	res->why = NULL;
	res->statistic = NAN;
	res->df = NAN;
	res->df2 = NAN;
	res->p_value = NAN;
	res->rows = 0;
	res->cols = 0;
	res->n = NAN;
	res->min_expected = NAN;
	res->small_expected = 0;
	res->replicates = 0;
}

int tests_table_levels(const double *table, size_t rows, size_t cols,
		       const char *what, struct tests_result *res,
		       size_t **keep_row, size_t **keep_col, struct ky_error *err)
{
	size_t i, j;

	*keep_row = ky_calloc(rows ? rows : 1, sizeof **keep_row);
	*keep_col = ky_calloc(cols ? cols : 1, sizeof **keep_col);
	if (!table || rows == 0 || cols == 0)
		return ky_error_set(err, KY_EINPUT, "%s: empty table", what);
	for (i = 0; i < rows * cols; i++)
		if (!isfinite(table[i]) || table[i] < 0)
			return ky_error_set(err, KY_EINPUT,
					    "%s: cell %zu x %zu is %g, not a count",
					    what, i % rows + 1, i / rows + 1, table[i]);
	/* a level is kept when its line holds any positive cell */
	res->rows = 0;
	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++)
			if (table[i + j * rows] > 0) {
				(*keep_row)[res->rows++] = i;
				break;
			}
	res->cols = 0;
	for (j = 0; j < cols; j++)
		for (i = 0; i < rows; i++)
			if (table[i + j * rows] > 0) {
				(*keep_col)[res->cols++] = j;
				break;
			}
	if (res->rows < 2 || res->cols < 2)
		res->why = "fewer than 2 levels on a side";
	return KY_OK;
}
