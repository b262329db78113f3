/* compare.h - `analyze --compare VAR[=A:B]`: the difference b - a of every
 * proportion, mean and knowledge statistic between two levels of VAR
 * (comparisons.csv; statistics.md "Comparisons between waves").
 *
 * How: a second run of the estimates, grouped by the --by variables and
 * VAR last, whose rows are captured (write_rows hands them here) instead
 * of written; each row of level B is paired with the row of level A of
 * the same --by group. Unweighted: Newcombe's hybrid score interval and
 * prop.test's z test for shares, Welch's t for means and scores, both
 * from the two rows. Under a design the estimates' code asks for the
 * contrast while it holds the row's values (compare_design_*), as
 * svyby(covmat = TRUE) + svycontrast.
 *
 * struct compare_result owns its rows and every string in them; it is
 * what the report reads (compare_result_release frees it). */
#ifndef KY_ANALYZE_COMPARE_H
#define KY_ANALYZE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "analyze/analyze.h"
#include "analyze/rows.h"
#include "io/table.h"

struct compare_row {
	char *variable, *variable_label, *level, *level_label;
	const char *statistic;    /* static text */
	char *group;              /* the --by group ("x:y"), NULL without --by */
	double n_a, n_b, estimate_a, estimate_b;
	double difference, std_error, conf_low, conf_high, p_value, p_adjusted;
	const char *method;       /* newcombe, welch, svy, not_comparable */
	bool suppressed;
};

struct compare_result {
	char *form_id;
	char *var, *group_a, *group_b;   /* --compare VAR=A:B as resolved */
	char *by_label;                  /* "a:b" of the --by variables, NULL without */
	double level;                    /* confidence level */
	const char *adjust_method;       /* holm, BH, bonferroni, none */
	struct compare_row *row;
	size_t n, cap;
	size_t not_comparable;           /* questions listed as not comparable */
};

/* Runs the comparison for the options of main_run (loaded, its method and
 * weighting chosen) into *out (zeroed first). KY_EUSAGE names a bad
 * --compare: unknown variable, a level no respondent has, or not exactly
 * two levels without =A:B. */
int analyze_compare(const struct analyze_run *main_run, struct compare_result *out,
		    struct ky_error *err);
void compare_result_release(struct compare_result *res);

/* comparisons.csv of run->comparisons into fp (flushed; the caller
 * closes it). */
int analyze_write_comparisons(struct analyze_run *run, FILE *fp, const char *path,
			      struct ky_error *err);
/* The same rows into t (io/table.h), as the report reads them. */
int analyze_comparisons_table(struct analyze_run *run, struct table *t, struct ky_error *err);

/* Hooks for estimates.c and derived.c. */
void compare_capture_rows(struct analyze_run *run, const char *name, const char *label,
			  const struct est_rows *rows);
/* Under a design, when group g is a group b: the contrast of the mean of
 * y (NaN = not counted) with its group a, into r->cmp_*. */
int compare_design_values(struct analyze_run *run, const double *y, size_t g,
			  struct est_row *r, struct ky_error *err);
/* The same for the share of level k of a select question (y: scratch of
 * run->n values). */
int compare_design_level(struct analyze_run *run, const struct avar *a, size_t k, size_t g,
			 struct est_row *r, double *y, struct ky_error *err);

#endif
