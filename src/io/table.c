/* table.c - rows of text cells in memory (table.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "io/csvwrite.h"
#include "io/table.h"
#include "util/mem.h"

static char *copy_text(const char *s, size_t len)
{
	char *c = ky_malloc(len + 1);
	if (len)
		memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

void table_add_cell(struct table *t, const char *s, size_t len)
{
	if (t->cur_n == t->cur_cap) {
		t->cur_cap = t->cur_cap ? 2 * t->cur_cap : 16;
		t->cur = ky_reallocarray(t->cur, t->cur_cap, sizeof *t->cur);
	}
	t->cur[t->cur_n++] = copy_text(s ? s : "", s ? len : 0);
}

void table_set_last(struct table *t, const char *s, size_t len)
{
	if (!t->cur_n) {
		table_add_cell(t, s, len);
		return;
	}
	free(t->cur[t->cur_n - 1]);
	t->cur[t->cur_n - 1] = copy_text(s ? s : "", s ? len : 0);
}

/* The row as n_cols cells: short rows padded with "", long ones cut. */
static char **finished_row(struct table *t)
{
	char **row = ky_calloc(t->n_cols ? t->n_cols : 1, sizeof *row);
	for (size_t j = 0; j < t->n_cols; j++)
		row[j] = j < t->cur_n ? t->cur[j] : copy_text("", 0);
	for (size_t j = t->n_cols; j < t->cur_n; j++)
		free(t->cur[j]);
	t->cur_n = 0;
	return row;
}

void table_end_row(struct table *t)
{
	if (!t->header) {
		t->n_cols = t->cur_n;
		t->header = finished_row(t);
		return;
	}
	if (t->n_rows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->rows = ky_reallocarray(t->rows, t->cap, sizeof *t->rows);
	}
	t->rows[t->n_rows++] = finished_row(t);
}

void table_release(struct table *t)
{
	size_t i, j;
	for (i = 0; i < t->n_rows; i++) {
		for (j = 0; j < t->n_cols; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	for (j = 0; t->header && j < t->n_cols; j++)
		free(t->header[j]);
	for (j = 0; j < t->cur_n; j++)
		free(t->cur[j]);
	free(t->cur);
	free(t->header);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

int table_col(const struct table *t, const char *name)
{
	size_t j;
	for (j = 0; j < t->n_cols; j++)
		if (strcmp(t->header[j], name) == 0)
			return (int)j;
	return -1;
}

const char *table_cell(const struct table *t, size_t row, int col)
{
	if (col < 0 || (size_t)col >= t->n_cols || row >= t->n_rows)
		return "";
	return t->rows[row][col];
}

static void write_row(struct csvwrite *w, char *const *cells, size_t n)
{
	for (size_t j = 0; j < n; j++)
		csvwrite_text(w, cells[j]);
	csvwrite_end_row(w);
}

int table_write_csv(const struct table *t, FILE *fp, const char *path, bool excel,
		    struct ky_error *err)
{
	struct csvwrite w;

	csvwrite_init(&w, fp, 0);
	if (excel)
		csvwrite_excel(&w);
	if (t->header)
		write_row(&w, t->header, t->n_cols);
	for (size_t i = 0; i < t->n_rows; i++)
		write_row(&w, t->rows[i], t->n_cols);
	return csvwrite_finish(&w, path, err);
}
