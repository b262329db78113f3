/* appendix.c - the appendix's tables: the data of the brief's charts,
 * then one cross-table per question (answers x groups), the means and
 * the derived statistics (scores, training needs, scales) as variables x
 * groups. Every shown estimate carries the CSV's text and line
 * (data-estimate, data-row) so that a test can compare them. */
#include "config.h"
#include "report/ctx.h"
#include "report/markup.h"
#include "util/mem.h"

static enum report_unit unit_of(const struct ctx *x, size_t row)
{
	const char *s = cell(x, row, x->c.statistic);
	if (!strcmp(s, "proportion") || !strncmp(s, "share_", 6) || !strcmp(s, "top2") ||
	    !strcmp(s, "pass_rate"))
		return RU_SHARE;
	if (!strcmp(s, "score_pct"))
		return RU_POINTS;
	return RU_PLAIN;
}

static void estimate_cell(struct ctx *x, size_t row)
{
	char buf[48];
	double v = num(cell(x, row, x->c.estimate));
	enum report_unit u = unit_of(x, row);
	if (u == RU_SHARE)
		markup_percent(buf, sizeof buf, v);
	else if (u == RU_POINTS)
		markup_percent(buf, sizeof buf, v / 100);
	else
		markup_number(buf, sizeof buf, v);
	fprintf(x->out, "<td class=\"num est\" data-row=\"%zu\" data-estimate=\"", row + 2);
	markup_escape(x->out, cell(x, row, x->c.estimate));
	fputs("\">", x->out);
	if (is_suppressed(x, row))
		fprintf(x->out, "<em class=\"suppressed\">%s</em>", W(x, RW_SUPPRESSED_SHORT));
	else
		fputs(buf, x->out);
	fputs("</td>", x->out);
}

/* Keys in first-seen order. */
static size_t key_index(const char ***keys, size_t *n, const char *k)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*keys)[i], k))
			return i;
	*keys = ky_reallocarray(*keys, *n + 1, sizeof **keys);
	(*keys)[*n] = k;
	return (*n)++;
}

typedef const char *(*row_key_fn)(struct ctx *x, size_t row);

static const char *key_level(struct ctx *x, size_t row)
{
	return cell(x, row, x->c.level);
}

static const char *key_variable_statistic(struct ctx *x, size_t row)
{
	return report_keep(x, ky_asprintf("%s\x1f%s\x1f%s", cell(x, row, x->c.variable),
					  cell(x, row, x->c.statistic), cell(x, row, x->c.level)));
}

static const char *label_level(struct ctx *x, size_t row)
{
	return report_label_or_name(x, row, x->c.level_label, x->c.level);
}

static const char *label_variable_statistic(struct ctx *x, size_t row)
{
	const char *stat = cell(x, row, x->c.statistic), *lvl = cell(x, row, x->c.level);
	if (*lvl)
		return report_keep(x, ky_asprintf("%s: %s (%s)", report_variable_label(x, row),
						  report_label_or_name(x, row, x->c.level_label, x->c.level), stat));
	return report_keep(x, ky_asprintf("%s (%s)", report_variable_label(x, row), stat));
}

/* rows[] as a table: one line per row key, one column per group (the
 * whole sample first); with base, a last line of the groups' bases. */
static void crosstab(struct ctx *x, const size_t *rows, size_t n, row_key_fn key,
		     row_key_fn label, enum ui_word first, bool base)
{
	const char **rk = NULL, **ck = NULL;
	size_t nr = 0, nc = 0;
	for (size_t i = 0; i < n; i++) {
		key_index(&rk, &nr, key(x, rows[i]));
		key_index(&ck, &nc, cell(x, rows[i], x->c.group));
	}
	long *at = ky_calloc(nr * nc + 1, sizeof *at), *col_row = ky_calloc(nc + 1, sizeof *col_row);
	size_t *first_row = ky_calloc(nr + 1, sizeof *first_row);
	for (size_t i = 0; i < nr * nc; i++)
		at[i] = -1;
	for (size_t i = n; i-- > 0;) {
		size_t r = key_index(&rk, &nr, key(x, rows[i])), c = key_index(&ck, &nc, cell(x, rows[i], x->c.group));
		at[r * nc + c] = (long)rows[i];
		first_row[r] = rows[i];
		col_row[c] = (long)rows[i];
	}
	fprintf(x->out, "<table class=\"xt\"><thead><tr><th scope=\"col\">%s</th>", W(x, first));
	for (size_t c = 0; c < nc; c++) {
		fputs("<th scope=\"col\" class=\"grp\">", x->out);
		markup_escape(x->out, report_group_label(x, (size_t)col_row[c]));
		fputs("</th>", x->out);
	}
	fputs("</tr></thead><tbody>\n", x->out);
	for (size_t r = 0; r < nr; r++) {
		fputs("<tr><th scope=\"row\">", x->out);
		markup_escape(x->out, label(x, first_row[r]));
		fputs("</th>", x->out);
		for (size_t c = 0; c < nc; c++) {
			if (at[r * nc + c] < 0)
				fputs("<td class=\"num\"></td>", x->out);
			else
				estimate_cell(x, (size_t)at[r * nc + c]);
		}
		fputs("</tr>\n", x->out);
	}
	if (base) {
		fprintf(x->out, "<tr><th scope=\"row\" class=\"base\">%s</th>", W(x, RW_BASE));
		for (size_t c = 0; c < nc; c++)
			fprintf(x->out, "<td class=\"num base\">%s</td>", cell(x, (size_t)col_row[c], x->c.base));
		fputs("</tr>\n", x->out);
	}
	fputs("</tbody></table>\n", x->out);
	free(at);
	free(col_row);
	free(first_row);
	free(rk);
	free(ck);
}

static bool is_derived(const struct ctx *x, size_t row)
{
	const char *stat = cell(x, row, x->c.statistic), *var = cell(x, row, x->c.variable);
	return !strncmp(var, "knowledge", 9) || !strcmp(stat, "mwds") || !strcmp(stat, "need_rank") ||
	       !strcmp(stat, "top2") || !strncmp(stat, "alpha", 5) || !strcmp(stat, "sem") ||
	       !strncmp(stat, "score", 5) || !strcmp(stat, "pass_rate");
}

static void question_tables(struct ctx *x, size_t *rows)
{
	size_t i = 0, n;
	report_heading(x, 3, "questions", W(x, RW_ANSWERS_BY_GROUP));
	fprintf(x->out, "<p class=\"meta\">%s</p>\n", W(x, RW_SUPPRESSED_NOTE));
	while (i < x->est->n_rows) {
		const char *var = cell(x, i, x->c.variable);
		n = 0;
		size_t j = i;
		for (; j < x->est->n_rows && !strcmp(cell(x, j, x->c.variable), var); j++)
			if (!strcmp(cell(x, j, x->c.statistic), "proportion") && !is_derived(x, j))
				rows[n++] = j;
		if (n) {
			char *id = ky_asprintf("q-%s", var);
			fputs("<section class=\"question\">", x->out);
			report_heading(x, 4, id, report_repeat_label(x, rows[0],
				report_label_or_name(x, rows[0], x->c.variable_label, x->c.variable)));
			crosstab(x, rows, n, key_level, label_level, RW_LEVEL, true);
			fputs("</section>\n", x->out);
			free(id);
		}
		i = j;
	}
}

static void statistic_table(struct ctx *x, size_t *rows, const char *id, enum ui_word title,
			    bool derived)
{
	size_t n = 0;
	for (size_t i = 0; i < x->est->n_rows; i++) {
		bool d = is_derived(x, i);
		if (d == derived && (derived || !strcmp(cell(x, i, x->c.statistic), "mean")))
			rows[n++] = i;
	}
	if (!n)
		return;
	report_heading(x, 3, id, W(x, title));
	crosstab(x, rows, n, key_variable_statistic, label_variable_statistic, RW_VARIABLE, false);
}

/* The data tables of the brief's charts: whole sample rows of one
 * statistic family, with n and interval. */
static void data_row(struct ctx *x, size_t r, const char *label)
{
	enum report_unit u = unit_of(x, r);
	fputs("<tr><th scope=\"row\">", x->out);
	markup_escape(x->out, label);
	fprintf(x->out, "</th><td class=\"num\">%s</td>", cell(x, r, x->c.n));
	estimate_cell(x, r);
	fputs("<td class=\"num\">", x->out);
	if (!is_suppressed(x, r) && *cell(x, r, x->c.low)) {
		report_data(x, cell(x, r, x->c.low), u);
		fputs("–", x->out);
		report_data(x, cell(x, r, x->c.high), u);
	}
	fputs("</td></tr>\n", x->out);
}

static void data_head(struct ctx *x, const char *id, enum ui_word caption, enum ui_word first,
		      enum ui_word what)
{
	fprintf(x->out, "<table id=\"%s\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		"<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		"<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>\n",
		id, W(x, caption), W(x, first), W(x, RW_N), W(x, what), W(x, RW_INTERVAL));
}

static void chart_data(struct ctx *x)
{
	report_heading(x, 3, "chart-data", W(x, RW_CHART_DATA));
	data_head(x, "t-domains", RW_CHART_DOMAINS, RW_DOMAIN, RW_ESTIMATE);
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!strncmp(cell(x, i, x->c.variable), "knowledge", 9) && !*cell(x, i, x->c.by) &&
		    !strncmp(cell(x, i, x->c.statistic), "share_", 6) &&
		    strcmp(cell(x, i, x->c.statistic), "share_missing")) {
			const char *stat = cell(x, i, x->c.statistic);
			enum ui_word w = !strcmp(stat, "share_correct") ? RW_CORRECT :
					     !strcmp(stat, "share_incorrect") ? RW_INCORRECT : RW_DONT_KNOW;
			data_row(x, i, report_keep(x, ky_asprintf("%s: %s", report_variable_label(x, i), W(x, w))));
		}
	fputs("</tbody></table>\n", x->out);
	data_head(x, "t-needs", RW_CHART_NEEDS, RW_NEEDS, RW_MWDS);
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!*cell(x, i, x->c.by) && !strcmp(cell(x, i, x->c.statistic), "mwds"))
			data_row(x, i, report_variable_label(x, i));
	fputs("</tbody></table>\n", x->out);
	data_head(x, "t-score-groups", RW_CHART_SCORE_GROUPS, RW_GROUP, RW_SCORE_PCT);
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!strcmp(cell(x, i, x->c.variable), "knowledge") && !strcmp(cell(x, i, x->c.statistic), "score_pct"))
			data_row(x, i, report_group_label(x, i));
	fputs("</tbody></table>\n", x->out);
}

void report_appendix_tables(struct ctx *x)
{
	size_t *rows = ky_calloc(x->est->n_rows + 1, sizeof *rows);
	chart_data(x);
	question_tables(x, rows);
	statistic_table(x, rows, "numeric", RW_MEANS, false);
	statistic_table(x, rows, "derived", RW_DERIVED, true);
	free(rows);
}
