/* svg.h - the charts kysely draws itself: dot-and-whisker plots in SVG.
 *
 * A chart is a list of rows (a label, e.g. a choice or a topic), each with
 * one point per series (e.g. per profession): estimate and interval.
 * Labels are wrapped to the label column and rows grow to fit them, so
 * text never overlaps; series differ in colour (Okabe-Ito, colour-blind
 * safe) and in marker shape, so a greyscale print still tells them apart. */
#ifndef KY_REPORT_SVG_H
#define KY_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct svg_point {
	size_t row, series;
	double estimate, low, high;   /* NaN when not defined */
	bool suppressed;
};

struct svg_chart {
	const char *title;
	const char *axis_label;
	bool percent;                 /* axis 0..100 % for shares */
	const char *const *row_labels;
	size_t n_rows;
	const char *const *series_names;  /* NULL when there is a single series */
	size_t n_series;
	const struct svg_point *points;
	size_t n_points;
	const char *suppressed_text;  /* shown where a point is suppressed */
};

/* Writes one standalone <svg> element (xmlns set, usable inline in HTML
 * or as a .svg file). Returns 0, or -1 when the chart is empty. */
int svg_dot_chart(FILE *out, const struct svg_chart *chart);

/* Stacked 100 % bars: one bar per row, n_parts segments each (shares
 * that add up to at most 1). Segments differ in colour and in fill
 * pattern, and each wide enough carries its percentage, so that the
 * meaning never rests on colour alone. */
struct svg_stacked {
	const char *title;
	const char *const *row_labels;
	size_t n_rows;
	const char *const *part_names;   /* the legend */
	size_t n_parts;                  /* at most 3 */
	const double *share;             /* [row * n_parts + part]; NaN: not shown */
	const char *id;                  /* unique on the page: names the patterns */
};
int svg_stacked_chart(FILE *out, const struct svg_stacked *chart);

#endif
