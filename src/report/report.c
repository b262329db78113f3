#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "report/markup.h"
#include "analyze/results.h"
#include "report/report.h"
#include "report/svg.h"
#include "report/words.h"
#include "util/mem.h"

/* Columns of estimates.csv the report reads (interfaces.md section 4). */
struct est_cols {
	int variable, variable_label, by, group, level, level_label, statistic,
	    n, base, estimate, low, high, conf_level, method, suppressed;
};

struct ctx {
	FILE *out;
	const struct form *form;       /* for group labels; may be NULL */
	int lang;                      /* index into form->langs, -1 for the default */
	char **pool;                   /* strings made for display, freed at the end */
	size_t n_pool;
	const struct table *est, *tests;
	const struct report_options *opt;
	struct est_cols c;
	int chart_no;
	struct ky_error *err;
	int rc;
};

enum section { SEC_SHARE, SEC_NUMERIC, SEC_SCORE, SEC_TOP2, SEC_BORICH, SEC_ALPHA, SEC_OTHER, SEC_NONE };

static const char *W(const struct ctx *x, enum report_word w)
{
	return report_word(x->opt->lang, w);
}

static const char *cell(const struct ctx *x, size_t row, int col)
{
	return table_cell(x->est, row, col);
}

static double num(const char *s)
{
	char *end;
	double v;
	if (!s || !*s)
		return NAN;
	v = strtod(s, &end);
	return *end ? NAN : v;
}

/* Which part of the report a row belongs to, by its statistic and the
 * derived-variable names analyze documents. */
static enum section classify(const struct ctx *x, size_t row)
{
	const char *stat = cell(x, row, x->c.statistic), *var = cell(x, row, x->c.variable);
	if (!strcmp(stat, "need_rank"))
		return SEC_NONE;    /* the needs charts are drawn in rank order already */
	if (!strncmp(stat, "alpha", 5))
		return SEC_ALPHA;
	if (strstr(stat, "mwds") || strstr(stat, "borich"))
		return SEC_BORICH;
	if (strstr(stat, "top2") || strstr(stat, "top_two"))
		return SEC_TOP2;
	if (strstr(stat, "score") || strstr(stat, "pass") || !strncmp(var, "score", 5) ||
	    !strncmp(var, "knowledge", 9))
		return SEC_SCORE;
	if (!strcmp(stat, "proportion"))
		return SEC_SHARE;
	if (!strcmp(stat, "mean"))
		return SEC_NUMERIC;
	return SEC_OTHER;
}

static const char *label_or_name(const struct ctx *x, size_t row, int label_col, int name_col)
{
	const char *l = cell(x, row, label_col);
	return *l ? l : cell(x, row, name_col);
}

/* The label of one level of a grouping variable: a choice label when
 * the variable is a select question of the form, else the level itself. */
static const char *level_label(const struct ctx *x, const char *var, const char *level)
{
	const struct form_question *q = x->form ? form_find_question(x->form, var) : NULL;
	const struct form_choice *ch = q && q->list ? form_find_choice(q->list, level) : NULL;
	const char *l = ch ? form_text_get(x->form, &ch->label, x->lang) : NULL;
	return l && *l ? l : level;
}

/* "Nurse · Southern Finland" for by "profession:region", group "nurse:south". */
static const char *group_label(struct ctx *x, size_t row)
{
	const char *by = cell(x, row, x->c.by), *group = cell(x, row, x->c.group);
	char *vars, *levels, *v, *l, *sv = NULL, *sl = NULL, buf[512] = "";
	if (!*by)
		return W(x, RW_ALL);
	vars = ky_strdup(by);
	levels = ky_strdup(group);
	for (v = strtok_r(vars, ":", &sv), l = strtok_r(levels, ":", &sl); v && l;
	     v = strtok_r(NULL, ":", &sv), l = strtok_r(NULL, ":", &sl))
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", *buf ? " · " : "",
			 level_label(x, v, l));
	free(vars);
	free(levels);
	x->pool = ky_reallocarray(x->pool, x->n_pool + 1, sizeof *x->pool);
	return x->pool[x->n_pool++] = ky_strdup(*buf ? buf : group);
}

static bool is_suppressed(const struct ctx *x, size_t row)
{
	return !strcmp(cell(x, row, x->c.suppressed), "1");
}

/* Index of s in a growing list of strings (added when new). */
static size_t intern(const char ***list, size_t *n, const char *s)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i], s))
			return i;
	*list = ky_reallocarray(*list, *n + 1, sizeof **list);
	(*list)[*n] = s;
	return (*n)++;
}

/* A chart's file name holds [A-Za-z0-9_-] only: an attribute named
 * "a/b" or "../x" must not become a path. */
static void safe_stem(char *stem)
{
	for (; *stem; stem++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *stem))
			*stem = '_';
}

static void write_chart_file(struct ctx *x, const char *svg, size_t len, const char *stem)
{
	struct safe_output out;
	char *path;

	if (!x->opt->charts_dir || x->rc)
		return;
	path = ky_asprintf("%s/%02d-%s.svg", x->opt->charts_dir, x->chart_no, stem);
	x->rc = safe_output_open(&out, path, x->opt->guard, x->err);
	if (!x->rc) {
		if (fwrite(svg, 1, len, out.fp) != len) {
			x->rc = ky_error_set(x->err, KY_EIO, "%s: write failed: %s", path,
					     strerror(errno));
			safe_output_discard(&out);
		} else {
			x->rc = safe_output_commit(&out, x->err);
		}
	}
	if (x->rc)
		ky_error_prefix(x->err, "report");
	free(path);
}

static void emit_chart(struct ctx *x, const struct svg_chart *chart, const char *stem)
{
	char *svg = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&svg, &len);
	if (!mem) {
		x->rc = ky_error_set(x->err, KY_EIO, "report: out of memory for a chart");
		return;
	}
	if (svg_dot_chart(mem, chart) != 0) {
		fclose(mem);
		free(svg);
		return;
	}
	fclose(mem);
	x->chart_no++;
	fputs("<figure>", x->out);
	fwrite(svg, 1, len, x->out);
	fputs("</figure>\n", x->out);
	write_chart_file(x, svg, len, stem);
	free(svg);
}

static void value_text(char *buf, size_t len, double v, bool share)
{
	if (share)
		markup_percent(buf, len, v);
	else
		markup_number(buf, len, v);
}

/* One table row per estimate, with the CSV's own text in data attributes
 * so that a test can check that what is shown is what the CSV says. */
static void table_row(struct ctx *x, size_t row, bool share, const char *row_label)
{
	char est[32], lo[32], hi[32];
	bool supp = is_suppressed(x, row);
	value_text(est, sizeof est, num(cell(x, row, x->c.estimate)), share);
	value_text(lo, sizeof lo, num(cell(x, row, x->c.low)), share);
	value_text(hi, sizeof hi, num(cell(x, row, x->c.high)), share);
	fputs("<tr><td>", x->out);
	markup_escape(x->out, row_label);
	fputs("</td><td>", x->out);
	markup_escape(x->out, group_label(x, row));
	fprintf(x->out, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
		cell(x, row, x->c.n), cell(x, row, x->c.base));
	fputs("<td class=\"num est\" data-row=\"", x->out);
	fprintf(x->out, "%zu\" data-estimate=\"", row + 2);
	markup_escape(x->out, cell(x, row, x->c.estimate));
	fputs("\">", x->out);
	if (supp)
		fprintf(x->out, "<em class=\"suppressed\">%s</em>", W(x, RW_SUPPRESSED));
	else
		fputs(est, x->out);
	fputs("</td><td class=\"num\">", x->out);
	if (!supp && *lo && *hi)
		fprintf(x->out, "%s – %s", lo, hi);
	fputs("</td></tr>\n", x->out);
}

static void table_head(struct ctx *x, enum report_word first)
{
	fprintf(x->out, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		W(x, first), W(x, RW_GROUP), W(x, RW_N), W(x, RW_BASE), W(x, RW_ESTIMATE), W(x, RW_INTERVAL));
}

/* Draws the rows[] (all of one section, in CSV order) split by their `by`
 * value: one chart per by (the whole sample first), rows of the chart
 * labelled by row_col, series by group. */
static void chart_by_groups(struct ctx *x, const size_t *rows, size_t n, bool share,
			    int row_name_col, int row_label_col, const char *title, const char *stem)
{
	const char **bys = NULL;
	size_t n_bys = 0, i, b;
	for (i = 0; i < n; i++)
		intern(&bys, &n_bys, cell(x, rows[i], x->c.by));
	for (b = 0; b < n_bys; b++) {
		const char **row_names = NULL, **row_labels = NULL, **series = NULL;
		size_t n_rownames = 0, n_series = 0, n_points = 0, n_labels = 0;
		struct svg_point *points = ky_calloc(n, sizeof *points);
		struct svg_chart chart = {0};
		char *full_title, *full_stem;
		for (i = 0; i < n; i++) {
			size_t r = rows[i], k, before = n_rownames;
			if (strcmp(cell(x, r, x->c.by), bys[b]))
				continue;
			k = intern(&row_names, &n_rownames, cell(x, r, row_name_col));
			if (n_rownames > before) {
				row_labels = ky_reallocarray(row_labels, n_rownames, sizeof *row_labels);
				row_labels[n_labels++] = label_or_name(x, r, row_label_col, row_name_col);
			}
			points[n_points].row = k;
			points[n_points].series = intern(&series, &n_series,
				group_label(x, r));
			points[n_points].estimate = num(cell(x, r, x->c.estimate));
			points[n_points].low = num(cell(x, r, x->c.low));
			points[n_points].high = num(cell(x, r, x->c.high));
			points[n_points].suppressed = is_suppressed(x, r);
			n_points++;
		}
		full_title = *bys[b] ? ky_asprintf("%s — %s: %s", title, W(x, RW_BY), bys[b]) : ky_strdup(title);
		full_stem = *bys[b] ? ky_asprintf("%s-by-%s", stem, bys[b]) : ky_strdup(stem);
		safe_stem(full_stem);
		chart.title = full_title;
		chart.axis_label = share ? W(x, RW_SHARE) : W(x, RW_ESTIMATE);
		chart.percent = share;
		chart.row_labels = row_labels;
		chart.n_rows = n_rownames;
		chart.series_names = n_series > 1 ? series : NULL;
		chart.n_series = n_series;
		chart.points = points;
		chart.n_points = n_points;
		chart.suppressed_text = W(x, RW_SUPPRESSED);
		emit_chart(x, &chart, full_stem);
		free(full_title);
		free(full_stem);
		free(points);
		free(row_names);
		free(row_labels);
		free(series);
	}
	free(bys);
}

static bool mixed_statistics(const struct ctx *x, const size_t *rows, size_t n)
{
	size_t i;
	for (i = 1; i < n; i++)
		if (strcmp(cell(x, rows[i], x->c.statistic), cell(x, rows[0], x->c.statistic)))
			return true;
	return false;
}

/* A row label; for mixed statistics ("other") it names the statistic too. */
static const char *row_title(struct ctx *x, size_t row, int label_col, int name_col, bool with_stat)
{
	const char *l = label_or_name(x, row, label_col, name_col);
	if (!with_stat)
		return l;
	x->pool = ky_reallocarray(x->pool, x->n_pool + 1, sizeof *x->pool);
	return x->pool[x->n_pool++] = ky_asprintf("%s (%s)", l, cell(x, row, x->c.statistic));
}

static void section_table(struct ctx *x, const size_t *rows, size_t n, bool share,
			  int name_col, int label_col, enum report_word first)
{
	size_t i;
	bool mixed = mixed_statistics(x, rows, n);
	table_head(x, first);
	for (i = 0; i < n; i++)
		table_row(x, rows[i], share, row_title(x, rows[i], label_col, name_col, mixed));
	fputs("</tbody></table>\n", x->out);
}

/* Rows of one section, in CSV order. */
static size_t select_rows(const struct ctx *x, enum section s, size_t *rows)
{
	size_t i, n = 0;
	for (i = 0; i < x->est->n_rows; i++)
		if (classify(x, i) == s)
			rows[n++] = i;
	return n;
}

static const struct ctx *sort_ctx;

/* Highest estimate first; suppressed and undefined last; ties keep CSV order. */
static int by_estimate_desc(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	double ea = num(cell(sort_ctx, a, sort_ctx->c.estimate)), eb = num(cell(sort_ctx, b, sort_ctx->c.estimate));
	if (isnan(ea) != isnan(eb))
		return isnan(ea) ? 1 : -1;
	if (!isnan(ea) && ea != eb)
		return ea < eb ? 1 : -1;
	return a < b ? -1 : a > b;
}

static void heading(struct ctx *x, const char *id, const char *text)
{
	fprintf(x->out, "<h2 id=\"%s\">", id);
	markup_escape(x->out, text);
	fputs("</h2>\n", x->out);
}

static void section_shares(struct ctx *x, size_t *rows, size_t n)
{
	size_t i = 0;
	if (!n)
		return;
	heading(x, "questions", W(x, RW_QUESTIONS));
	while (i < n) {
		const char *var = cell(x, rows[i], x->c.variable);
		size_t j = i;
		while (j < n && !strcmp(cell(x, rows[j], x->c.variable), var))
			j++;
		fputs("<section class=\"question\"><h3>", x->out);
		markup_escape(x->out, label_or_name(x, rows[i], x->c.variable_label, x->c.variable));
		fputs(" <code>", x->out);
		markup_escape(x->out, var);
		fputs("</code></h3>\n", x->out);
		chart_by_groups(x, rows + i, j - i, true, x->c.level, x->c.level_label,
				label_or_name(x, rows[i], x->c.variable_label, x->c.variable), var);
		section_table(x, rows + i, j - i, true, x->c.level, x->c.level_label, RW_LEVEL);
		fputs("</section>\n", x->out);
		i = j;
	}
}

/* Means, scores and needs: one chart of all their variables per `by`. */
/* Which rows of a section go into its chart (the table shows them all). */
typedef bool (*chart_filter)(const struct ctx *x, size_t row);

static bool score_percent_only(const struct ctx *x, size_t row)
{
	return !strcmp(cell(x, row, x->c.statistic), "score_pct");
}

/* Top-two-box of the importance items: the training wishes themselves. */
static bool importance_only(const struct ctx *x, size_t row)
{
	const struct form_question *q = x->form ? form_find_question(x->form, cell(x, row, x->c.variable)) : NULL;
	return !q || q->need_role != FN_COMPETENCE;
}

static void section_variables(struct ctx *x, size_t *rows, size_t n, const char *id,
			      enum report_word title, bool share, bool ranked, chart_filter filter)
{
	size_t *picked, n_picked = 0, i;
	if (!n)
		return;
	if (ranked) {
		sort_ctx = x;
		qsort(rows, n, sizeof *rows, by_estimate_desc);
	}
	heading(x, id, W(x, title));
	picked = ky_calloc(n, sizeof *picked);
	for (i = 0; i < n; i++)
		if (!filter || filter(x, rows[i]))
			picked[n_picked++] = rows[i];
	if (n_picked && !mixed_statistics(x, picked, n_picked))   /* one axis cannot hold medians and SDs */
		chart_by_groups(x, picked, n_picked, share, x->c.variable, x->c.variable_label, W(x, title), id);
	free(picked);
	section_table(x, rows, n, share, x->c.variable, x->c.variable_label, RW_VARIABLE);
}

static void section_alpha(struct ctx *x, const size_t *rows, size_t n)
{
	size_t i;
	if (!n)
		return;
	heading(x, "scales", W(x, RW_SCALES));
	fprintf(x->out, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		W(x, RW_SCALES), W(x, RW_GROUP), W(x, RW_N), W(x, RW_ALPHA), W(x, RW_INTERVAL));
	for (i = 0; i < n; i++) {
		size_t r = rows[i];
		char est[32], lo[32], hi[32];
		markup_number(est, sizeof est, num(cell(x, r, x->c.estimate)));
		markup_number(lo, sizeof lo, num(cell(x, r, x->c.low)));
		markup_number(hi, sizeof hi, num(cell(x, r, x->c.high)));
		bool item = !strcmp(cell(x, r, x->c.statistic), "alpha_if_deleted");
		fputs(item ? "<tr class=\"item\"><td>&#8195;" : "<tr><td>", x->out);
		if (item) {
			fprintf(x->out, "%s: ", W(x, RW_ALPHA_IF_DELETED));
			markup_escape(x->out, label_or_name(x, r, x->c.level_label, x->c.level));
		} else {
			markup_escape(x->out, label_or_name(x, r, x->c.variable_label, x->c.variable));
		}
		fputs("</td><td>", x->out);
		markup_escape(x->out, group_label(x, r));
		fprintf(x->out, "</td><td class=\"num\">%s</td><td class=\"num est\" data-row=\"%zu\" data-estimate=\"",
			cell(x, r, x->c.n), r + 2);
		markup_escape(x->out, cell(x, r, x->c.estimate));
		fprintf(x->out, "\">%s</td><td class=\"num\">%s%s%s</td></tr>\n",
			is_suppressed(x, r) ? W(x, RW_SUPPRESSED) : est, lo, *lo ? " – " : "", hi);
	}
	fputs("</tbody></table>\n", x->out);
}

static void section_tests(struct ctx *x)
{
	const struct table *t = x->tests;
	int var = table_col(t, "variable"), by = table_col(t, "by"), lvl = table_col(t, "level"),
	    test = table_col(t, "test"), stat = table_col(t, "statistic"), df = table_col(t, "df"),
	    df2 = table_col(t, "df2"), p = table_col(t, "p_value"), padj = table_col(t, "p_adjusted"),
	    n = table_col(t, "n");
	size_t i;
	if (!t->n_rows)
		return;
	heading(x, "tests", W(x, RW_TESTS));
	fprintf(x->out, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		W(x, RW_VARIABLE), W(x, RW_BY), W(x, RW_TEST), W(x, RW_STATISTIC), W(x, RW_DF),
		W(x, RW_P), W(x, RW_P_ADJ), W(x, RW_N));
	for (i = 0; i < t->n_rows; i++) {
		char s[32], d[64], pv[32], pa[32];
		markup_number(s, sizeof s, num(table_cell(t, i, stat)));
		markup_number(d, sizeof d, num(table_cell(t, i, df)));
		if (*table_cell(t, i, df2)) {
			size_t l = strlen(d);
			markup_number(d + l, sizeof d - l - 4, num(table_cell(t, i, df2)));
			memmove(d + l + 2, d + l, strlen(d + l) + 1);
			d[l] = ',';
			d[l + 1] = ' ';
		}
		snprintf(pv, sizeof pv, "%.3g", num(table_cell(t, i, p)));
		snprintf(pa, sizeof pa, "%.3g", num(table_cell(t, i, padj)));
		fputs("<tr><td>", x->out);
		markup_escape(x->out, table_cell(t, i, var));
		if (*table_cell(t, i, lvl)) {
			fputs(": ", x->out);
			markup_escape(x->out, table_cell(t, i, lvl));
		}
		fputs("</td><td>", x->out);
		markup_escape(x->out, table_cell(t, i, by));
		fputs("</td><td>", x->out);
		markup_escape(x->out, table_cell(t, i, test));
		fprintf(x->out, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num p\" data-p=\"",
			s, d);
		markup_escape(x->out, table_cell(t, i, p));
		fprintf(x->out, "\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			*table_cell(t, i, p) ? pv : "", *table_cell(t, i, padj) ? pa : "", table_cell(t, i, n));
	}
	fputs("</tbody></table>\n", x->out);
}

static void study_row(struct ctx *x, enum report_word w, const char *value)
{
	fprintf(x->out, "<tr><th>%s</th><td>", W(x, w));
	markup_escape(x->out, value);
	fputs("</td></tr>\n", x->out);
}

static char *design_text(const struct ctx *x)
{
	const struct analyze_options *o = x->opt->analysis;
	char buf[1024] = "";
	size_t i;
	if (!o->weight && !o->strata && !o->cluster && !o->poststratify && !o->n_rake)
		return ky_strdup(W(x, RW_UNWEIGHTED));
#define ADD(...) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), __VA_ARGS__)
	if (o->weight)
		ADD("%s%s '%s'", *buf ? "; " : "", W(x, RW_WEIGHT), o->weight);
	if (o->strata)
		ADD("%s%s '%s'", *buf ? "; " : "", W(x, RW_STRATA), o->strata);
	if (o->cluster)
		ADD("%s%s '%s'", *buf ? "; " : "", W(x, RW_CLUSTERS), o->cluster);
	if (o->poststratify)
		ADD("%s%s %s", *buf ? "; " : "", W(x, RW_POSTSTRAT), o->poststratify);
	for (i = 0; i < o->n_rake; i++)
		ADD("%s%s %s", *buf ? "; " : "", W(x, RW_RAKE), o->rake[i]);
#undef ADD
	return ky_strdup(buf);
}

static void section_study(struct ctx *x, const struct report_study *st)
{
	char buf[128], *design = design_text(x);
	heading(x, "study", W(x, RW_STUDY));
	fputs("<table class=\"study\"><tbody>\n", x->out);
	study_row(x, RW_FORM, st->form_id);
	study_row(x, RW_VERSION, st->version ? st->version : "");
	snprintf(buf, sizeof buf, "%ld (%ld %s, %ld %s)", st->respondents, st->complete,
		 W(x, RW_COMPLETE), st->partial, W(x, RW_PARTIAL));
	study_row(x, RW_RESPONDENTS, buf);
	if (st->respondents) {
		markup_percent(buf, sizeof buf, (double)st->complete / (double)st->respondents);
		study_row(x, RW_COMPLETION_RATE, buf);
	}
	if (*st->first)
		study_row(x, RW_FIRST, st->first);
	if (*st->last)
		study_row(x, RW_LAST, st->last);
	study_row(x, RW_DESIGN, design);
	/* the settings a note shows as {{controller}}, {{contact}}, {{retention}} */
	if (x->form && x->form->controller)
		study_row(x, RW_CONTROLLER, x->form->controller);
	if (x->form && x->form->contact)
		study_row(x, RW_CONTACT, x->form->contact);
	if (x->form && x->form->retention)
		study_row(x, RW_RETENTION, x->form->retention);
	fputs("</tbody></table>\n", x->out);
	free(design);
}

static void section_methods(struct ctx *x, bool have_tests, bool have_needs, bool have_scales)
{
	const char *method = "", *level = "";
	char pct[32] = "", buf[2048];
	size_t i;
	for (i = 0; i < x->est->n_rows; i++)
		if (!strcmp(cell(x, i, x->c.statistic), "proportion")) {
			method = cell(x, i, x->c.method);
			level = cell(x, i, x->c.conf_level);
			break;
		}
	if (*level)
		snprintf(pct, sizeof pct, "%g %%", 100 * num(level));
	heading(x, "methods", W(x, RW_METHODS));
	snprintf(buf, sizeof buf, W(x, RW_METHODS_TEXT_SHARES), pct, method);
	fputs("<p>", x->out);
	markup_escape(x->out, buf);
	fputs("</p>\n<p>", x->out);
	const struct analyze_options *a = x->opt->analysis;
	markup_escape(x->out, W(x, a->weight || a->strata || a->cluster ||
				 a->poststratify || a->n_rake ? RW_METHODS_TEXT_DESIGN
									 : RW_METHODS_TEXT_DESIGN_SRS));
	fputs("</p>\n<p>", x->out);
	if (a->min_cell > 0) {
		char k[32];
		snprintf(k, sizeof k, "%ld", a->min_cell);
		snprintf(buf, sizeof buf, W(x, RW_METHODS_TEXT_SUPPRESS), k, k);
		markup_escape(x->out, buf);
	} else {
		markup_escape(x->out, W(x, RW_METHODS_TEXT_NO_SUPPRESS));
	}
	fputs("</p>\n", x->out);
	if (have_tests)
		fprintf(x->out, "<p>%s</p>\n", W(x, RW_METHODS_TEXT_TESTS));
	if (have_needs)
		fprintf(x->out, "<p>%s</p>\n", W(x, RW_METHODS_TEXT_NEEDS));
	if (have_scales)
		fprintf(x->out, "<p>%s</p>\n", W(x, RW_METHODS_TEXT_SCALES));
}

static const char css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:780px;margin:2em auto;padding:0 1em;color:#111;line-height:1.4}"
	"h1{font-size:1.6em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}"
	"h3{font-size:1.05em}code{color:#555;font-size:.85em}"
	"table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em;width:100%}"
	"th,td{border-bottom:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}"
	"td.num{text-align:right;white-space:nowrap}em.suppressed{color:#555}"
	"figure{margin:.5em 0}svg.chart{max-width:100%;height:auto}"
	"nav ol{columns:2}p.meta{color:#555}"
	"@page{size:A4;margin:15mm}"
	"@media print{body{margin:0;max-width:none}figure,tr{break-inside:avoid}h2,h3{break-after:avoid}}";

static void html_head(struct ctx *x, const struct report_study *st)
{
	char date[32];
	time_t now = time(NULL);
	char gen[256];
	strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
	fprintf(x->out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"generator\" content=\"kysely %s\">\n<title>", x->opt->lang, PACKAGE_VERSION);
	markup_escape(x->out, st->title ? st->title : st->form_id);
	fprintf(x->out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	markup_escape(x->out, st->title ? st->title : st->form_id);
	snprintf(gen, sizeof gen, W(x, RW_GENERATED), PACKAGE_VERSION, date);
	fputs("</h1>\n<p class=\"meta\">", x->out);
	markup_escape(x->out, gen);
	fputs("</p>\n", x->out);
}

static void contents(struct ctx *x, const size_t *counts)
{
	static const struct { const char *id; enum report_word w; int sec; } parts[] = {
		{"study", RW_STUDY, -1}, {"score", RW_KNOWLEDGE, SEC_SCORE},
		{"questions", RW_QUESTIONS, SEC_SHARE}, {"numeric", RW_NUMERIC, SEC_NUMERIC},
		{"needs-top2", RW_NEEDS_TOP2, SEC_TOP2}, {"needs-borich", RW_NEEDS_BORICH, SEC_BORICH},
		{"scales", RW_SCALES, SEC_ALPHA}, {"other", RW_OTHER, SEC_OTHER},
		{"tests", RW_TESTS, -2}, {"methods", RW_METHODS, -1},
	};
	size_t i;
	fprintf(x->out, "<nav><h2>%s</h2><ol>\n", W(x, RW_CONTENTS));
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i].sec >= 0 && !counts[parts[i].sec])
			continue;
		if (parts[i].sec == -2 && !x->tests->n_rows)
			continue;
		fprintf(x->out, "<li><a href=\"#%s\">%s</a></li>\n", parts[i].id, W(x, parts[i].w));
	}
	fputs("</ol></nav>\n", x->out);
}

static void find_columns(struct ctx *x)
{
	const struct table *t = x->est;
	x->c.variable = table_col(t, "variable");
	x->c.variable_label = table_col(t, "variable_label");
	x->c.by = table_col(t, "by");
	x->c.group = table_col(t, "group");
	x->c.level = table_col(t, "level");
	x->c.level_label = table_col(t, "level_label");
	x->c.statistic = table_col(t, "statistic");
	x->c.n = table_col(t, "n");
	x->c.base = table_col(t, "base");
	x->c.estimate = table_col(t, "estimate");
	x->c.low = table_col(t, "conf_low");
	x->c.high = table_col(t, "conf_high");
	x->c.conf_level = table_col(t, "conf_level");
	x->c.method = table_col(t, "method");
	x->c.suppressed = table_col(t, "suppressed");
}

int report_write(FILE *out, const struct report_study *study, const struct analyze_results *res,
		 const struct report_options *opt, struct ky_error *err)
{
	const struct table *estimates = &res->estimates, *tests = &res->tests;
	struct ctx x = {.out = out, .est = estimates, .tests = tests, .opt = opt, .err = err,
			.form = study->form, .lang = -1};
	size_t counts[SEC_NONE + 1] = {0}, *rows[SEC_NONE + 1], i;
	int s;
	if (x.form)
		x.lang = form_lang_index(x.form, opt->lang);
	find_columns(&x);
	for (s = 0; s <= SEC_NONE; s++) {
		rows[s] = ky_calloc(estimates->n_rows + 1, sizeof *rows[s]);
		counts[s] = select_rows(&x, (enum section)s, rows[s]);
	}
	html_head(&x, study);
	contents(&x, counts);
	section_study(&x, study);
	section_variables(&x, rows[SEC_SCORE], counts[SEC_SCORE], "score", RW_KNOWLEDGE, false, false, score_percent_only);
	section_shares(&x, rows[SEC_SHARE], counts[SEC_SHARE]);
	section_variables(&x, rows[SEC_NUMERIC], counts[SEC_NUMERIC], "numeric", RW_NUMERIC, false, false, NULL);
	section_variables(&x, rows[SEC_TOP2], counts[SEC_TOP2], "needs-top2", RW_NEEDS_TOP2, true, true, importance_only);
	section_variables(&x, rows[SEC_BORICH], counts[SEC_BORICH], "needs-borich", RW_NEEDS_BORICH, false, true, NULL);
	section_alpha(&x, rows[SEC_ALPHA], counts[SEC_ALPHA]);
	section_variables(&x, rows[SEC_OTHER], counts[SEC_OTHER], "other", RW_OTHER, false, false, NULL);
	section_tests(&x);
	section_methods(&x, tests->n_rows > 0, counts[SEC_TOP2] + counts[SEC_BORICH] > 0, counts[SEC_ALPHA] > 0);
	fputs("</body>\n</html>\n", out);
	for (s = 0; s <= SEC_NONE; s++)
		free(rows[s]);
	for (i = 0; i < x.n_pool; i++)
		free(x.pool[i]);
	free(x.pool);
	if (!x.rc && ferror(out))
		x.rc = ky_error_set(err, KY_EIO, "report: write failed");
	return x.rc;
}
