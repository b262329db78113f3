/* derived-export.h - `kysely export --derived`: per respondent, the
 * variables analyze derives from the form's extension columns, computed
 * by analyze's own code on the same store.
 *
 * Columns, in this order (names as in the wide CSV; the typed formats make
 * them legal): score and score_pct (the knowledge test, statistics.md
 * "Knowledge tests"), score:DOMAIN and score_pct:DOMAIN for each domain,
 * outcome:ITEM for each scored item (correct / incorrect / dont_know /
 * missing; coded 1-4 in sav and dta), pass (1 or 0, with a pass mark),
 * scale:NAME for each scale (the mean of its items with reverse-coded
 * items reversed, on respondents who answered every item, as the scale's
 * alpha), and weight_final (the weight after post-stratification or
 * raking, or the --weight column, when design options are given).
 *
 * Rows are every stored response of the form in the order export reads
 * them (store_scan), so row i is export's row i. The table owns its
 * arrays (derived_export_release). */
#ifndef KY_DERIVED_EXPORT_H
#define KY_DERIVED_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "analyze/analyze.h"
#include "io/csvwrite.h"
#include "io/export-format.h"

struct derived_export {
	size_t n_rows, n_cols;
	struct export_derived_col *col;  /* values, names and labels owned here */
};

/* The options of export that reach the derivation (db and form_id set by
 * the caller; pass_mark NaN when not given). */
struct derived_export_options {
	const char *db, *form_id, *lang;
	double pass_mark;
	const char *weight, *poststratify;
	const char *rake[ANALYZE_MAX_BY];
	size_t n_rake;
};

int derived_export_build(const struct derived_export_options *o, struct derived_export *dx,
			 struct ky_error *err);
void derived_export_release(struct derived_export *dx);

/* The first derived column named like a column of the wide layout (a
 * question named score, an attribute named pass), NULL when none is:
 * the CSV would have two columns of one name, which import refuses. */
const char *derived_export_clash(const struct derived_export *dx, const struct form *form,
				 char *const *attr_names, size_t n_attrs);

/* The wide CSV's extra columns: the header names, and row's cells (an
 * outcome by its name, numbers as numbers, missing empty). */
void derived_export_csv_header(const struct derived_export *dx, struct csvwrite *w);
void derived_export_csv_row(const struct derived_export *dx, size_t row, struct csvwrite *w);

#endif
