/* table.h - rows of text cells in memory, cells by column name: the
 * result tables of an analysis (estimates, tests, items).
 *
 * An analysis fills its tables through a csvwrite bound to a table
 * (csvwrite_init_table), so a number in a cell is the text the CSV file
 * has, from the one formatter (csvwrite_format_number); the CSV writer
 * (table_write_csv) and the report both read the same cells. The first
 * row written is the header. Text cells are kept as given (the CSV
 * writer neutralises them on the way out). Owns every string;
 * table_release() frees them. */
#ifndef KY_IO_TABLE_H
#define KY_IO_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "util/error.h"

struct table {
	char **header;
	size_t n_cols;
	char ***rows;      /* rows[i][j]: cell j of row i, never NULL ("" when absent) */
	size_t n_rows, cap;
	char **cur;        /* the row being written, cur_n cells */
	size_t cur_n, cur_cap;
};

/* Appends a cell to the row being written (a copy of s[0 .. len - 1]). */
void table_add_cell(struct table *t, const char *s, size_t len);
/* Replaces the last cell of the row being written. */
void table_set_last(struct table *t, const char *s, size_t len);
/* Ends the row being written: the header when it is the first row. */
void table_end_row(struct table *t);
void table_release(struct table *t);

/* Column index by name, -1 when absent. */
int table_col(const struct table *t, const char *name);
/* Cell text ("" for a missing column). */
const char *table_cell(const struct table *t, size_t row, int col);

/* Writes the header and the rows as CSV (csvwrite.h: text neutralised,
 * numbers as they are; excel: csvwrite's Excel mode) and flushes fp;
 * KY_EIO naming path on failure. */
int table_write_csv(const struct table *t, FILE *fp, const char *path, bool excel,
		    struct ky_error *err);

#endif
