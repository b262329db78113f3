/* report.h - the self-contained HTML report of an analysis.
 *
 * Draws the result set of the analysis (analyze/results.h: the rows the
 * CSV files hold, numbers in their text), so every number shown is one
 * of the CSV's; computes nothing new but the display rounding (and, in
 * "who answered", the respondents' unweighted mix and the population
 * totals' shares). The page: the brief (brief.c), then the appendix
 * (report.c: study, methods, tests; appendix.c: cross-tables). Charts are
 * inline SVG drawn by svg.c; the page has no scripts and loads nothing
 * from the network. */
#ifndef KY_REPORT_H
#define KY_REPORT_H

#include <stdio.h>
#include "analyze/analyze.h"
#include "form/form.h"
#include "io/safe-output.h"
#include "io/table.h"
#include "util/error.h"

struct report_study {
	const char *form_id, *title, *version;
	long respondents, complete, partial;
	char first[32], last[32];      /* dates of the first and last response, "" if none */
	const struct form *form;       /* for labels of groups; may be NULL */
};

struct report_options {
	const char *lang;              /* "fi", "sv", "en" */
	const struct analyze_options *analysis;   /* the options the numbers came from */
	const char *charts_dir;        /* also write each chart as DIR/NN-name.svg; may be NULL */
	const struct safe_output_guard *guard;   /* files no chart may be; may be NULL */
};

/* Writes the HTML page to out; charts go to charts_dir through safe_output
 * (0600, renamed into place). Returns 0 or KY_EIO (charts_dir unwritable). */
struct analyze_results;
int report_write(FILE *out, const struct report_study *study, const struct analyze_results *res,
		 const struct report_options *opt, struct ky_error *err);

#endif
