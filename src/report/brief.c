/* brief.c - the first pages of the report: who answered, the key
 * findings (findings.c), and the charts that answer "what do our staff
 * not know, what training do they need most, who needs it most". */
#include "config.h"
#include "analyze/results.h"
#include "io/csvread.h"
#include "report/ctx.h"
#include "report/markup.h"
#include "report/svg.h"
#include "util/mem.h"

/* Index of k in a growing list of strings (added when new). */
static size_t key_of(const char ***list, size_t *n, const char *k)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i], k))
			return i;
	*list = ky_reallocarray(*list, *n + 1, sizeof **list);
	(*list)[*n] = k;
	return (*n)++;
}

/* The population totals of --poststratify by one variable: level ->
 * population, read again from the file analyze read (already checked
 * there); NULL when the file stratifies by another variable or more. */
struct population {
	char **level;
	double *total, sum;
	size_t n;
};

static void population_release(struct population *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->level[i]);
	free(p->level);
	free(p->total);
}

static bool population_read(const char *path, const char *by, struct population *p)
{
	struct csvread *r;
	const struct csvread_record *rec;
	struct ky_error err;
	bool ok = false, head = true;
	memset(p, 0, sizeof *p);
	if (!path || csvread_open(path, NULL, &r, &err) != KY_OK)
		return false;
	while (csvread_next(r, &rec, &err) == 1) {
		if (rec->n_fields != 2)
			break;
		if (head) {
			ok = !strcmp(rec->fields[0], by) && !strcmp(rec->fields[1], "population");
			head = false;
			if (!ok)
				break;
			continue;
		}
		p->level = ky_reallocarray(p->level, p->n + 1, sizeof *p->level);
		p->total = ky_reallocarray(p->total, p->n + 1, sizeof *p->total);
		p->level[p->n] = ky_strdup(rec->fields[0]);
		p->total[p->n] = num(rec->fields[1]);
		p->sum += p->total[p->n++];
	}
	csvread_close(r);
	if (!ok || !(p->sum > 0)) {
		population_release(p);
		return false;
	}
	return true;
}

static void population_share(struct ctx *x, const struct population *p, const char *level)
{
	char pct[32];
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->level[i], level)) {
			markup_percent(pct, sizeof pct, p->total[i] / p->sum);
			fprintf(x->out, "; %s %s", W(x, RW_POPULATION), pct);
		}
}

/* Who answered: counts, completion, dates, design, and the mix of the
 * first --by variable (its own shares, when it is a question), against
 * the population totals when --poststratify gives them by it. */
static void who(struct ctx *x)
{
	const struct report_study *st = x->study;
	const char *by = NULL;
	report_heading(x, 2, "who", W(x, RW_WHO));
	fprintf(x->out, "<p>%s: <strong>%ld</strong> (%ld %s, %ld %s)", W(x, RW_RESPONDENTS),
		st->respondents, st->complete, W(x, RW_COMPLETE), st->partial, W(x, RW_PARTIAL));
	if (st->respondents) {
		char pct[32];
		markup_percent(pct, sizeof pct, (double)st->complete / (double)st->respondents);
		fprintf(x->out, "; %s %s", W(x, RW_COMPLETION_RATE_INLINE), pct);
	}
	if (*st->first && *st->last)
		fprintf(x->out, "; %s–%s", st->first, st->last);
	fprintf(x->out, ". %s: ", W(x, RW_DESIGN));
	markup_escape(x->out, report_design_text(x));
	fputs(".</p>\n", x->out);
	for (size_t i = 0; i < x->est->n_rows && !by; i++)
		if (*cell(x, i, x->c.by))
			by = cell(x, i, x->c.by);
	if (!by || strchr(by, ':') || report_find(x, by, "proportion", NULL, false, NULL) < 0)
		return;
	const struct analyze_options *a = x->opt->analysis;
	bool weighted = a->weight || a->strata || a->cluster || a->fpc || a->poststratify || a->n_rake;
	struct population pop;
	bool have_pop = population_read(x->opt->analysis->poststratify, by, &pop);
	fprintf(x->out, "<p class=\"mix\">%s%s: ", W(x, RW_GROUP_MIX), have_pop ? W(x, RW_AGAINST_POPULATION) : "");
	bool first = true;
	for (size_t i = 0; i < x->est->n_rows; i++) {
		if (strcmp(cell(x, i, x->c.variable), by) || *cell(x, i, x->c.by) ||
		    strcmp(cell(x, i, x->c.statistic), "proportion") || !usable(x, (long)i) ||
		    num(cell(x, i, x->c.n)) == 0)
			continue;
		fputs(first ? "" : " · ", x->out);
		first = false;
		markup_escape(x->out, report_label_or_name(x, i, x->c.level_label, x->c.level));
		fprintf(x->out, " %s (", cell(x, i, x->c.n));
		if (weighted) {
			/* the estimate is weighted (to the population, when
			 * post-stratified): the mix is of the respondents */
			char pct[32];
			markup_percent(pct, sizeof pct, num(cell(x, i, x->c.n)) / num(cell(x, i, x->c.base)));
			fputs(pct, x->out);
		} else {
			report_data(x, est(x, (long)i), RU_SHARE);
		}
		if (have_pop)
			population_share(x, &pop, cell(x, i, x->c.level));
		fputs(")", x->out);
	}
	fputs("</p>\n", x->out);
	if (have_pop)
		population_release(&pop);
}

static bool svg_text(struct ctx *x, FILE **mem, size_t *len, char **buf)
{
	*mem = open_memstream(buf, len);
	if (!*mem)
		x->rc = ky_error_set(x->err, KY_EIO, "report: out of memory for a chart");
	return *mem != NULL;
}

static void chart_domains(struct ctx *x)
{
	static const char *const stats[] = { "share_correct", "share_incorrect", "share_dont_know" };
	const char *parts[] = { W(x, RW_CORRECT), W(x, RW_INCORRECT), W(x, RW_DONT_KNOW) };
	const char **labels = ky_calloc(x->est->n_rows + 1, sizeof *labels);
	double *share = ky_calloc(3 * (x->est->n_rows + 1), sizeof *share);
	size_t n = 0;
	for (size_t i = 0; i < x->est->n_rows; i++) {
		if (strncmp(cell(x, i, x->c.variable), "knowledge", 9) || *cell(x, i, x->c.by) ||
		    strcmp(cell(x, i, x->c.statistic), "share_correct"))
			continue;
		labels[n] = report_variable_label(x, i);
		for (size_t k = 0; k < 3; k++) {
			long r = report_find(x, cell(x, i, x->c.variable), stats[k], NULL, false, NULL);
			share[n * 3 + k] = usable(x, r) ? num(est(x, r)) : NAN;
		}
		n++;
	}
	struct svg_stacked c = { W(x, RW_CHART_DOMAINS), labels, n, parts, 3, share, "domains" };
	FILE *mem = NULL;
	char *buf = NULL;
	size_t len = 0;
	if (n && svg_text(x, &mem, &len, &buf)) {
		int rc = svg_stacked_chart(mem, &c);
		fclose(mem);
		if (!rc)
			report_figure(x, buf, len, "knowledge-domains", W(x, RW_ALT_DOMAINS), "t-domains");
	}
	free(buf);
	free(labels);
	free(share);
}

/* A dot chart of rows[] (one point each), labelled by label(). */
/* A dot chart drawn into memory, then shown as a figure of the page. */
static void dot_figure(struct ctx *x, const struct svg_chart *c, const char *stem,
		       const char *alt, const char *table_id)
{
	FILE *mem = NULL;
	char *buf = NULL;
	size_t len = 0;

	if (svg_text(x, &mem, &len, &buf)) {
		int rc = svg_dot_chart(mem, c);
		fclose(mem);
		if (!rc)
			report_figure(x, buf, len, stem, alt, table_id);
	}
	free(buf);
}

static void chart_dots(struct ctx *x, const long *rows, size_t n, bool grouped, bool points,
		       const char *title, const char *axis, const char *stem, const char *alt,
		       const char *table_id)
{
	const char **labels = ky_calloc(n + 1, sizeof *labels);
	struct svg_point *pt = ky_calloc(n + 1, sizeof *pt);
	double scale = points ? 100 : 1;
	for (size_t i = 0; i < n; i++) {
		size_t r = (size_t)rows[i];
		labels[i] = grouped ? report_group_label(x, r) : report_variable_label(x, r);
		pt[i] = (struct svg_point){ i, 0, num(cell(x, r, x->c.estimate)) / scale,
					    num(cell(x, r, x->c.low)) / scale, num(cell(x, r, x->c.high)) / scale,
					    is_suppressed(x, r) };
	}
	struct svg_chart c = { .title = title, .axis_label = axis, .percent = points, .row_labels = labels,
			       .n_rows = n, .n_series = 1, .points = pt, .n_points = n,
			       .suppressed_text = W(x, RW_SUPPRESSED) };
	if (n)
		dot_figure(x, &c, stem, alt, table_id);
	free(labels);
	free(pt);
}

static void chart_needs(struct ctx *x)
{
	long *rows = ky_calloc(x->est->n_rows + 1, sizeof *rows);
	size_t n = report_ranked(x, "mwds", rows);
	chart_dots(x, rows, n, false, false, W(x, RW_CHART_NEEDS), W(x, RW_MWDS), "training-needs",
		   W(x, RW_ALT_NEEDS), "t-needs");
	free(rows);
}

static void chart_score_groups(struct ctx *x)
{
	long *rows = ky_calloc(x->est->n_rows + 1, sizeof *rows);
	size_t n = 0;
	long all = report_find(x, "knowledge", "score_pct", NULL, false, NULL);
	if (all >= 0)
		rows[n++] = all;
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!strcmp(cell(x, i, x->c.variable), "knowledge") && *cell(x, i, x->c.by) &&
		    !strcmp(cell(x, i, x->c.statistic), "score_pct"))
			rows[n++] = (long)i;
	if (n > 1)
		chart_dots(x, rows, n, true, true, W(x, RW_CHART_SCORE_GROUPS), W(x, RW_SCORE_PCT),
			   "knowledge-by-group", W(x, RW_ALT_GROUPS), "t-score-groups");
	free(rows);
}

/* At most this many groups as series of one chart (markers stay apart). */
#define SERIES_MAX 6

/* A question's shares on a 0-100 % axis. With level: that answer's
 * share in the whole sample and in each group (a row each). Without:
 * every answer a row, the whole sample and, when few, the groups as
 * series. */
static void chart_question(struct ctx *x, const struct form_question *q, const char *level)
{
	const char **labels = NULL, **series = NULL, *by = "";
	size_t n_labels = 0, n_series = 0, n = 0;
	struct svg_point *pt = ky_calloc(x->est->n_rows + 1, sizeof *pt);
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!strcmp(cell(x, i, x->c.variable), q->name) && *cell(x, i, x->c.by))
			by = cell(x, i, x->c.by);
	size_t groups = 0;
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!strcmp(cell(x, i, x->c.variable), q->name) && *cell(x, i, x->c.by) &&
		    q->list->n_choices && !strcmp(cell(x, i, x->c.level), q->list->choices[0].name))
			groups++;
	for (size_t i = 0; i < x->est->n_rows; i++) {
		if (strcmp(cell(x, i, x->c.variable), q->name) || strcmp(cell(x, i, x->c.statistic), "proportion"))
			continue;
		bool grouped = *cell(x, i, x->c.by);
		if (level ? strcmp(cell(x, i, x->c.level), level) : (grouped && groups > SERIES_MAX))
			continue;
		const char *row_label = level ? report_group_label(x, i) : report_label_or_name(x, i, x->c.level_label, x->c.level);
		const char *serie = level ? "" : report_group_label(x, i);
		size_t r = key_of(&labels, &n_labels, row_label);
		pt[n++] = (struct svg_point){ r, key_of(&series, &n_series, serie), num(est(x, (long)i)),
					      num(cell(x, i, x->c.low)), num(cell(x, i, x->c.high)), is_suppressed(x, i) };
	}
	char *title = level ? ky_asprintf("%s: “%s”", report_question_label(x, q), report_level_label(x, q->name, level))
			    : ky_strdup(report_question_label(x, q));
	char *stem = *by ? ky_asprintf("q-%s-by-%s", q->name, by) : ky_asprintf("q-%s", q->name);
	char *alt = ky_asprintf(W(x, RW_ALT_QUESTION), title);
	struct svg_chart c = { .title = title, .axis_label = W(x, RW_SHARE), .percent = true, .row_labels = labels,
			       .n_rows = n_labels, .series_names = n_series > 1 ? series : NULL, .n_series = n_series,
			       .points = pt, .n_points = n, .suppressed_text = W(x, RW_SUPPRESSED) };
	char *table_id = ky_asprintf("q-%s", q->name);
	if (n)
		dot_figure(x, &c, stem, alt, table_id);
	free(table_id);
	free(title);
	free(stem);
	free(alt);
	free(labels);
	free(series);
	free(pt);
}

/* The answer a marked question's chart follows: the highest-valued
 * (awareness) or the first (encounter); none for action (all answers). */
static const char *followed_level(const struct form_question *q)
{
	const struct form_choice *ch = q->list->choices;
	size_t hi = q->list->n_choices - 1;
	if (!strcmp(q->brief, "action") || !q->list->n_choices)
		return NULL;
	if (!strcmp(q->brief, "encounter"))
		return ch[0].name;
	for (size_t k = 0; k < q->list->n_choices; k++)
		if (ch[k].has_value && (!ch[hi].has_value || ch[k].value > ch[hi].value))
			hi = k;
	return ch[hi].name;
}

/* The questions the form marks with `brief`; without marks, knowledge
 * items or training topics, the first three select questions. */
static void question_charts(struct ctx *x)
{
	size_t charted = 0;
	if (!x->form)
		return;
	for (size_t i = 0; i < x->form->n_questions; i++) {
		const struct form_question *q = &x->form->questions[i];
		if (q->brief && q->list && report_find(x, q->name, "proportion", NULL, false, NULL) >= 0) {
			chart_question(x, q, followed_level(q));
			charted++;
		}
	}
	if (charted || x->chart_no)
		return;
	for (size_t i = 0; i < x->form->n_questions && charted < 3; i++) {
		const struct form_question *q = &x->form->questions[i];
		if (q->list && report_find(x, q->name, "proportion", NULL, false, NULL) >= 0) {
			chart_question(x, q, NULL);
			charted++;
		}
	}
}

void report_brief(struct ctx *x)
{
	fputs("<section class=\"brief\" id=\"brief\">\n", x->out);
	who(x);
	report_findings(x);
	report_change_section(x);
	chart_domains(x);
	chart_needs(x);
	chart_score_groups(x);
	question_charts(x);
	fputs("</section>\n", x->out);
}
