/* estimates.c - the rows of estimates.csv: for every question (form
 * order), every group (group order) and every level (choice order). */
#include "config.h"
#include "io/table.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/suppress.h"
#include "analyze/analyze.h"
#include "analyze/compare.h"
#include "analyze/repeats.h"
#include "analyze/rows.h"
#include "analyze/stream.h"
#include "util/mem.h"

static bool is_by_var(const struct analyze_run *run, size_t v)
{
	for (size_t b = 0; b < run->opt->n_by; b++)
		if (run->by_var[b] == v)
			return true;
	return false;
}

struct est_row *row_add(struct est_rows *rows)
{
	KY_GROW(rows->row, rows->n, rows->cap, 64);
	struct est_row *r = &rows->row[rows->n++];
	memset(r, 0, sizeof *r);
	r->estimate = r->std_error = r->low = r->high = NAN;
	r->deff = r->n_eff = r->n_kish = NAN;
	r->respondents = NAN;
	r->cmp_diff = r->cmp_se = r->cmp_df = NAN;
	return r;
}

size_t group_count(const struct analyze_run *run)
{
	return run->n_groups ? run->n_groups : 1;
}

/* The group of respondent i (0 without --by), or SIZE_MAX when in none. */
size_t group_of(const struct analyze_run *run, size_t i)
{
	if (!run->n_groups)
		return 0;
	return run->group[i] < 0 ? SIZE_MAX : (size_t)run->group[i];
}

static const char *level_label(const struct analyze_run *run, const struct avar *a, size_t k)
{
	if (!a->q || !a->q->list)
		return a->level_names[k];
	return form_text_get(run->form, &a->q->list->choices[k].label, run->lang);
}

/* ---- unweighted ---- */

double tiny_to_zero(double se)
{
	/* R computes known-without-error variances as about 1e-18 */
	return se < 1e-13 ? 0 : se;
}

/* A proportion row of x out of base in group g: the unweighted interval
 * when e is NULL, else from the design estimate e of the share. */
int proportion_row(struct analyze_run *run, struct est_rows *rows, size_t g,
		   const char *statistic, double x, double base, const struct design_estimate *e,
		   struct est_row **out, struct ky_error *err)
{
	struct est_row *r = row_add(rows);

	*out = r;
	r->group = g;
	r->statistic = statistic;
	r->method = interval_method_name(run->method);
	r->proportion = true;
	r->n = x;
	r->base = base;
	if (!e) {
		r->estimate = x / base;
		r->std_error = sqrt(r->estimate * (1 - r->estimate) / base);
		return interval_srs_proportion(run->method, x, base, run->opt->level, &r->low, &r->high, err);
	}
	r->estimate = (x == 0 || x == base) ? x / base : e->estimate;
	r->std_error = tiny_to_zero(e->std_error);
	r->deff = e->deff;
	r->n_kish = e->n_eff_kish;
	if (e->variance > 0)
		r->n_eff = r->estimate * (1 - r->estimate) / e->variance;
	double nrow = design_calibrated(run->design) ? (double)run->n : base;
	return interval_design_proportion(run->method, r->estimate, r->std_error, e->df, x, base,
					  nrow, run->opt->level, &r->low, &r->high, err);
}

/* The row of level k of a question. */
static int level_row(struct analyze_run *run, struct est_rows *rows, size_t g, const struct avar *a,
		     size_t k, double x, double base, const struct design_estimate *e,
		     struct ky_error *err)
{
	struct est_row *r;
	int rc = proportion_row(run, rows, g, "proportion", x, base, e, &r, err);
	r->level = a->level_names[k];
	r->level_label = level_label(run, a, k);
	return rc;
}

static void srs_mean_row_of(struct analyze_run *run, struct est_rows *rows, size_t g,
			    double m, double mean, double ss)
{
	struct est_row *r = row_add(rows);
	r->group = g;
	r->statistic = "mean";
	r->method = "t";
	r->n = r->base = m;
	r->estimate = mean;
	if (m > 1) {
		r->std_error = sqrt(ss / (m - 1)) / sqrt(m);
		interval_t_mean(mean, r->std_error, m - 1, run->opt->level, &r->low, &r->high);
	}
}

static void srs_mean_row(struct analyze_run *run, struct est_rows *rows, size_t g,
			 const double *values, size_t m)
{
	double sum = 0, ss = 0;

	for (size_t j = 0; j < m; j++)
		sum += values[j];
	double mean = sum / (double)m;
	for (size_t j = 0; j < m; j++)
		ss += (values[j] - mean) * (values[j] - mean);
	srs_mean_row_of(run, rows, g, (double)m, mean, ss);
}

/* The final group of g in a question's sums: the whole sample in a pass
 * without groups. */
static size_t sums_group(const struct analyze_run *run, const struct stream_var *v, size_t g)
{
	return run->n_groups ? g : v->whole;
}

/* The values of a summed question's levels: a number's distinct values,
 * or a Likert item's choice values (in buf); NULL when it has none. */
static const double *level_values(const struct avar *a, double *buf)
{
	if (a->kind == AV_NUMERIC)
		return a->acc->level_value;
	if (!a->likert)
		return NULL;
	for (size_t k = 0; k < a->n_levels; k++)
		buf[k] = a->q->list->choices[k].value;
	return buf;
}

/* Unweighted rows of a question summed while reading (stream.h). */
static int srs_stream_rows(struct analyze_run *run, const struct avar *a, struct est_rows *rows,
			   struct ky_error *err)
{
	const struct stream_var *v = a->acc;
	size_t G = group_count(run), L = v->K;
	double *buf = ky_calloc(L + 1, sizeof *buf);
	const double *value = level_values(a, buf);
	int rc = KY_OK;

	for (size_t g = 0; g < G && a->kind != AV_NUMERIC && !rc; g++) {
		size_t fg = sums_group(run, v, g);
		double base = v->sums.rows[fg];
		for (size_t k = 0; k < L && base > 0 && !rc; k++)
			rc = level_row(run, rows, g, a, k, v->group_hits[fg * L + k], base, NULL, err);
	}
	for (size_t g = 0; g < G && value && !rc; g++) {
		size_t fg = sums_group(run, v, g);
		const double *count = &v->group_hits[fg * L];
		double m = v->sums.rows[fg], sum = 0, ss = 0;
		if (m <= 0)
			continue;
		for (size_t k = 0; k < L; k++)
			sum += count[k] * value[k];
		double mean = sum / m;
		for (size_t k = 0; k < L; k++)
			ss += count[k] * (value[k] - mean) * (value[k] - mean);
		srs_mean_row_of(run, rows, g, m, mean, ss);
		if (a->kind != AV_NUMERIC)
			continue;
		struct est_row *r = row_add(rows);
		r->group = g;
		r->statistic = "median";
		r->method = "order-statistic";
		r->n = r->base = m;
		design_srs_median_of_counts(value, count, L, run->opt->level, &r->estimate,
					    &r->low, &r->high);
	}
	free(buf);
	return rc;
}

static void srs_median_row(struct analyze_run *run, struct est_rows *rows, size_t g,
			   double *values, size_t m)
{
	struct est_row *r = row_add(rows);
	r->group = g;
	r->statistic = "median";
	r->method = "order-statistic";
	r->n = r->base = (double)m;
	design_srs_median(values, m, run->opt->level, &r->estimate, &r->low, &r->high);
}

/* Values of a numeric column by group, each group's run contiguous. */
static double *values_by_group(const struct analyze_run *run, const double *num,
			       size_t *start, size_t *count)
{
	size_t G = group_count(run);
	double *buf = ky_calloc(run->n ? run->n : 1, sizeof *buf);
	size_t *fill = ky_calloc(G, sizeof *fill);

	memset(count, 0, G * sizeof *count);
	for (size_t i = 0; i < run->n; i++) {
		size_t g = group_of(run, i);
		if (g != SIZE_MAX && !isnan(num[i]))
			count[g]++;
	}
	for (size_t g = 0, at = 0; g < G; g++) {
		start[g] = at;
		at += count[g];
	}
	for (size_t i = 0; i < run->n; i++) {
		size_t g = group_of(run, i);
		if (g != SIZE_MAX && !isnan(num[i]))
			buf[start[g] + fill[g]++] = num[i];
	}
	free(fill);
	return buf;
}

static int srs_rows(struct analyze_run *run, const struct avar *a, struct est_rows *rows,
		    struct ky_error *err)
{
	size_t G = group_count(run);
	int rc = KY_OK;

	if (a->acc)
		return srs_stream_rows(run, a, rows, err);
	if (a->kind == AV_CATEGORICAL || a->kind == AV_MULTIPLE) {
		size_t L = a->n_levels;
		double *count = ky_calloc(G * (L + 1), sizeof *count);   /* [g][L] = base */
		for (size_t i = 0; i < run->n; i++) {
			size_t g = group_of(run, i);
			if (g == SIZE_MAX)
				continue;
			double *c = &count[g * (L + 1)];
			if (a->kind == AV_CATEGORICAL) {
				if (a->code[i] < 0)
					continue;
				c[a->code[i]]++;
			} else {
				if (!a->answered[i])
					continue;
				AVAR_FOR_EACH_CHOSEN(a, i, k, { c[k]++; });
			}
			c[L]++;
		}
		for (size_t g = 0; g < G && !rc; g++) {
			double *c = &count[g * (L + 1)];
			if (c[L] == 0)
				continue;
			for (size_t k = 0; k < L && !rc; k++)
				rc = level_row(run, rows, g, a, k, c[k], c[L], NULL, err);
		}
		free(count);
	}
	if (rc || !a->num)
		return rc;
	size_t *start = ky_calloc(G, sizeof *start), *count = ky_calloc(G, sizeof *count);
	double *values = values_by_group(run, a->num, start, count);
	for (size_t g = 0; g < G; g++) {
		if (!count[g])
			continue;
		srs_mean_row(run, rows, g, values + start[g], count[g]);
		if (a->kind == AV_NUMERIC)
			srs_median_row(run, rows, g, values + start[g], count[g]);
	}
	free(values);
	free(start);
	free(count);
	return KY_OK;
}

/* ---- design-based ---- */


static void design_mean_row(struct analyze_run *run, struct est_rows *rows, size_t g,
			    const struct design_estimate *e)
{
	struct est_row *r = row_add(rows);
	r->group = g;
	r->statistic = "mean";
	r->method = "t";
	r->n = r->base = (double)e->base;
	r->estimate = e->estimate;
	r->std_error = tiny_to_zero(e->std_error);
	r->deff = e->deff;
	r->n_kish = e->n_eff_kish;
	interval_t_mean(r->estimate, r->std_error, e->df, run->opt->level, &r->low, &r->high);
}

static int design_median_row(struct analyze_run *run, struct est_rows *rows, size_t g,
			     const struct avar *a, unsigned char *mask, struct ky_error *err)
{
	struct design_median_result m;
	size_t base = 0;
	int rc = KY_OK;

	if (a->acc) {
		rc = design_sums_median(run->design, run->work, &a->acc->sums, a->acc->level_value,
					sums_group(run, a->acc, g), run->opt->level, &m, err);
		base = m.base;
	} else {
		for (size_t i = 0; i < run->n; i++) {
			mask[i] = group_of(run, i) == g && !isnan(a->num[i]);
			base += mask[i];
		}
		if (base)
			rc = design_median(run->design, run->work, a->num, mask, run->opt->level, &m, err);
	}
	if (!base)
		return KY_OK;
	if (rc)
		return rc;
	struct est_row *r = row_add(rows);
	r->group = g;
	r->statistic = "median";
	r->method = "woodruff";
	r->n = r->base = (double)m.base;
	r->estimate = m.estimate;
	r->std_error = m.std_error;
	r->low = m.conf_low;
	r->high = m.conf_high;
	return KY_OK;
}

/* Every group's estimates of a question summed while reading (stream.h). */
static void stream_design_estimates(struct analyze_run *run, const struct avar *a, size_t G,
				    struct design_estimate *prop, double *chosen,
				    struct design_estimate *mean)
{
	const struct stream_var *v = a->acc;
	size_t L = a->kind == AV_NUMERIC ? 0 : v->K;

	for (size_t g = 0; g < G; g++) {
		size_t fg = sums_group(run, v, g);
		for (size_t k = 0; k < L; k++) {
			chosen[g * L + k] = v->group_hits[fg * L + k];
			design_sums_estimate(run->design, run->work, &v->sums, fg, k, &prop[g * L + k]);
		}
	}
	double *buf = ky_calloc(v->K + 1, sizeof *buf);
	const double *value = level_values(a, buf);
	if (value) {
		struct design_sums values;
		design_sums_of_values(&v->sums, value, &values);
		for (size_t g = 0; g < G; g++)
			design_sums_estimate(run->design, run->work, &values, sums_group(run, v, g), 0,
					     &mean[g]);
		design_sums_release(&values);
	}
	free(buf);
}

/* Every group's estimates of one question: the streaming path (one pass
 * per question, or per option of a select_multiple) unless the design is
 * calibrated, then the exact path (one pass per estimate). */
static int design_estimates(struct analyze_run *run, const struct avar *a, size_t G,
			    struct design_estimate *prop, double *chosen, struct design_estimate *mean,
			    unsigned char *mask, double *y, struct ky_error *err)
{
	const int32_t *group = run->n_groups ? run->group : NULL;
	bool stream = !design_calibrated(run->design);
	size_t L = a->kind == AV_NUMERIC ? 0 : a->n_levels;
	int rc = KY_OK;

	if (a->acc) {
		stream_design_estimates(run, a, G, prop, chosen, mean);
		return KY_OK;
	}
	memset(chosen, 0, (G * L + 1) * sizeof *chosen);
	for (size_t i = 0; i < run->n; i++) {
		size_t g = group_of(run, i);
		if (g == SIZE_MAX)
			continue;
		if (a->kind == AV_CATEGORICAL && a->code[i] >= 0)
			chosen[g * L + (size_t)a->code[i]]++;
		else if (a->kind == AV_MULTIPLE && a->answered[i])
			AVAR_FOR_EACH_CHOSEN(a, i, k, { chosen[g * L + k]++; });
	}
	if (a->kind == AV_CATEGORICAL && stream) {
		size_t *code = (size_t *)(void *)y;   /* same size, reused */
		for (size_t i = 0; i < run->n; i++)
			code[i] = a->code[i] < 0 ? SIZE_MAX : (size_t)a->code[i];
		rc = design_shares_by_group(run->design, run->work, code, L, group, G, prop, err);
	} else if (L) {
		double *one = ky_calloc(G, sizeof *one);
		for (size_t k = 0; k < L && !rc; k++) {
			for (size_t i = 0; i < run->n; i++) {
				bool answered = a->kind == AV_CATEGORICAL ? a->code[i] >= 0 : a->answered[i];
				bool hit = a->kind == AV_CATEGORICAL ? a->code[i] == (int32_t)k : avar_chosen(a, i, k);
				y[i] = answered ? (double)hit : NAN;
			}
			if (stream) {
				struct design_estimate *tmp = ky_calloc(G, sizeof *tmp);
				rc = design_means_by_group(run->design, run->work, y, group, G, tmp, err);
				for (size_t g = 0; g < G; g++)
					prop[g * L + k] = tmp[g];
				free(tmp);
				continue;
			}
			for (size_t g = 0; g < G && !rc; g++) {
				for (size_t i = 0; i < run->n; i++)
					mask[i] = group_of(run, i) == g;
				rc = design_mean(run->design, run->work, y, mask, &prop[g * L + k], err);
			}
		}
		free(one);
	}
	if (rc || !a->num)
		return rc;
	if (stream)
		return design_means_by_group(run->design, run->work, a->num, group, G, mean, err);
	for (size_t g = 0; g < G && !rc; g++) {
		for (size_t i = 0; i < run->n; i++)
			mask[i] = group_of(run, i) == g;
		rc = design_mean(run->design, run->work, a->num, mask, &mean[g], err);
	}
	return rc;
}

static int design_based_rows(struct analyze_run *run, const struct avar *a, struct est_rows *rows,
			     unsigned char *mask, double *y, struct ky_error *err)
{
	size_t G = group_count(run), L = a->kind == AV_NUMERIC ? 0 : a->n_levels;
	struct design_estimate *prop = ky_calloc(G * L + 1, sizeof *prop);
	struct design_estimate *mean = ky_calloc(G, sizeof *mean);
	double *chosen = ky_calloc(G * L + 1, sizeof *chosen);
	int rc = design_estimates(run, a, G, prop, chosen, mean, mask, y, err);

	for (size_t g = 0; g < G && !rc; g++) {
		for (size_t k = 0; k < L && !rc; k++)
			if (prop[g * L + k].base) {
				rc = level_row(run, rows, g, a, k, chosen[g * L + k],
					       (double)prop[g * L + k].base, &prop[g * L + k], err);
				if (!rc)
					rc = compare_design_level(run, a, k, g, &rows->row[rows->n - 1], y, err);
			}
		if (rc || !(a->num || (a->acc && (a->likert || a->kind == AV_NUMERIC)))
		    || !mean[g].base)
			continue;
		design_mean_row(run, rows, g, &mean[g]);
		if (a->num)
			rc = compare_design_values(run, a->num, g, &rows->row[rows->n - 1], err);
		if (!rc && a->kind == AV_NUMERIC)
			rc = design_median_row(run, rows, g, a, mask, err);
	}
	free(prop);
	free(mean);
	free(chosen);
	return rc;
}

/* ---- disclosure control ---- */

static void blank(struct est_row *r)
{
	r->suppressed = true;
	r->n = r->estimate = r->std_error = r->low = r->high = NAN;
	r->deff = r->n_eff = r->n_kish = NAN;
	r->respondents = NAN;
}

/* The share rows of one statistic (top2, pass_rate), one per group, each
 * splitting its group's base in two: a one-row table over the groups,
 * primary suppression when x < T or base - x < T, complementary across
 * the groups (statistics.md, "Disclosure control"). Other rows with a
 * base below T are blanked whole. */
int rows_suppress_shares(const struct analyze_run *run, struct est_rows *rows,
			 struct ky_error *err)
{
	double threshold = (double)run->opt->min_cell;
	size_t n = rows->n, *where = ky_calloc(n + 1, sizeof *where);
	double *count = ky_calloc(n + 1, sizeof *count), *base = ky_calloc(n + 1, sizeof *base);
	unsigned char *flag = ky_calloc(n + 1, 1), *done = ky_calloc(n + 1, 1);
	int rc = KY_OK;

	for (size_t j = 0; j < n && threshold > 0; j++)
		if (!rows->row[j].proportion && rows->row[j].base < threshold)
			blank(&rows->row[j]);
	for (size_t j = 0; j < n && !rc && threshold > 0; j++) {
		const struct est_row *first = &rows->row[j];
		size_t cols = 0;
		if (!first->proportion || done[j])
			continue;
		for (size_t k = j; k < n; k++) {
			const struct est_row *r = &rows->row[k];
			if (!r->proportion || done[k] || strcmp(r->statistic, first->statistic) ||
			    (r->level != first->level && (!r->level || !first->level ||
							  strcmp(r->level, first->level))))
				continue;
			done[k] = 1;
			count[cols] = r->n;
			base[cols] = r->base;
			where[cols++] = k;
		}
		rc = suppress_table(count, 1, cols, base, threshold, flag, NULL, NULL, err);
		for (size_t c = 0; c < cols && !rc; c++)
			if (flag[c])
				blank(&rows->row[where[c]]);
	}
	free(where);
	free(count);
	free(base);
	free(flag);
	free(done);
	return rc;
}

/* Proportion rows of one question form a levels x groups table; other
 * rows are suppressed when their base is below the threshold. */
static int suppress_rows(struct analyze_run *run, const struct avar *a, struct est_rows *rows,
			 struct ky_error *err)
{
	double threshold = (double)run->opt->min_cell;
	size_t G = group_count(run), L = a->n_levels;

	if (threshold <= 0)
		return KY_OK;
	for (size_t j = 0; j < rows->n; j++)
		if (!rows->row[j].proportion && rows->row[j].base < threshold)
			blank(&rows->row[j]);
	if (!L)
		return KY_OK;
	double *counts = ky_calloc(G * L, sizeof *counts), *base = ky_calloc(G, sizeof *base);
	size_t *where = ky_calloc(G * L, sizeof *where);
	unsigned char *flag = ky_calloc(G * L, 1);
	size_t cols = 0, *col_of = ky_calloc(G, sizeof *col_of);
	int rc;

	for (size_t g = 0; g < G; g++)
		col_of[g] = SIZE_MAX;
	for (size_t j = 0; j < rows->n; j++) {
		struct est_row *r = &rows->row[j];
		if (!r->proportion)
			continue;
		if (col_of[r->group] == SIZE_MAX)
			col_of[r->group] = cols++;
	}
	size_t *level_seen = ky_calloc(cols ? cols : 1, sizeof *level_seen);
	for (size_t j = 0; j < rows->n; j++) {
		struct est_row *r = &rows->row[j];
		if (!r->proportion)
			continue;
		size_t c = col_of[r->group], k = level_seen[c]++;
		counts[k + c * L] = r->n;
		base[c] = r->base;
		where[k + c * L] = j + 1;
	}
	if (a->kind == AV_CATEGORICAL) {
		rc = suppress_table(counts, L, cols, base, threshold, flag, NULL, NULL, err);
	} else {
		/* options of a select_multiple do not partition the base: only
		 * the groups of one option form a table */
		double *one = ky_calloc(cols + 1, sizeof *one);
		unsigned char *one_flag = ky_calloc(cols + 1, 1);
		rc = KY_OK;
		for (size_t k = 0; k < L && !rc; k++) {
			for (size_t c = 0; c < cols; c++)
				one[c] = counts[k + c * L];
			rc = suppress_table(one, 1, cols, base, threshold, one_flag, NULL, NULL, err);
			for (size_t c = 0; c < cols && !rc; c++)
				flag[k + c * L] = one_flag[c];
		}
		free(one);
		free(one_flag);
	}
	if (!rc) {
		for (size_t cell = 0; cell < L * cols; cell++)
			if (flag[cell] && where[cell])
				blank(&rows->row[where[cell] - 1]);
	}
	free(level_seen);
	free(counts);
	free(base);
	free(where);
	free(flag);
	free(col_of);
	return rc;
}

/* ---- output ---- */

static const char *const header[] = {
	"form", "variable", "variable_label", "by", "group", "level", "level_label",
	"statistic", "n", "base", "estimate", "std_error", "conf_low", "conf_high",
	"conf_level", "method", "suppressed", "deff", "n_eff", "n_kish",
	"repeat", "respondents",
};

static void write_count(struct csvwrite *w, double v)
{
	if (isnan(v))
		csvwrite_empty(w);
	else
		csvwrite_int(w, (long long)v);
}

void write_rows(struct analyze_run *run, const char *name, const char *label,
		struct est_rows *rows, struct csvwrite *w)
{
	if (run->capture) {
		compare_capture_rows(run, name, label, rows);
		return;
	}
	for (size_t j = 0; j < rows->n; j++) {
		const struct est_row *r = &rows->row[j];
		csvwrite_text(w, run->form->form_id);
		csvwrite_text(w, name);
		csvwrite_text(w, label);
		csvwrite_text(w, run->n_groups ? run->by_label : "");
		csvwrite_text(w, run->n_groups ? run->group_names[r->group] : "");
		csvwrite_text(w, r->level ? r->level : "");
		csvwrite_text(w, r->level_label ? r->level_label : "");
		csvwrite_text(w, r->statistic);
		write_count(w, r->n);
		write_count(w, r->base);
		csvwrite_number(w, r->estimate);
		csvwrite_number(w, r->std_error);
		csvwrite_number(w, r->low);
		csvwrite_number(w, r->high);
		csvwrite_number(w, run->opt->level);
		csvwrite_text(w, r->method);
		csvwrite_int(w, r->suppressed);
		csvwrite_number(w, r->deff);
		csvwrite_number(w, r->n_eff);
		csvwrite_number(w, r->n_kish);
		csvwrite_text(w, run->repeat_name ? run->repeat_name : "");
		write_count(w, r->respondents);
		csvwrite_end_row(w);
	}
}

int analyze_question_rows(struct analyze_run *run, size_t v, struct est_rows *rows,
			  unsigned char *mask, double *y, struct csvwrite *w, struct ky_error *err)
{
	const struct avar *a = &run->vars[v];
	size_t n_groups = run->n_groups;
	int rc = KY_OK;

	/* a --by run writes the whole-sample rows first, then the groups'
	 * (where the grouping variable itself has no rows) */
	for (int pass = n_groups ? 0 : 1; pass < 2 && !rc; pass++) {
		run->n_groups = pass ? n_groups : 0;
		if (pass && is_by_var(run, v))
			continue;
		rows->n = 0;
		rc = run->design ? design_based_rows(run, a, rows, mask, y, err)
			: srs_rows(run, a, rows, err);
		if (!rc)
			rc = suppress_rows(run, a, rows, err);
		if (!rc && run->row_respondent)
			analyze_repeat_respondents(run, a, rows);
		if (!rc)
			write_rows(run, a->name, form_text_get(run->form, &a->q->label, run->lang),
				   rows, w);
	}
	run->n_groups = n_groups;
	return rc;
}

int analyze_estimates_table(struct analyze_run *run, struct table *out, struct ky_error *err)
{
	struct csvwrite w;
	struct est_rows rows = { 0 };
	unsigned char *mask = ky_calloc(run->n ? run->n : 1, 1);
	double *y = ky_calloc(run->n ? run->n : 1, sizeof *y);
	int rc = KY_OK;

	csvwrite_init_table(&w, out, run->opt->digits);
	for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
		csvwrite_text(&w, header[h]);
	csvwrite_end_row(&w);
	for (size_t v = 0; v < run->n_vars && !rc; v++)
		if (run->vars[v].q)
			rc = analyze_question_rows(run, v, &rows, mask, y, &w, err);
	if (!rc)
		rc = analyze_derived_rows(run, &w, mask, err);
	if (!rc && !run->capture)
		rc = analyze_repeat_rows(run, &w, err);
	free(rows.row);
	free(mask);
	free(y);
	if (rc)
		return rc;
	return csvwrite_finish(&w, NULL, err);
}
