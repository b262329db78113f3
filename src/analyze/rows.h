/* rows.h - estimates.csv rows shared by estimates.c and derived.c. */
#ifndef KY_ANALYZE_ROWS_H
#define KY_ANALYZE_ROWS_H

#include "analyze/analyze.h"

struct est_row {
	size_t group;              /* index, or SIZE_MAX for the whole sample */
	const char *level;         /* NULL: empty */
	const char *level_label;
	const char *statistic, *method;
	double n, base, estimate, std_error, low, high;
	double deff, n_eff, n_kish;
	double respondents;        /* a repeat's row: respondents whose instances
				    * make the base (NaN otherwise) */
	/* --compare under a design: this group b's difference from its group
	 * a (compare.h), NaN otherwise */
	double cmp_diff, cmp_se, cmp_df;
	bool proportion;
	bool suppressed;
};

struct est_rows {
	struct est_row *row;
	size_t n, cap;
};

struct est_row *row_add(struct est_rows *rows);
size_t group_count(const struct analyze_run *run);
/* The group of respondent i (0 without --by), SIZE_MAX when in none. */
size_t group_of(const struct analyze_run *run, size_t i);
/* R reports known-without-error standard errors as ~1e-18: 0 below 1e-13. */
double tiny_to_zero(double se);
/* estimates.c: a proportion row of x out of base in group g (*out, its
 * level left empty): the unweighted interval when e is NULL, else from the
 * design estimate e of the share, with deff, n_eff and n_kish. */
int proportion_row(struct analyze_run *run, struct est_rows *rows, size_t g,
		   const char *statistic, double x, double base, const struct design_estimate *e,
		   struct est_row **out, struct ky_error *err);
/* estimates.c: --min-cell on rows that are not a question's levels:
 * share rows (proportion set) of one statistic and level form a one-row
 * table over the groups (x and base - x at least T, complementary
 * suppression across groups); any other row with base < T is blanked. */
int rows_suppress_shares(const struct analyze_run *run, struct est_rows *rows,
			 struct ky_error *err);
/* estimates.c: the rows of question variable v (whole sample, then the
 * groups), suppressed as --min-cell says, into w; rows, mask and y are
 * work space (mask and y of run->n). */
int analyze_question_rows(struct analyze_run *run, size_t v, struct est_rows *rows,
			  unsigned char *mask, double *y, struct csvwrite *w, struct ky_error *err);
void write_rows(struct analyze_run *run, const char *name, const char *label,
		struct est_rows *rows, struct csvwrite *w);
/* derived.c: knowledge scores, scales (alpha), training needs (top2,
 * mwds, need_rank), for the whole sample and each group. */
int analyze_derived_rows(struct analyze_run *run, struct csvwrite *w, unsigned char *mask,
			 struct ky_error *err);

#endif
