/* change.c - the report's change section and the numbers of its
 * finding: with --compare, comparisons.csv (group B minus group A);
 * with --paired, paired.csv (after minus before, the same respondents).
 * Every number is the CSV's own cell. The rule (kysely(1), "The
 * brief"): the knowledge score in percent of the maximum, whole sample;
 * an item improved or worsened when its share correct changed at
 * adjusted p < 0.05 (with --compare the share choosing the item's
 * highest-scored answer). */
#include "config.h"
#include "report/ctx.h"
#include "report/markup.h"
#include "util/mem.h"

/* at most this many items named per line: the brief keeps to four pages */
#define CHANGE_MAX_NAMED 5

static const struct table *change_table(const struct ctx *x)
{
	return x->paired ? x->paired : x->cmp;
}

/* The whole-sample row of variable and statistic (paired: of the paired
 * t test), -1 when absent or suppressed. */
static long change_find(const struct ctx *x, const char *variable, const char *statistic,
			const char *level)
{
	const struct table *t = change_table(x);
	int var = table_col(t, "variable"), stat = table_col(t, "statistic"),
	    lvl = table_col(t, "level"), grp = table_col(t, x->paired ? "level" : "group"),
	    test = table_col(t, "test");
	for (size_t i = 0; t && i < t->n_rows; i++) {
		if (strcmp(table_cell(t, i, var), variable) || strcmp(table_cell(t, i, stat), statistic) ||
		    *table_cell(t, i, grp))
			continue;
		if (level && strcmp(table_cell(t, i, lvl), level))
			continue;
		if (x->paired && strncmp(statistic, "p_", 2) && strcmp(table_cell(t, i, test), "t-paired"))
			continue;
		if (!strcmp(table_cell(t, i, table_col(t, "suppressed")), "1"))
			return -1;
		return (long)i;
	}
	return -1;
}

bool report_change_score(const struct ctx *x, struct report_change *c)
{
	const struct table *t = change_table(x);
	long r = t ? change_find(x, "knowledge", "score_pct", NULL) : -1;
	if (r < 0 || isnan(num(table_cell(t, (size_t)r, table_col(t, "difference")))))
		return false;
	c->paired = x->paired != NULL;
	c->diff = table_cell(t, (size_t)r, table_col(t, "difference"));
	c->low = table_cell(t, (size_t)r, table_col(t, "conf_low"));
	c->high = table_cell(t, (size_t)r, table_col(t, "conf_high"));
	c->p_adjusted = table_cell(t, (size_t)r, table_col(t, "p_adjusted"));
	c->n_pairs = table_cell(t, (size_t)r, table_col(t, "n_pairs"));
	c->group_a = table_cell(t, (size_t)r, table_col(t, "group_a"));
	c->group_b = table_cell(t, (size_t)r, table_col(t, "group_b"));
	return true;
}

void report_magnitude(struct ctx *x, const char *csv_text)
{
	char buf[48];
	markup_number(buf, sizeof buf, fabs(num(csv_text)));
	fputs("<data value=\"", x->out);
	markup_escape(x->out, csv_text);
	fputs("\">", x->out);
	markup_escape(x->out, buf);
	fputs("</data>", x->out);
}

/* A change in a share, in percentage points: the sentence says which
 * way, so the size alone ("37.7 percentage points", never "37.7 %"). */
static void points_moved(struct ctx *x, const char *csv_text)
{
	char buf[48];
	const char *tmpl = W(x, RW_POINTS_MOVED), *at = strstr(tmpl, "%s");
	char *head = ky_strndup(tmpl, (size_t)(at - tmpl));
	snprintf(buf, sizeof buf, "%.1f", 100.0 * fabs(num(csv_text)));
	markup_localise(buf);
	markup_escape(x->out, head);
	fputs("<data value=\"", x->out);
	markup_escape(x->out, csv_text);
	fputs("\">", x->out);
	markup_escape(x->out, buf);
	fputs("</data>", x->out);
	markup_escape(x->out, at + 2);
	free(head);
}

/* The level of q a correct answer chooses: its highest-scored choice. */
static const char *correct_level(const struct form_question *q)
{
	const struct form_choice *best = NULL;
	for (size_t k = 0; k < q->list->n_choices; k++)
		if (q->list->choices[k].has_score && (!best || q->list->choices[k].score > best->score))
			best = &q->list->choices[k];
	return best ? best->name : NULL;
}

/* The item's row of the share correct, -1 when it has none. */
static long item_row(const struct ctx *x, const struct form_question *q)
{
	if (x->paired)
		return change_find(x, q->name, "p_correct", NULL);
	const char *level = correct_level(q);
	return level ? change_find(x, q->name, "proportion", level) : -1;
}

/* One line: the items whose share correct moved in direction sign at
 * adjusted p < 0.05, the largest changes first. */
static void items_line(struct ctx *x, const long *rows, const struct form_question **qs, size_t n,
		       int sign)
{
	const struct table *t = change_table(x);
	int diff = table_col(t, "difference"), padj = table_col(t, "p_adjusted");
	size_t named = 0, more = 0;
	bool *done = ky_calloc(n + 1, sizeof *done);
	const char *tmpl = W(x, sign > 0 ? RW_CHANGE_BETTER : RW_CHANGE_WORSE), *at = strstr(tmpl, "%s");
	char *head = ky_strndup(tmpl, (size_t)(at - tmpl));
	fprintf(x->out, "<p data-change=\"%s\">", sign > 0 ? "better" : "worse");
	markup_escape(x->out, head);
	free(head);
	for (;;) {
		long best = -1;
		for (size_t k = 0; k < n; k++) {
			double d = num(table_cell(t, (size_t)rows[k], diff)) * sign;
			if (!done[k] && d > 0 && num(table_cell(t, (size_t)rows[k], padj)) < 0.05 &&
			    (best < 0 || d > num(table_cell(t, (size_t)rows[best], diff)) * sign))
				best = (long)k;
		}
		if (best < 0)
			break;
		done[best] = true;
		if (named == CHANGE_MAX_NAMED) {
			more++;
			continue;
		}
		bool nordic = !strncmp(x->opt->lang, "fi", 2) || !strncmp(x->opt->lang, "sv", 2);
		fputs(named++ ? "; " : "", x->out);
		fputs(nordic ? "”" : "“", x->out);
		markup_escape(x->out, report_question_label(x, qs[best]));
		fputs("” (", x->out);
		points_moved(x, table_cell(t, (size_t)rows[best], diff));
		fputs(")", x->out);
	}
	if (!named)
		markup_escape(x->out, W(x, RW_NONE));
	if (more) {
		const char *t2 = W(x, RW_AND_MORE), *at2 = strstr(t2, "%s");
		char *lead = ky_strndup(t2, (size_t)(at2 - t2));
		markup_escape(x->out, lead);
		report_data(x, report_keep(x, ky_asprintf("%zu", more)), RU_PLAIN);
		markup_escape(x->out, at2 + 2);
		free(lead);
	}
	markup_escape(x->out, at + 2);
	fputs("</p>\n", x->out);
	free(done);
}

void report_change_section(struct ctx *x)
{
	struct report_change c;
	size_t n = 0, nq = x->form ? x->form->n_questions : 0;
	if (!change_table(x))
		return;
	long *rows = ky_calloc(nq + 1, sizeof *rows);
	const struct form_question **qs = ky_calloc(nq + 1, sizeof *qs);
	for (size_t i = 0; i < nq; i++) {
		const struct form_question *q = &x->form->questions[i];
		long r = form_question_scored(q) ? item_row(x, q) : -1;
		if (r >= 0) {
			rows[n] = r;
			qs[n++] = q;
		}
	}
	bool score = report_change_score(x, &c);
	/* --compare with --by compares within the groups only: no whole-sample row */
	if (!score && !n) {
		free(rows);
		free(qs);
		return;
	}
	report_heading(x, 2, "change", W(x, RW_CHANGE));
	if (score) {
		fputs("<p data-change=\"score\">", x->out);
		const char *tmpl = W(x, RW_CHANGE_SCORE), *at = strstr(tmpl, "%s"), *at2 = strstr(at + 2, "%s");
		char *head = ky_strndup(tmpl, (size_t)(at - tmpl)), *mid = ky_strndup(at + 2, (size_t)(at2 - at - 2));
		markup_escape(x->out, head);
		markup_escape(x->out, W(x, num(c.diff) < 0 ? RW_FELL : RW_ROSE));
		markup_escape(x->out, mid);
		report_magnitude(x, c.diff);
		markup_escape(x->out, at2 + 2);
		fputs("</p>\n", x->out);
		free(head);
		free(mid);
	}
	items_line(x, rows, qs, n, 1);
	items_line(x, rows, qs, n, -1);
	free(rows);
	free(qs);
}
