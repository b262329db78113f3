/* table.h - a CSV file read whole into memory, cells by column name.
 *
 * The report reads back the estimates.csv and tests.csv that analyze
 * wrote, so that every number it shows is exactly the one in the CSV
 * (text cells without the apostrophe csvwrite added).
 * Owns every string; table_release() frees them. */
#ifndef KY_REPORT_TABLE_H
#define KY_REPORT_TABLE_H

#include <stddef.h>
#include "util/error.h"

struct table {
	char **header;
	size_t n_cols;
	char ***rows;      /* rows[i][j]: cell j of row i, never NULL ("" when absent) */
	size_t n_rows;
};

/* Reads path; a missing file gives an empty table (0 rows) and KY_OK
 * when optional is true. */
int table_read(struct table *t, const char *path, int optional, struct ky_error *err);
void table_release(struct table *t);

/* Column index by name, -1 when absent. */
int table_col(const struct table *t, const char *name);
/* Cell text ("" for a missing column). */
const char *table_cell(const struct table *t, size_t row, int col);

#endif
