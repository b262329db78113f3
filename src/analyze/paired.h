/* paired.h - paired.csv of `kysely analyze --paired VAR=PRE:POST --link
 * COL` (interfaces.md section 5, "Comparisons"; statistics.md,
 * "Comparisons between waves and before/after training").
 *
 * Respondents whose VAR is PRE or POST are paired by their linkage codes
 * in COL (analyze/linking.h). Rows, for all pairs and then for each
 * --by group (the group of the "pre" response; `level` = "BY=GROUP",
 * e.g. "profession=nurse", or "" for all pairs):
 *   - per scored item, statistic p_correct, test mcnemar-exact: the
 *     shares correct before and after, their difference with its Wald
 *     interval, McNemar's exact p;
 *   - for knowledge and each knowledge:DOMAIN, statistics score and
 *     score_pct, test t-paired (mean before, after, difference with its
 *     t interval, p; effect_size Cohen's d_z; normalized_gain on
 *     score_pct) and test wilcoxon (medians before and after, median
 *     difference, p of wilcox.test(paired = TRUE) on the differences of
 *     points; effect_size the matched-pairs rank-biserial correlation);
 *   - statistic unlinked (n_pairs: respondents of either phase without a
 *     partner), near_miss (pre-post pairs of unlinked codes differing in
 *     one part, never linked) and duplicate (respondents whose code
 *     repeats within their phase, never linked).
 * Pairs are those where both responses reached the test (a scored item
 * answered). With --min-cell T a group's rows with fewer than T pairs,
 * and an item row with fewer than T correct or not correct before or
 * after, are suppressed, and when one group of a row is suppressed the
 * next smallest is too. p-values are adjusted over the file. */
#ifndef KY_ANALYZE_PAIRED_H
#define KY_ANALYZE_PAIRED_H

#include <stdio.h>
#include "analyze/analyze.h"
#include "io/table.h"

/* Splits "VAR=PRE:POST" into its parts (malloc'd, caller frees); KY_EUSAGE
 * when a part is missing or PRE = POST. */
int analyze_paired_parse(const char *spec, char **var, char **pre, char **post,
			 struct ky_error *err);

int analyze_write_paired(struct analyze_run *run, FILE *fp, const char *path,
			 struct ky_error *err);
/* The same rows into t (io/table.h), as the report reads them. */
int analyze_paired_table(struct analyze_run *run, struct table *t, struct ky_error *err);

#endif
