#include "config.h"
#include <math.h>
#include <string.h>
#include "report/markup.h"
#include "report/svg.h"
#include "util/mem.h"

/* Okabe & Ito's palette, without the yellow that vanishes on white. */
static const char *const palette[] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
};
#define N_PALETTE (sizeof palette / sizeof palette[0])

enum {
	WIDTH = 720, FONT = 12, CHAR_W = 7, LINE_H = 15, SERIES_H = 13,
	LABEL_MAX_CHARS = 38, PLOT_RIGHT_PAD = 24, AXIS_H = 40, LEGEND_ROW = 18,
	TITLE_CHARS = 88, TITLE_LINE = 17
};

struct wrapped {
	char **lines;
	size_t n;
};

/* Breaks text at spaces into lines of at most width characters (a longer
 * word is cut), so labels stay inside the label column. */
static struct wrapped wrap(const char *text, size_t width)
{
	struct wrapped w = {0};
	const char *p = text ? text : "";
	while (*p) {
		const char *line = p, *cut = NULL, *q = p;
		size_t chars = 0;
		while (*q && chars < width) {
			if (*q == ' ')
				cut = q;
			q++;
			while ((*q & 0xC0) == 0x80)
				q++;
			chars++;
		}
		if (!*q || !cut || *q == ' ')
			cut = q;
		w.lines = ky_reallocarray(w.lines, w.n + 1, sizeof *w.lines);
		w.lines[w.n++] = ky_strndup(line, (size_t)(cut - line));
		p = cut;
		while (*p == ' ')
			p++;
	}
	if (w.n == 0) {
		w.lines = ky_malloc(sizeof *w.lines);
		w.lines[w.n++] = ky_strdup("");
	}
	return w;
}

static void wrapped_release(struct wrapped *w)
{
	size_t i;
	for (i = 0; i < w->n; i++)
		free(w->lines[i]);
	free(w->lines);
}

/* A "nice" tick step (1, 2 or 5 times a power of ten) for about five ticks. */
static double nice_step(double span)
{
	double raw = span / 5.0, mag = pow(10.0, floor(log10(raw))), f = raw / mag;
	return mag * (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10);
}

static void axis_range(const struct svg_chart *c, double *lo, double *hi, double *step_out)
{
	size_t i;
	double step;
	if (c->percent) {
		*lo = 0;
		*hi = 1;
		*step_out = 0.2;
		return;
	}
	*lo = INFINITY;
	*hi = -INFINITY;
	for (i = 0; i < c->n_points; i++) {
		const struct svg_point *p = &c->points[i];
		double a = isnan(p->low) ? p->estimate : p->low;
		double b = isnan(p->high) ? p->estimate : p->high;
		if (p->suppressed || isnan(p->estimate))
			continue;
		*lo = fmin(*lo, a);
		*hi = fmax(*hi, b);
	}
	if (!isfinite(*lo)) {
		*lo = 0;
		*hi = 1;
	}
	if (*lo > 0 && *lo < (*hi - *lo))
		*lo = 0;
	if (*hi == *lo)
		*hi = *lo + 1;
	step = nice_step(*hi - *lo);
	*lo = floor(*lo / step) * step;
	*hi = ceil(*hi / step) * step;
	*step_out = step;   /* the ticks must use the step the range was rounded to */
}

static void marker(FILE *out, size_t series, double x, double y)
{
	const char *col = palette[series % N_PALETTE];
	switch (series % 4) {
	case 0:
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>", x, y, col);
		break;
	case 1:
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>", x - 4, y - 4, col);
		break;
	case 2:
		fprintf(out, "<path d=\"M%.1f %.1fl5 8.5h-10z\" fill=\"%s\"/>", x, y - 5, col);
		break;
	default:
		fprintf(out, "<path d=\"M%.1f %.1fl5 5 -5 5 -5 -5z\" fill=\"white\" stroke=\"%s\" stroke-width=\"2\"/>",
			x, y - 5, col);
	}
}

static void tick_label(char *buf, size_t len, double v, int percent)
{
	if (percent)
		snprintf(buf, len, "%.0f %%", 100.0 * v);
	else
		markup_number(buf, len, v);
}

struct layout {
	struct wrapped title;
	double top;                   /* below the title: where the legend starts */
	struct wrapped *labels;
	double *row_y, *row_h;
	double label_w, plot_x0, plot_x1, height, lo, hi, step, legend_h;
};

static double x_of(const struct layout *l, double v)
{
	double t = (v - l->lo) / (l->hi - l->lo);
	return l->plot_x0 + fmin(1.0, fmax(0.0, t)) * (l->plot_x1 - l->plot_x0);
}

static void layout_rows(const struct svg_chart *c, struct layout *l)
{
	size_t i, j, longest = 0, per_row = c->n_series ? c->n_series : 1;
	double y;
	l->labels = ky_calloc(c->n_rows, sizeof *l->labels);
	l->row_y = ky_calloc(c->n_rows, sizeof *l->row_y);
	l->row_h = ky_calloc(c->n_rows, sizeof *l->row_h);
	for (i = 0; i < c->n_rows; i++) {
		l->labels[i] = wrap(c->row_labels[i], LABEL_MAX_CHARS);
		for (j = 0; j < l->labels[i].n; j++)
			if (markup_chars(l->labels[i].lines[j]) > longest)
				longest = markup_chars(l->labels[i].lines[j]);
	}
	l->label_w = (double)longest * CHAR_W + 16;
	l->plot_x0 = l->label_w;
	l->plot_x1 = WIDTH - PLOT_RIGHT_PAD;
	l->title = wrap(c->title, TITLE_CHARS);
	l->top = 10 + TITLE_LINE * (double)l->title.n + 10;
	l->legend_h = c->series_names && c->n_series > 1 ? LEGEND_ROW * ((c->n_series + 3) / 4) : 0;
	y = l->top + l->legend_h;
	for (i = 0; i < c->n_rows; i++) {
		double h_text = (double)l->labels[i].n * LINE_H, h_pts = (double)per_row * SERIES_H;
		l->row_y[i] = y;
		l->row_h[i] = fmax(h_text, h_pts) + 8;
		y += l->row_h[i];
	}
	l->height = y + AXIS_H;
	axis_range(c, &l->lo, &l->hi, &l->step);
}

static void draw_axis(FILE *out, const struct svg_chart *c, const struct layout *l)
{
	double step = l->step, v;
	double y0 = l->top + l->legend_h, y1 = l->height - AXIS_H;
	char buf[32];
	for (v = l->lo; v <= l->hi + step * 1e-9; v += step) {
		double x = x_of(l, v);
		tick_label(buf, sizeof buf, v, c->percent);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>",
			x, y0, x, y1);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x, y1 + 16, buf);
	}
	if (c->axis_label) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-style=\"italic\">",
			(l->plot_x0 + l->plot_x1) / 2, y1 + 32);
		markup_escape(out, c->axis_label);
		fputs("</text>\n", out);
	}
}

static void draw_legend(FILE *out, const struct svg_chart *c, const struct layout *l)
{
	size_t s;
	if (!l->legend_h)
		return;
	for (s = 0; s < c->n_series; s++) {
		double x = 10 + (double)(s % 4) * (WIDTH / 4.0), y = l->top - 6 + (double)(s / 4) * LEGEND_ROW;
		marker(out, s, x + 5, y + 6);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", x + 14, y + 10);
		markup_escape(out, c->series_names[s]);
		fputs("</text>\n", out);
	}
}

static void draw_point(FILE *out, const struct svg_chart *c, const struct layout *l,
		       const struct svg_point *p)
{
	size_t per_row = c->n_series ? c->n_series : 1;
	double y = l->row_y[p->row] + 4 + ((double)p->series + 0.5) * (l->row_h[p->row] - 8) / (double)per_row;
	if (p->suppressed || isnan(p->estimate)) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\" font-style=\"italic\" class=\"suppressed\">",
			l->plot_x0 + 4, y + 4);
		markup_escape(out, p->suppressed ? c->suppressed_text : "–");
		fputs("</text>\n", out);
		return;
	}
	if (!isnan(p->low) && !isnan(p->high))
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
			x_of(l, p->low), y, x_of(l, p->high), y, palette[p->series % N_PALETTE]);
	marker(out, p->series, x_of(l, p->estimate), y);
	fputc('\n', out);
}

int svg_dot_chart(FILE *out, const struct svg_chart *c)
{
	struct layout l = {0};
	size_t i, j;
	if (c->n_rows == 0 || c->n_points == 0)
		return -1;
	layout_rows(c, &l);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%.0f\" "
		"viewBox=\"0 0 %d %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"%d\" role=\"img\">\n",
		WIDTH, l.height, WIDTH, l.height, FONT);
	fputs("<title>", out);
	markup_escape(out, c->title);
	fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", out);
	for (i = 0; i < l.title.n; i++) {
		fprintf(out, "<text x=\"6\" y=\"%.0f\" font-weight=\"bold\" font-size=\"13\">",
			10 + TITLE_LINE * (double)(i + 1) - 4);
		markup_escape(out, l.title.lines[i]);
		fputs("</text>\n", out);
	}
	draw_legend(out, c, &l);
	for (i = 0; i < c->n_rows; i++) {
		if (i % 2)
			fprintf(out, "<rect x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#f3f3f3\"/>",
				l.row_y[i], WIDTH, l.row_h[i]);
		for (j = 0; j < l.labels[i].n; j++) {
			fprintf(out, "<text x=\"6\" y=\"%.1f\">", l.row_y[i] + 4 + LINE_H * (double)(j + 1) - 3);
			markup_escape(out, l.labels[i].lines[j]);
			fputs("</text>", out);
		}
		fputc('\n', out);
	}
	draw_axis(out, c, &l);
	for (i = 0; i < c->n_points; i++)
		draw_point(out, c, &l, &c->points[i]);
	fputs("</svg>\n", out);
	for (i = 0; i < c->n_rows; i++)
		wrapped_release(&l.labels[i]);
	wrapped_release(&l.title);
	free(l.labels);
	free(l.row_y);
	free(l.row_h);
	return 0;
}

/* Dark enough for white text (contrast at least 4.5:1), and told apart
 * by pattern as well: solid, hatched, dotted. */
static const char *const part_fill[] = { "#005a9c", "#a63d00", "#595959" };

static void stacked_defs(FILE *out, const struct svg_stacked *c)
{
	fprintf(out, "<defs><pattern id=\"%s-p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
		"patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"%s\"/>"
		"<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#7a2d00\" stroke-width=\"3\"/></pattern>"
		"<pattern id=\"%s-p2\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
		"<rect width=\"5\" height=\"5\" fill=\"%s\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1\" fill=\"#3a3a3a\"/>"
		"</pattern></defs>\n", c->id, part_fill[1], c->id, part_fill[2]);
}

static void part_paint(char *buf, size_t len, const struct svg_stacked *c, size_t part)
{
	if (part == 0)
		snprintf(buf, len, "%s", part_fill[0]);
	else
		snprintf(buf, len, "url(#%s-p%zu)", c->id, part);
}

static void stacked_legend(FILE *out, const struct svg_stacked *c, double y)
{
	char paint[64];
	for (size_t k = 0; k < c->n_parts && k < 3; k++) {
		double x = 10 + (double)k * 200;
		part_paint(paint, sizeof paint, c, k);
		fprintf(out, "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"14\" fill=\"%s\"/>", x, y, paint);
		fprintf(out, "<text x=\"%.0f\" y=\"%.0f\">", x + 20, y + 11);
		markup_escape(out, c->part_names[k]);
		fputs("</text>\n", out);
	}
}

static void stacked_bar(FILE *out, const struct svg_stacked *c, size_t r, double x0, double x1,
			double y, double h)
{
	char paint[64], pct[32];
	double at = x0;
	for (size_t k = 0; k < c->n_parts && k < 3; k++) {
		double v = c->share[r * c->n_parts + k], w;
		if (isnan(v) || v <= 0)
			continue;
		w = fmin(v, 1.0) * (x1 - x0);
		part_paint(paint, sizeof paint, c, k);
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"white\"/>",
			at, y, w, h, paint);
		if (w >= 34) {
			snprintf(pct, sizeof pct, "%.0f %%", 100 * v);
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"white\" "
				"font-weight=\"bold\" stroke=\"%s\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>",
				at + w / 2, y + h / 2 + 4, part_fill[k], pct);
		}
		at += w;
	}
	fputc('\n', out);
}

int svg_stacked_chart(FILE *out, const struct svg_stacked *c)
{
	struct wrapped title, *labels;
	size_t longest = 0;
	double label_w, y, bar_h = 22, x1 = WIDTH - PLOT_RIGHT_PAD, height;
	if (!c->n_rows || !c->n_parts)
		return -1;
	title = wrap(c->title, TITLE_CHARS);
	labels = ky_calloc(c->n_rows, sizeof *labels);
	for (size_t i = 0; i < c->n_rows; i++) {
		labels[i] = wrap(c->row_labels[i], LABEL_MAX_CHARS);
		for (size_t j = 0; j < labels[i].n; j++)
			longest = markup_chars(labels[i].lines[j]) > longest ? markup_chars(labels[i].lines[j]) : longest;
	}
	label_w = (double)longest * CHAR_W + 16;
	y = 10 + TITLE_LINE * (double)title.n + 10;
	height = y + 24;
	for (size_t i = 0; i < c->n_rows; i++)
		height += fmax(bar_h, (double)labels[i].n * LINE_H) + 8;
	height += AXIS_H;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%.0f\" "
		"viewBox=\"0 0 %d %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"%d\" role=\"img\">\n",
		WIDTH, height, WIDTH, height, FONT);
	fputs("<title>", out);
	markup_escape(out, c->title);
	fputs("</title>\n", out);
	stacked_defs(out, c);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", out);
	for (size_t i = 0; i < title.n; i++) {
		fprintf(out, "<text x=\"6\" y=\"%.0f\" font-weight=\"bold\" font-size=\"13\">",
			10 + TITLE_LINE * (double)(i + 1) - 4);
		markup_escape(out, title.lines[i]);
		fputs("</text>\n", out);
	}
	stacked_legend(out, c, y - 4);
	y += 24;
	double top = y;
	for (size_t i = 0; i < c->n_rows; i++) {
		double h = fmax(bar_h, (double)labels[i].n * LINE_H) + 8;
		for (size_t j = 0; j < labels[i].n; j++) {
			fprintf(out, "<text x=\"6\" y=\"%.1f\">", y + 4 + LINE_H * (double)(j + 1) - 3);
			markup_escape(out, labels[i].lines[j]);
			fputs("</text>", out);
		}
		stacked_bar(out, c, i, label_w, x1, y + (h - bar_h) / 2, bar_h);
		y += h;
	}
	for (int t = 0; t <= 5; t++) {
		double x = label_w + (x1 - label_w) * t / 5.0;
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#767676\"/>", x, y, x, y + 5);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d %%</text>\n", x, y + 18, t * 20);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#767676\"/>\n", label_w, top, label_w, y);
	fputs("</svg>\n", out);
	for (size_t i = 0; i < c->n_rows; i++)
		wrapped_release(&labels[i]);
	free(labels);
	wrapped_release(&title);
	return 0;
}
