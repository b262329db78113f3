/* findings.c - the brief's key findings: one sentence each, chosen by a
 * fixed rule from the result tables (the rules are documented in
 * kysely(1), "The brief"), stating the CSV's own numbers (inside <data
 * value="CSV text">) and linking to its table in the appendix. Adding a
 * finding: a function here that returns whether it wrote a sentence,
 * called from report_findings(), and its rule in the man page.
 *
 * Change: with --compare or --paired, finding_change states the
 * knowledge score's change from the rows of comparisons.csv or
 * paired.csv (change.c, which also writes the change section). */
#include "config.h"
#include "analyze/results.h"
#include "report/ctx.h"
#include "report/markup.h"
#include "util/mem.h"

enum arg_kind { A_TEXT, A_DATA, A_INTERVAL, A_MAGNITUDE };
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
			else if (a->kind == A_MAGNITUDE)
				report_magnitude(x, a->text);
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
size_t report_ranked(struct ctx *x, const char *statistic, long *rows)
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
	size_t n = report_ranked(x, "mwds", rows);
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

const char *report_question_label(const struct ctx *x, const struct form_question *q)
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
	struct arg a[] = { TEXT(report_question_label(x, q)), DATA(est(x, rh), RU_SHARE), TEXT(choice_label(x, q, hi)),
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
	struct arg a[] = { TEXT(report_question_label(x, q)), DATA(est(x, r), RU_SHARE), TEXT(choice_label(x, q, 0)),
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
	struct arg a[] = { TEXT(report_question_label(x, q)), TEXT(choice_label(x, q, best_k)),
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
			   TEXT(q ? report_question_label(x, q) : name),
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

/* Rule "change": the knowledge score's change, with --compare group B
 * minus A (comparisons.csv), with --paired after minus before
 * (paired.csv, the paired t test); its interval and adjusted p. */
static int finding_change(struct ctx *x)
{
	struct report_change c;
	if (!report_change_score(x, &c))
		return 0;
	bool down = num(c.diff) < 0;
	if (c.paired) {
		struct arg a[] = { DATA(c.n_pairs, RU_PLAIN), TEXT(W(x, down ? RW_FELL : RW_ROSE)),
				   DATA(c.diff, RU_PLAIN), TEXT(W(x, RW_CI)), DATA(c.low, RU_PLAIN),
				   DATA(c.high, RU_PLAIN), DATA(c.p_adjusted, RU_PLAIN) };
		a[2].kind = A_MAGNITUDE;
		finding(x, "change", W(x, RW_F_CHANGE_PAIRED), a, 7, "change");
		return 1;
	}
	struct arg a[] = { TEXT(c.group_a), TEXT(c.group_b), DATA(c.diff, RU_PLAIN),
			   TEXT(W(x, down ? RW_LOWER : RW_HIGHER)), TEXT(W(x, RW_CI)), DATA(c.low, RU_PLAIN),
			   DATA(c.high, RU_PLAIN), DATA(c.p_adjusted, RU_PLAIN) };
	a[2].kind = A_MAGNITUDE;
	finding(x, "change", W(x, RW_F_CHANGE_COMPARE), a, 8, "change");
	return 1;
}

void report_findings(struct ctx *x)
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
