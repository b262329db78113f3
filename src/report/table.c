#include "config.h"
#include <string.h>
#include <unistd.h>
#include "io/csvread.h"
#include "io/csvwrite.h"
#include "report/table.h"
#include "util/mem.h"

static char **copy_record(const struct csvread_record *rec, size_t n_cols)
{
	char **cells = ky_calloc(n_cols, sizeof *cells);
	size_t i;
	/* the labels as analyze had them, without the CSV neutraliser */
	for (i = 0; i < n_cols; i++) {
		char *plain = i < rec->n_fields ?
			csvwrite_unneutralise(rec->fields[i], rec->lens[i]) : NULL;
		cells[i] = plain ? plain : ky_strdup(i < rec->n_fields ? rec->fields[i] : "");
	}
	return cells;
}

int table_read(struct table *t, const char *path, int optional, struct ky_error *err)
{
	struct csvread *r;
	const struct csvread_record *rec;
	size_t cap = 0;
	int rc;

	memset(t, 0, sizeof *t);
	if (optional && access(path, R_OK) != 0)
		return KY_OK;
	if ((rc = csvread_open(path, NULL, &r, err)) != KY_OK)
		return rc;
	while ((rc = csvread_next(r, &rec, err)) == 1) {
		if (!t->header) {
			t->n_cols = rec->n_fields;
			t->header = copy_record(rec, t->n_cols);
			continue;
		}
		if (t->n_rows == cap) {
			cap = cap ? 2 * cap : 64;
			t->rows = ky_reallocarray(t->rows, cap, sizeof *t->rows);
		}
		t->rows[t->n_rows++] = copy_record(rec, t->n_cols);
	}
	csvread_close(r);
	if (rc < 0) {
		table_release(t);
		return err->code;
	}
	return KY_OK;
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
