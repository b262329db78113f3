/* xlsform-loops.c - pyxform's "begin loop over LIST" ... "end loop",
 * expanded in the survey sheet before it is read (xlsform-impl.h).
 *
 * As pyxform builds it: the loop row becomes a group, and inside it one
 * group per choice of LIST (named and labelled as the choice) holding a
 * copy of the loop's rows, in every cell of which %(name)s and %(label)s
 * become the choice's name and label. The copies keep their lines, so
 * that a message points at the row as written. */
#include "config.h"
#include <string.h>
#include <strings.h>
#include "form/xlsform-impl.h"
#include "util/mem.h"

static int column(const struct sheet *sh, const char *key)
{
	size_t c;
	for (c = 0; c < sh->n_cols; c++) {
		char *k = sheet_key(sh->headers[c]);
		bool same = !strcmp(k, key);
		free(k);
		if (same)
			return (int)c;
	}
	return -1;
}

static const char *cell(const struct sheet *sh, size_t row, int col)
{
	return col < 0 ? "" : sh->rows[row].cells[col];
}

/* s with every %(name)s and %(label)s replaced. */
static char *substitute(const char *s, const char *name, const char *label)
{
	struct { const char *key, *value; } subst[] = {
		{ "%(name)s", name }, { "%(label)s", label },
	};
	char *out = ky_strdup(s);
	size_t i;

	for (i = 0; i < 2; i++) {
		char *at;
		while ((at = strstr(out, subst[i].key))) {
			char *next = ky_asprintf("%.*s%s%s", (int)(at - out), out, subst[i].value,
						 at + strlen(subst[i].key));
			free(out);
			out = next;
		}
	}
	return out;
}

struct rows {
	struct sheet_row *row;
	size_t n, cap;
};

/* Appends a copy of row r (or of no row, r = -1) with type, name and label
 * set when not NULL, the other cells substituted for choice c. */
static void put(struct rows *out, const struct sheet *sh, long r, long line, const int col[3],
		const char *const set[3], const char *name, const char *label)
{
	struct sheet_row *nr;
	size_t c;
	int k;

	KY_GROW(out->row, out->n, out->cap, 64);
	nr = &out->row[out->n++];
	nr->line = line;
	nr->cells = ky_calloc(sh->n_cols ? sh->n_cols : 1, sizeof *nr->cells);
	for (c = 0; c < sh->n_cols; c++)
		nr->cells[c] = r < 0 ? ky_strdup("") : name ? substitute(sh->rows[r].cells[c], name, label)
							    : ky_strdup(sh->rows[r].cells[c]);
	for (k = 0; k < 3; k++)
		if (set[k] && col[k] >= 0) {
			free(nr->cells[col[k]]);
			nr->cells[col[k]] = ky_strdup(set[k]);
		}
}

/* The row of the "end loop" that closes the loop at row r, or 0. */
static size_t loop_end(const struct sheet *sh, int type, size_t r)
{
	size_t depth = 0, i;
	for (i = r; i < sh->n_rows; i++) {
		const char *t = cell(sh, i, type);
		if (!strncasecmp(t, "begin loop over ", 16))
			depth++;
		else if (!strcasecmp(t, "end loop") && --depth == 0)
			return i;
	}
	return 0;
}

static void expand_one(struct rows *out, const struct sheet *sh, const struct sheet *ch,
		       const int col[3], size_t r, size_t end, const char *list)
{
	int lcol = column(ch, "list_name"), ncol = column(ch, "name"), labcol = column(ch, "label");
	const char *const group[3] = { "begin group", NULL, NULL };
	const char *const close[3] = { "end group", "", "" };
	size_t i, b;

	put(out, sh, (long)r, sh->rows[r].line, col, group, NULL, NULL);
	for (i = 0; i < ch->n_rows; i++) {
		const char *name = cell(ch, i, ncol), *label = cell(ch, i, labcol);
		const char *const choice[3] = { "begin group", name, label };
		if (strcmp(cell(ch, i, lcol), list) || !*name)
			continue;
		put(out, sh, -1, sh->rows[r].line, col, choice, NULL, NULL);
		for (b = r + 1; b < end; b++)
			put(out, sh, (long)b, sh->rows[b].line, col, (const char *const[3]){ 0 }, name, label);
		put(out, sh, -1, sh->rows[end].line, col, close, NULL, NULL);
	}
	put(out, sh, -1, sh->rows[end].line, col, close, NULL, NULL);
}

void xlsform_expand_loops(struct sheets *s)
{
	struct sheet *sh = &s->sheet[SHEET_SURVEY];
	const struct sheet *ch = &s->sheet[SHEET_CHOICES];
	int col[3] = { column(sh, "type"), column(sh, "name"), column(sh, "label") };
	struct rows out = { 0 };
	size_t r, end, c;
	bool any = false;

	if (col[0] < 0)
		return;
	for (r = 0; r < sh->n_rows; r++) {
		const char *t = cell(sh, r, col[0]);
		if (strncasecmp(t, "begin loop over ", 16) || !(end = loop_end(sh, col[0], r))) {
			put(&out, sh, (long)r, sh->rows[r].line, col, (const char *const[3]){ 0 }, NULL, NULL);
			continue;
		}
		expand_one(&out, sh, ch, col, r, end, t + 16);
		any = true;
		r = end;
	}
	if (!any) {
		for (r = 0; r < out.n; r++) {
			for (c = 0; c < sh->n_cols; c++)
				free(out.row[r].cells[c]);
			free(out.row[r].cells);
		}
		free(out.row);
		return;
	}
	for (r = 0; r < sh->n_rows; r++) {
		for (c = 0; c < sh->n_cols; c++)
			free(sh->rows[r].cells[c]);
		free(sh->rows[r].cells);
	}
	free(sh->rows);
	sh->rows = out.row;
	sh->n_rows = out.n;
}
