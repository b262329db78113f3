/* ctx.h - what the parts of the report share (report.c, brief.c,
 * appendix.c): the result tables, their columns, the language, and the
 * helpers that label and draw. Private to src/report. */
#ifndef KY_REPORT_CTX_H
#define KY_REPORT_CTX_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/table.h"
#include "report/report.h"
#include "report/words.h"

/* Columns of estimates.csv the report reads (interfaces.md section 4). */
struct est_cols {
	int variable, variable_label, by, group, level, level_label, statistic,
	    n, base, estimate, low, high, conf_level, method, suppressed, repeat;
};

struct ctx {
	FILE *out;
	const struct form *form;       /* for group labels; may be NULL */
	int lang;                      /* index into form->langs, -1 for the default */
	char **pool;                   /* strings made for display, freed at the end */
	size_t n_pool;
	const struct table *est, *tests, *items;
	const struct table *cmp, *paired;   /* comparisons.csv, paired.csv; NULL without */
	const struct report_options *opt;
	const struct report_study *study;
	struct est_cols c;
	int chart_no;
	struct ky_error *err;
	int rc;
};

static inline const char *W(const struct ctx *x, enum ui_word w)
{
	return report_word(x->opt->lang, w);
}

static inline const char *cell(const struct ctx *x, size_t row, int col)
{
	return table_cell(x->est, row, col);
}

/* A cell's number; NaN when empty or not a number. */
static inline double num(const char *s)
{
	char *end;
	double v;
	if (!s || !*s)
		return NAN;
	v = strtod(s, &end);
	return *end ? NAN : v;
}

static inline bool is_suppressed(const struct ctx *x, size_t row)
{
	return !strcmp(cell(x, row, x->c.suppressed), "1");
}

static inline const char *est(const struct ctx *x, long row)
{
	return cell(x, (size_t)row, x->c.estimate);
}

static inline bool usable(const struct ctx *x, long row)
{
	return row >= 0 && !is_suppressed(x, (size_t)row) && !isnan(num(est(x, row)));
}

/* s kept until the page is written (x->pool); returns s. */
char *report_keep(struct ctx *x, char *s);
/* "Nurse · Southern Finland" for a row's group; "All respondents" without. */
const char *report_group_label(struct ctx *x, size_t row);
/* A level of a select question by its choice label, else the level. */
const char *report_level_label(const struct ctx *x, const char *var, const char *level);
const char *report_label_or_name(const struct ctx *x, size_t row, int label_col, int name_col);
/* The human label of a derived variable: knowledge, knowledge:DOMAIN
 * (the form's choices list `domain`), a training topic (list
 * `need_topic`), else the variable's label or name. */
const char *report_variable_label(struct ctx *x, size_t row);
/* label, for a repeat's question (a row whose `repeat` is set) with the
 * repeat's label after it: "Mode of travel [Trip]" (its base counts
 * instances, not respondents). */
const char *report_repeat_label(struct ctx *x, size_t row, const char *label);
/* The weighting and design in words (kept in x->pool). */
const char *report_design_text(struct ctx *x);
void report_heading(struct ctx *x, int level, const char *id, const char *text);
/* One chart: inline in a <figure> with its caption, which links to the
 * chart's data table (#table_id), and as --charts DIR/NN-stem.svg. */
void report_figure(struct ctx *x, const char *svg, size_t len, const char *stem,
		   const char *caption, const char *table_id);
/* Row index of a whole-sample (by empty) or group estimate, or -1. */
long report_find(const struct ctx *x, const char *variable, const char *statistic,
		 const char *level, bool grouped, const char *group);
/* A number of the CSV as the page shows it, inside <data value="CSV
 * text">, so a test can check it: share (fraction), percent points, or plain. */
enum report_unit { RU_SHARE, RU_POINTS, RU_PLAIN };
void report_data(struct ctx *x, const char *csv_text, enum report_unit unit);
/* "45.0–50.0 %" for row's interval, each bound in <data>. */
void report_interval(struct ctx *x, size_t row, enum report_unit unit);

/* A question's label in the report's language, else its name. */
const char *report_question_label(const struct ctx *x, const struct form_question *q);
/* The whole-sample rows of a statistic, unsuppressed, highest first, into
 * rows (room for every row); their count. */
size_t report_ranked(struct ctx *x, const char *statistic, long *rows);
/* findings.c: the key findings, a sentence per rule. */
void report_findings(struct ctx *x);
/* brief.c: the brief (who answered, key findings, charts). */
void report_brief(struct ctx *x);
/* The knowledge score's change (change.c), cells of comparisons.csv
 * (group B minus A) or paired.csv (post minus pre). */
struct report_change {
	bool paired;
	const char *diff, *low, *high, *p_adjusted, *n_pairs, *group_a, *group_b;
};
bool report_change_score(const struct ctx *x, struct report_change *c);
/* The change section of the brief: nothing without --compare/--paired. */
void report_change_section(struct ctx *x);
/* csv_text in <data>, shown without its sign (the words say which way). */
void report_magnitude(struct ctx *x, const char *csv_text);
/* appendix.c: the cross-tables (answers x groups) and the chart data. */
void report_appendix_tables(struct ctx *x);

#endif
