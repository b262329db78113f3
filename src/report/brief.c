/* brief.c - the first pages of the report: who answered, the key
 * findings as sentences, and the charts that answer "what do our staff
 * not know, what training do they need most, who needs it most".
 *
 * Each finding is chosen by a fixed rule from the result tables (the
 * rules are documented in kysely(1), "The brief"), states the CSV's own
 * numbers (inside <data value="CSV text">), and links to its table in
 * the appendix. Adding a finding: a function here that returns whether
 * it wrote a sentence, and its rule in the man page.
 *
 * Change since the last wave: when the result set carries comparisons
 * (`analyze --compare`, comparisons.csv), a finding reads its rows here
 * (finding_change); until then the brief says nothing about change. */
#include "config.h"
#include "analyze/results.h"
#include "io/csvread.h"
#include "report/ctx.h"
#include "report/markup.h"
#include "report/svg.h"
#include "util/mem.h"

/* One argument of a sentence template: text, or a number of the CSV. */
enum arg_kind { A_TEXT, A_DATA, A_INTERVAL };
struct arg {
	enum arg_kind kind;
	const char *text;          /* A_TEXT: plain text; A_DATA: the CSV text */
	long row;                  /* A_INTERVAL: estimates row */
	enum report_unit unit;
};

#define TEXT(s) ((struct arg){ A_TEXT, (s), 0, RU_PLAIN })
#define DATA(s, u) ((struct arg){ A_DATA, (s), 0, (u) })
#define INTERVAL(r, u) ((struct arg){ A_INTERVAL, NULL, (r), (u) })

/* Writes the template with each %s replaced by the next argument. */
static void say(struct ctx *x, const char *tmpl, const struct arg *args, size_t n)
{
	size_t k = 0;
	const char *p = tmpl, *q;
	while ((q = strstr(p, "%s"))) {
		char *chunk = ky_strndup(p, (size_t)(q - p));
		markup_escape(x->out, chunk);
		free(chunk);
		if (k < n) {
			const struct arg *a = &args[k++];
			if (a->kind == A_TEXT)
				markup_escape(x->out, a->text);
			else if (a->kind == A_DATA)
				report_data(x, a->text, a->unit);
			else
				report_interval(x, (size_t)a->row, a->unit);
		}
		p = q + 2;
	}
	markup_escape(x->out, p);
}

static void finding(struct ctx *x, const char *rule, const char *tmpl, const struct arg *args,
		    size_t n, const char *table_id)
{
	fprintf(x->out, "<li data-rule=\"%s\">", rule);
	say(x, tmpl, args, n);
	fputs(" <a href=\"#", x->out);
	markup_escape(x->out, table_id);
	fprintf(x->out, "\">(%s)</a></li>\n", W(x, RW_TABLE));
}

static const char *est(const struct ctx *x, long row)
{
	return cell(x, (size_t)row, x->c.estimate);
}

static bool usable(const struct ctx *x, long row)
{
	return row >= 0 && !is_suppressed(x, (size_t)row) && !isnan(num(est(x, row)));
}

/* Rule "gap": the knowledge domain with the lowest share of correct answers. */
static int finding_gap(struct ctx *x)
{
	long best = -1;
	for (size_t i = 0; i < x->est->n_rows; i++) {
		if (strncmp(cell(x, i, x->c.variable), "knowledge:", 10) || *cell(x, i, x->c.by) ||
		    strcmp(cell(x, i, x->c.statistic), "share_correct") || !usable(x, (long)i))
			continue;
		if (best < 0 || num(est(x, (long)i)) < num(est(x, best)))
			best = (long)i;
	}
	if (best < 0)
		return 0;
	const char *var = cell(x, (size_t)best, x->c.variable);
	long dk = report_find(x, var, "share_dont_know", NULL, false, NULL);
	if (!usable(x, dk))
		return 0;
	struct arg a[] = { TEXT(report_variable_label(x, (size_t)best)), DATA(est(x, best), RU_SHARE),
			   INTERVAL(best, RU_SHARE), DATA(est(x, dk), RU_SHARE) };
	finding(x, "gap", W(x, RW_F_GAP), a, 4, "t-domains");
	return 1;
}

/* Rule "misconception": the item most often answered incorrectly
 * (items.csv, whole sample). */
static int finding_misconception(struct ctx *x)
{
	const struct table *t = x->items;
	if (!t)
		return 0;
	int by = table_col(t, "by"), p = table_col(t, "p_incorrect"), item = table_col(t, "item"), label = table_col(t, "item_label");
	long best = -1;
	for (size_t i = 0; i < t->n_rows; i++) {
		/* an item row is marked suppressed when any of its cells is; its
		 * p_incorrect is empty when that one is */
		if (*table_cell(t, i, by) || isnan(num(table_cell(t, i, p))))
			continue;
		if (best < 0 || num(table_cell(t, i, p)) > num(table_cell(t, (size_t)best, p)))
			best = (long)i;
	}
	if (best < 0)
		return 0;
	struct arg a[] = { DATA(table_cell(t, (size_t)best, p), RU_SHARE), TEXT(table_cell(t, (size_t)best, label)) };
	char *id = report_keep(x, ky_asprintf("q-%s", table_cell(t, (size_t)best, item)));
	finding(x, "misconception", W(x, RW_F_MISCONCEPTION), a, 2, id);
	return 1;
}

static const struct ctx *sort_x;

static int by_estimate_desc(const void *pa, const void *pb)
{
	long a = *(const long *)pa, b = *(const long *)pb;
	double ea = num(est(sort_x, a)), eb = num(est(sort_x, b));
	if (ea != eb)
		return ea < eb ? 1 : -1;
	return a < b ? -1 : a > b;
}

/* The whole-sample rows of a statistic, usable ones, highest first. */
static size_t ranked(struct ctx *x, const char *statistic, long *rows)
{
	size_t n = 0;
	for (size_t i = 0; i < x->est->n_rows; i++)
		if (!*cell(x, i, x->c.by) && !strcmp(cell(x, i, x->c.statistic), statistic) && usable(x, (long)i))
			rows[n++] = (long)i;
	sort_x = x;
	qsort(rows, n, sizeof *rows, by_estimate_desc);
	return n;
}

/* Rule "needs": the three topics with the highest Borich index, and
 * whether the first one's interval lies above the fourth one's. */
static int finding_needs(struct ctx *x)
{
	long *rows = ky_calloc(x->est->n_rows + 1, sizeof *rows);
	size_t n = ranked(x, "mwds", rows);
	if (n < 3) {
		free(rows);
		return 0;
	}
	fputs("<li data-rule=\"needs\">", x->out);
	const char *tmpl = W(x, RW_F_NEEDS), *at = strstr(tmpl, "%s");
	char *head = ky_strndup(tmpl, (size_t)(at - tmpl));
	markup_escape(x->out, head);
	free(head);
	for (size_t k = 0; k < 3; k++) {
		fputs(k == 0 ? "" : k == 1 ? ", " : (strncmp(x->opt->lang, "fi", 2) ? (strncmp(x->opt->lang, "sv", 2) ? " and " : " och ") : " ja "), x->out);
		fputs("“", x->out);
		markup_escape(x->out, report_variable_label(x, (size_t)rows[k]));
		fputs("” (", x->out);
		report_data(x, est(x, rows[k]), RU_PLAIN);
		fputs("; ", x->out);
		report_interval(x, (size_t)rows[k], RU_PLAIN);
		fputs(")", x->out);
	}
	markup_escape(x->out, at + 2);
	if (n >= 4) {
		bool apart = num(cell(x, (size_t)rows[0], x->c.low)) > num(cell(x, (size_t)rows[3], x->c.high));
		fputs(" ", x->out);
		markup_escape(x->out, W(x, apart ? RW_F_NEEDS_APART : RW_F_NEEDS_OVERLAP));
	}
	fprintf(x->out, " <a href=\"#t-needs\">(%s)</a></li>\n", W(x, RW_TABLE));
	free(rows);
	return 1;
}

/* The first question the form marks with `brief` = what. */
static const struct form_question *marked(const struct ctx *x, const char *what)
{
	if (!x->form)
		return NULL;
	for (size_t i = 0; i < x->form->n_questions; i++) {
		const struct form_question *q = &x->form->questions[i];
		if (q->brief && !strcmp(q->brief, what) && q->list)
			return q;
	}
	return NULL;
}

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

static const char *question_label(const struct ctx *x, const struct form_question *q)
{
	const char *l = form_text_get(x->form, &q->label, x->lang);
	return l && *l ? l : q->name;
}

static const char *choice_label(const struct ctx *x, const struct form_question *q, size_t k)
{
	const char *l = form_text_get(x->form, &q->list->choices[k].label, x->lang);
	return l && *l ? l : q->list->choices[k].name;
}

/* Rule "awareness": the shares choosing the highest- and the
 * lowest-valued answer (choice `value`; else the last and the first). */
static int finding_awareness(struct ctx *x)
{
	const struct form_question *q = marked(x, "awareness");
	if (!q || q->list->n_choices < 2)
		return 0;
	size_t hi = q->list->n_choices - 1, lo = 0;
	const struct form_choice *ch = q->list->choices;
	for (size_t k = 0; k < q->list->n_choices; k++) {
		if (!ch[k].has_value)
			continue;
		if (!ch[hi].has_value || ch[k].value > ch[hi].value)
			hi = k;
		if (!ch[lo].has_value || ch[k].value < ch[lo].value)
			lo = k;
	}
	long rh = report_find(x, q->name, "proportion", q->list->choices[hi].name, false, NULL);
	long rl = report_find(x, q->name, "proportion", q->list->choices[lo].name, false, NULL);
	if (!usable(x, rh) || !usable(x, rl))
		return 0;
	struct arg a[] = { TEXT(question_label(x, q)), DATA(est(x, rh), RU_SHARE), TEXT(choice_label(x, q, hi)),
			   INTERVAL(rh, RU_SHARE), DATA(est(x, rl), RU_SHARE), TEXT(choice_label(x, q, lo)),
			   INTERVAL(rl, RU_SHARE) };
	finding(x, "awareness", W(x, RW_F_AWARE), a, 7, report_keep(x, ky_asprintf("q-%s", q->name)));
	return 1;
}

/* Rule "encounter": the share choosing the question's first answer. */
static int finding_encounter(struct ctx *x)
{
	const struct form_question *q = marked(x, "encounter");
	if (!q || !q->list->n_choices)
		return 0;
	long r = report_find(x, q->name, "proportion", q->list->choices[0].name, false, NULL);
	if (!usable(x, r))
		return 0;
	struct arg a[] = { TEXT(question_label(x, q)), DATA(est(x, r), RU_SHARE), TEXT(choice_label(x, q, 0)),
			   INTERVAL(r, RU_SHARE) };
	finding(x, "encounter", W(x, RW_F_ENCOUNTER), a, 4, report_keep(x, ky_asprintf("q-%s", q->name)));
	return 1;
}

/* Rule "action": the answer chosen most often (whole sample). */
static int finding_action(struct ctx *x)
{
	const struct form_question *q = marked(x, "action");
	long best = -1;
	size_t best_k = 0;
	if (!q)
		return 0;
	for (size_t k = 0; k < q->list->n_choices; k++) {
		long r = report_find(x, q->name, "proportion", q->list->choices[k].name, false, NULL);
		if (usable(x, r) && (best < 0 || num(est(x, r)) > num(est(x, best)))) {
			best = r;
			best_k = k;
		}
	}
	if (best < 0)
		return 0;
	struct arg a[] = { TEXT(question_label(x, q)), TEXT(choice_label(x, q, best_k)),
			   DATA(est(x, best), RU_SHARE), INTERVAL(best, RU_SHARE) };
	finding(x, "action", W(x, RW_F_ACTION), a, 4, report_keep(x, ky_asprintf("q-%s", q->name)));
	return 1;
}

/* A p-value adjustment as a reader knows it. */
static const char *adjust_name(const char *m)
{
	static const char *const names[][2] = {
		{ "holm", "Holm" }, { "bonferroni", "Bonferroni" }, { "BH", "Benjamini–Hochberg" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(m, names[i][0]))
			return names[i][1];
	return m;
}

/* Rule "groups": how many tested questions differ between the groups
 * at adjusted p < 0.05, and the one with the smallest adjusted p. */
static int finding_groups(struct ctx *x)
{
	const struct table *t = x->tests;
	int var = table_col(t, "variable"), padj = table_col(t, "p_adjusted"), m = table_col(t, "adjust_method");
	size_t tested = 0, differ = 0;
	long best = -1;
	if (!t->n_rows)
		return 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		double p = num(table_cell(t, i, padj));
		tested++;
		if (p < 0.05)
			differ++;
		if (!isnan(p) && (best < 0 || p < num(table_cell(t, (size_t)best, padj))))
			best = (long)i;
	}
	char *n_tested = report_keep(x, ky_asprintf("%zu", tested));
	char *n_differ = report_keep(x, ky_asprintf("%zu", differ));
	const char *method = adjust_name(table_cell(t, 0, m));
	if (!differ || best < 0) {
		struct arg a[] = { TEXT(method), DATA(n_tested, RU_PLAIN) };
		finding(x, "groups", W(x, RW_F_GROUPS_NONE), a, 2, "tests");
		return 1;
	}
	const char *name = table_cell(t, (size_t)best, var);
	const struct form_question *q = x->form ? form_find_question(x->form, name) : NULL;
	struct arg a[] = { TEXT(method), DATA(n_differ, RU_PLAIN), DATA(n_tested, RU_PLAIN),
			   TEXT(q ? question_label(x, q) : name),
			   DATA(table_cell(t, (size_t)best, padj), RU_PLAIN) };
	finding(x, "groups", W(x, RW_F_GROUPS), a, 5, "tests");
	return 1;
}

/* Rule "score-groups": the groups with the lowest and the highest
 * knowledge score (share of the maximum). */
static int finding_score_groups(struct ctx *x)
{
	long lo = -1, hi = -1;
	for (size_t i = 0; i < x->est->n_rows; i++) {
		if (strcmp(cell(x, i, x->c.variable), "knowledge") || !*cell(x, i, x->c.by) ||
		    strcmp(cell(x, i, x->c.statistic), "score_pct") || !usable(x, (long)i))
			continue;
		if (lo < 0 || num(est(x, (long)i)) < num(est(x, lo)))
			lo = (long)i;
		if (hi < 0 || num(est(x, (long)i)) > num(est(x, hi)))
			hi = (long)i;
	}
	if (lo < 0 || lo == hi)
		return 0;
	struct arg a[] = { TEXT(report_group_label(x, (size_t)lo)), DATA(est(x, lo), RU_POINTS), INTERVAL(lo, RU_POINTS),
			   TEXT(report_group_label(x, (size_t)hi)), DATA(est(x, hi), RU_POINTS), INTERVAL(hi, RU_POINTS) };
	finding(x, "score-groups", W(x, RW_F_SCORE_GROUPS), a, 6, "t-score-groups");
	return 1;
}

/* Rule "change" (hook): needs the comparisons of `analyze --compare`,
 * which the result set does not carry yet; writes nothing. */
static int finding_change(struct ctx *x)
{
	(void)x;
	return 0;
}

static void findings(struct ctx *x)
{
	report_heading(x, 2, "findings", W(x, RW_FINDINGS));
	fputs("<ol class=\"findings\">\n", x->out);
	finding_gap(x);
	finding_misconception(x);
	finding_needs(x);
	finding_awareness(x);
	finding_encounter(x);
	finding_action(x);
	finding_score_groups(x);
	finding_groups(x);
	finding_change(x);
	fputs("</ol>\n", x->out);
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
		fprintf(x->out, "; %s %s", W(x, RW_COMPLETION_RATE), pct);
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
	FILE *mem = NULL;
	char *buf = NULL;
	size_t len = 0;
	if (n && svg_text(x, &mem, &len, &buf)) {
		int rc = svg_dot_chart(mem, &c);
		fclose(mem);
		if (!rc)
			report_figure(x, buf, len, stem, alt, table_id);
	}
	free(buf);
	free(labels);
	free(pt);
}

static void chart_needs(struct ctx *x)
{
	long *rows = ky_calloc(x->est->n_rows + 1, sizeof *rows);
	size_t n = ranked(x, "mwds", rows);
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
	char *title = level ? ky_asprintf("%s: “%s”", question_label(x, q), report_level_label(x, q->name, level))
			    : ky_strdup(question_label(x, q));
	char *stem = *by ? ky_asprintf("q-%s-by-%s", q->name, by) : ky_asprintf("q-%s", q->name);
	char *alt = ky_asprintf(W(x, RW_ALT_QUESTION), title);
	struct svg_chart c = { .title = title, .axis_label = W(x, RW_SHARE), .percent = true, .row_labels = labels,
			       .n_rows = n_labels, .series_names = n_series > 1 ? series : NULL, .n_series = n_series,
			       .points = pt, .n_points = n, .suppressed_text = W(x, RW_SUPPRESSED) };
	FILE *mem = NULL;
	char *buf = NULL, *table_id = ky_asprintf("q-%s", q->name);
	size_t len = 0;
	if (n && svg_text(x, &mem, &len, &buf)) {
		int rc = svg_dot_chart(mem, &c);
		fclose(mem);
		if (!rc)
			report_figure(x, buf, len, stem, alt, table_id);
	}
	free(buf);
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
	findings(x);
	chart_domains(x);
	chart_needs(x);
	chart_score_groups(x);
	question_charts(x);
	fputs("</section>\n", x->out);
}
