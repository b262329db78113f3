/* items.c - items.csv of `kysely analyze`: per scored item of the knowledge
 * test (whole sample, then each group with --by) the outcome counts and
 * shares among respondents who reached the test, the p_correct interval,
 * the corrected item-total correlation, the discrimination index, alpha if
 * the item is deleted and the flags (statistics.md, "Knowledge tests").
 * Under a design the shares, r and alpha if deleted are weighted; the
 * discrimination index stays unweighted (kysely.1 says so). */
#include "config.h"
#include "io/table.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/scales.h"
#include "analysis/suppress.h"
#include "analyze/items.h"
#include "analyze/rows.h"
#include "form/knowledge.h"
#include "util/mem.h"

struct item_row {
	bool present;                  /* the group has respondents who reached the test */
	double n, count[KO_N], p[KO_N], low, high;
	double r, discrimination, alpha_if_deleted;
	bool blank[KO_N], whole_blank, suppressed;
};

struct items_ctx {
	struct analyze_run *run;
	size_t items;
	const struct avar **item;
	double *points;                /* [i * items + j], 0 when missing */
	unsigned char *outcome;        /* [i * items + j], enum knowledge_outcome */
	unsigned char *reached;        /* [i] answered at least one scored item */
	unsigned char *mask;
	double *y;
	struct est_rows scratch;
};

bool analyze_has_items(const struct analyze_run *run)
{
	for (size_t v = 0; v < run->n_vars; v++)
		if (analyze_item_scored(&run->vars[v]))
			return true;
	return false;
}

/* Points and outcome of every respondent's answer to every item, by the
 * rules of form/knowledge.h (the score's and the debrief's). */
static void items_load(struct items_ctx *c)
{
	struct analyze_run *run = c->run;
	size_t most = 1;

	c->item = ky_calloc(run->n_vars + 1, sizeof *c->item);
	for (size_t v = 0; v < run->n_vars; v++)
		if (analyze_item_scored(&run->vars[v]))
			c->item[c->items++] = &run->vars[v];
	for (size_t j = 0; j < c->items; j++)
		most = c->item[j]->n_levels > most ? c->item[j]->n_levels : most;
	c->points = ky_calloc(run->n * c->items + 1, sizeof *c->points);
	c->outcome = ky_calloc(run->n * c->items + 1, 1);
	c->reached = ky_calloc(run->n + 1, 1);
	c->mask = ky_calloc(run->n + 1, 1);
	c->y = ky_calloc(run->n + 1, sizeof *c->y);
	size_t *chosen = ky_calloc(most, sizeof *chosen);
	for (size_t j = 0; j < c->items; j++) {
		const struct avar *a = c->item[j];
		struct knowledge_item_rule rule = knowledge_item_rule_of(a->q);
		for (size_t i = 0; i < run->n; i++) {
			size_t n_chosen;
			analyze_chosen(a, i, chosen, &n_chosen);
			enum knowledge_outcome o = knowledge_item_outcome_by(a->q, &rule, chosen, n_chosen);
			c->outcome[i * c->items + j] = (unsigned char)o;
			c->points[i * c->items + j] = n_chosen ? knowledge_item_points(a->q, chosen, n_chosen) : 0;
			if (o != KO_MISSING)
				c->reached[i] = 1;
		}
	}
	free(chosen);
}

static void items_release(struct items_ctx *c)
{
	free(c->item);
	free(c->points);
	free(c->outcome);
	free(c->reached);
	free(c->mask);
	free(c->y);
	free(c->scratch.row);
}

/* R quantile(x, p, type = 7) of sorted x (m >= 1), in R's arithmetic. */
static double quantile7(const double *x, size_t m, double p)
{
	double index = (double)(m - 1) * p;
	size_t lo = (size_t)floor(index), hi = (size_t)ceil(index);
	double h = index - (double)lo;
	if (hi == lo || x[hi] == x[lo])
		return x[lo];
	return (1 - h) * x[lo] + h * x[hi];
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Pearson r of each item's points with the rest score over the m rows
 * of data (m x k, row totals in total), weighted by w (all 1 unweighted):
 * R cor(x, total - x), or cov.wt(cor = TRUE) as svyvar's under a design.
 * One pass over the rows for all items (the sums per item are those of
 * an item at a time, in the same order). */
static void rest_r(const double *data, const double *total, const double *w, size_t m,
		   size_t k, double *r)
{
	double *mx = ky_calloc(5 * k + 1, sizeof *mx), *mr = mx + k, *sxx = mr + k;
	double *srr = sxx + k, *sxr = srr + k, ws = 0;
	for (size_t i = 0; i < m; i++) {
		const double *x = &data[i * k];
		for (size_t j = 0; j < k; j++) {
			mx[j] += w[i] * x[j];
			mr[j] += w[i] * (total[i] - x[j]);
		}
		ws += w[i];
	}
	for (size_t j = 0; j < k; j++) {
		mx[j] /= ws;
		mr[j] /= ws;
	}
	memset(sxx, 0, 3 * k * sizeof *sxx);
	for (size_t i = 0; i < m; i++) {
		const double *x = &data[i * k];
		for (size_t j = 0; j < k; j++) {
			double dx = x[j] - mx[j], dr = total[i] - x[j] - mr[j];
			sxx[j] += w[i] * dx * dx;
			srr[j] += w[i] * dr * dr;
			sxr[j] += w[i] * dx * dr;
		}
	}
	for (size_t j = 0; j < k; j++)
		r[j] = m > 1 && sxx[j] > 0 && srr[j] > 0 ? sxr[j] / sqrt(sxx[j] * srr[j]) : NAN;
	free(mx);
}

/* Alpha if each item is deleted, weighted by w, as survey::svycralpha of
 * the other items: from the weighted covariance matrix of the items, the
 * variance of a sum being the sum of its block (svyvar's n/(n-1) cancels). */
static void weighted_alpha_if_deleted(const double *data, const double *w, size_t m, size_t k,
				      double *aid)
{
	double *mean = ky_calloc(k, sizeof *mean), *cov = ky_calloc(k * k, sizeof *cov), ws = 0;
	for (size_t i = 0; i < m; i++) {
		ws += w[i];
		for (size_t a = 0; a < k; a++)
			mean[a] += w[i] * data[i * k + a];
	}
	for (size_t a = 0; a < k; a++)
		mean[a] /= ws;
	for (size_t i = 0; i < m; i++)
		for (size_t a = 0; a < k; a++)
			for (size_t b = 0; b < k; b++)
				cov[a * k + b] += w[i] * (data[i * k + a] - mean[a]) * (data[i * k + b] - mean[b]);
	for (size_t j = 0; j < k; j++) {
		double diag = 0, all = 0;
		for (size_t a = 0; a < k; a++)
			for (size_t b = 0; b < k && a != j; b++)
				if (b != j) {
					all += cov[a * k + b];
					diag += a == b ? cov[a * k + b] : 0;
				}
		aid[j] = k > 2 && all > 0 ? (double)(k - 1) / (double)(k - 2) * (1 - diag / all) : NAN;
	}
	free(mean);
	free(cov);
}

/* The shares of item j's outcomes in group g (m reached respondents): a
 * proportion each, design-based under a design; the interval of p_correct. */
static int item_shares(struct items_ctx *c, size_t g, size_t j, struct item_row *row,
		       struct ky_error *err)
{
	struct analyze_run *run = c->run;
	int rc = KY_OK;

	for (int o = 0; o < KO_N && !rc; o++) {
		struct design_estimate e, *design = NULL;
		struct est_row *r;
		if (run->design) {
			for (size_t i = 0; i < run->n; i++) {
				c->mask[i] = group_of(run, i) == g && c->reached[i];
				c->y[i] = c->reached[i] ? c->outcome[i * c->items + j] == o : NAN;
			}
			rc = design_mean(run->design, run->work, c->y, c->mask, &e, err);
			if (rc)
				break;
			design = &e;
		}
		c->scratch.n = 0;
		rc = proportion_row(run, &c->scratch, g, "item", row->count[o], row->n, design, &r, err);
		row->p[o] = r->estimate;
		if (o == KO_CORRECT) {
			row->low = r->low;
			row->high = r->high;
		}
	}
	return rc;
}

/* Each item's discrimination in the m reached respondents of the group
 * (member[] their indices, total[] their totals, q27 and q73 the totals'
 * quantiles): p_correct among total >= q73 minus among total <= q27; and
 * the counts of each item's outcomes (rows[j].count), in the same pass. */
static void discrimination_counts(const struct items_ctx *c, const size_t *member,
				  const double *total, size_t m, double q27, double q73,
				  struct item_row *rows)
{
	size_t k = c->items;
	double *up = ky_calloc(2 * k + 1, sizeof *up), *low = up + k, up_n = 0, low_n = 0;
	for (size_t i = 0; i < m; i++) {
		const unsigned char *o = &c->outcome[member[i] * k];
		bool upper = total[i] >= q73, lower = total[i] <= q27;
		up_n += upper;
		low_n += lower;
		for (size_t j = 0; j < k; j++) {
			bool correct = o[j] == KO_CORRECT;
			rows[j].count[o[j]]++;
			up[j] += upper && correct;
			low[j] += lower && correct;
		}
	}
	for (size_t j = 0; j < k; j++)
		rows[j].discrimination = up_n && low_n ? up[j] / up_n - low[j] / low_n : NAN;
	free(up);
}

/* Alpha of the test without each item: Cronbach's unweighted, svycralpha's
 * under a design (w the weights, all 1 unweighted). */
static int alpha_if_deleted(const struct analyze_run *run, const double *data, const double *w,
			    size_t m, size_t k, double *aid, struct ky_error *err)
{
	struct scales_alpha res;

	for (size_t j = 0; j < k; j++)
		aid[j] = NAN;
	if (k < 2)
		return KY_OK;
	if (run->design) {
		weighted_alpha_if_deleted(data, w, m, k, aid);
		return KY_OK;
	}
	return scales_alpha(data, m, k, run->opt->level, &res, aid, err);
}

/* Every item's row in group g (rows[items]). */
static int group_rows(struct items_ctx *c, size_t g, struct item_row *rows, struct ky_error *err)
{
	struct analyze_run *run = c->run;
	size_t k = c->items, m = 0;
	size_t *member = ky_calloc(run->n + 1, sizeof *member);
	int rc = KY_OK;

	for (size_t i = 0; i < run->n; i++)
		if (group_of(run, i) == g && c->reached[i])
			member[m++] = i;
	if (!m) {
		free(member);
		return KY_OK;
	}
	double *data = ky_calloc(m * k, sizeof *data), *total = ky_calloc(m, sizeof *total);
	double *sorted = ky_calloc(m, sizeof *sorted), *aid = ky_calloc(k, sizeof *aid);
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < k; j++) {
			data[i * k + j] = c->points[member[i] * k + j];
			total[i] += data[i * k + j];
		}
	memcpy(sorted, total, m * sizeof *sorted);
	qsort(sorted, m, sizeof *sorted, compare_double);
	double q27 = quantile7(sorted, m, 0.27), q73 = quantile7(sorted, m, 0.73);
	const double *wt = run->design ? design_weights(run->design) : NULL;
	double *w = ky_calloc(m, sizeof *w);
	for (size_t i = 0; i < m; i++)
		w[i] = wt ? wt[member[i]] : 1;
	rc = alpha_if_deleted(run, data, w, m, k, aid, err);
	double *r = ky_calloc(k, sizeof *r);
	rest_r(data, total, w, m, k, r);
	discrimination_counts(c, member, total, m, q27, q73, rows);
	for (size_t j = 0; j < k && !rc; j++) {
		struct item_row *row = &rows[j];
		row->present = true;
		row->n = (double)m;
		rc = item_shares(c, g, j, row, err);
		row->r = r[j];
		row->alpha_if_deleted = aid[j];
	}
	free(r);
	free(member);
	free(data);
	free(total);
	free(sorted);
	free(aid);
	free(w);
	return rc;
}

/* --min-cell: the outcomes of an item partition each group's base, so
 * they form an outcomes x groups table (statistics.md, "Disclosure
 * control"); a group whose base is below T loses its statistics whole. */
static int suppress_item(const struct analyze_run *run, struct item_row *rows, size_t G,
			 size_t stride, struct ky_error *err)
{
	double threshold = (double)run->opt->min_cell;
	double *counts = ky_calloc(G * KO_N + 1, sizeof *counts), *base = ky_calloc(G + 1, sizeof *base);
	size_t *where = ky_calloc(G + 1, sizeof *where), cols = 0;
	unsigned char *flag = ky_calloc(G * KO_N + 1, 1);
	int rc = KY_OK;

	for (size_t g = 0; g < G; g++) {
		struct item_row *r = &rows[g * stride];
		if (!r->present)
			continue;
		for (int o = 0; o < KO_N; o++)
			counts[cols * KO_N + (size_t)o] = r->count[o];
		base[cols] = r->n;
		where[cols++] = g;
	}
	if (threshold > 0 && cols)
		rc = suppress_table(counts, KO_N, cols, base, threshold, flag, NULL, NULL, err);
	for (size_t col = 0; col < cols && !rc && threshold > 0; col++) {
		struct item_row *r = &rows[where[col] * stride];
		for (int o = 0; o < KO_N; o++)
			if (flag[col * KO_N + (size_t)o]) {
				r->blank[o] = r->suppressed = true;
				r->count[o] = r->p[o] = NAN;
			}
		if (r->blank[KO_CORRECT])
			r->low = r->high = NAN;
		if (r->n < threshold) {
			r->whole_blank = r->suppressed = true;
			r->r = r->discrimination = r->alpha_if_deleted = NAN;
		}
	}
	free(counts);
	free(base);
	free(where);
	free(flag);
	return rc;
}

/* The flags of a row, space-separated, from what is published. */
static void flags_text(const struct item_row *r, char *buf, size_t size)
{
	const char *f[5];
	size_t n = 0, at = 0;
	double pc = r->p[KO_CORRECT], pi = r->p[KO_INCORRECT];

	if (!isnan(pc) && pc > 0.90)
		f[n++] = "easy";
	if (!isnan(pc) && pc < 0.20)
		f[n++] = "hard";
	if (!isnan(r->r) && r->r < 0.20)
		f[n++] = "low_discrimination";
	if (!isnan(r->r) && r->r < 0)
		f[n++] = "negative";
	if (!isnan(pc) && !isnan(pi) && pi > pc)
		f[n++] = "misconception";
	buf[0] = '\0';
	for (size_t k = 0; k < n && at < size; k++)
		at += (size_t)snprintf(buf + at, size - at, "%s%s", k ? " " : "", f[k]);
}

static void write_count(struct csvwrite *w, double v)
{
	if (isnan(v))
		csvwrite_empty(w);
	else
		csvwrite_int(w, (long long)v);
}

static void write_row(const struct items_ctx *c, struct csvwrite *w, size_t j, size_t g,
		      const struct item_row *r)
{
	const struct analyze_run *run = c->run;
	const struct form_question *q = c->item[j]->q;
	char flags[96];

	csvwrite_text(w, run->form->form_id);
	csvwrite_text(w, c->item[j]->name);
	csvwrite_text(w, form_text_get(run->form, &q->label, run->lang));
	csvwrite_text(w, q->domain ? q->domain : "");
	csvwrite_text(w, run->n_groups ? run->by_label : "");
	csvwrite_text(w, run->n_groups ? run->group_names[g] : "");
	write_count(w, r->n);
	for (int o = 0; o < KO_N; o++)
		write_count(w, r->count[o]);
	csvwrite_number(w, r->p[KO_CORRECT]);
	csvwrite_number(w, r->low);
	csvwrite_number(w, r->high);
	csvwrite_number(w, r->p[KO_INCORRECT]);
	csvwrite_number(w, r->p[KO_DONT_KNOW]);
	csvwrite_number(w, r->p[KO_MISSING]);
	csvwrite_number(w, run->opt->level);
	csvwrite_text(w, interval_method_name(run->method));
	csvwrite_number(w, r->r);
	csvwrite_number(w, r->discrimination);
	csvwrite_number(w, r->alpha_if_deleted);
	flags_text(r, flags, sizeof flags);
	csvwrite_text(w, flags);
	csvwrite_int(w, r->suppressed);
	csvwrite_end_row(w);
}

static const char *const header[] = {
	"form", "item", "item_label", "domain", "by", "group", "n", "correct", "incorrect",
	"dont_know", "missing", "p_correct", "p_correct_low", "p_correct_high", "p_incorrect",
	"p_dont_know", "p_missing", "conf_level", "method", "item_rest_r", "discrimination",
	"alpha_if_deleted", "flags", "suppressed",
};

/* One pass (the whole sample, or the groups): rows[g * items + j]. */
static int pass_rows(struct items_ctx *c, struct item_row *rows, struct ky_error *err)
{
	size_t G = group_count(c->run);
	int rc = KY_OK;

	for (size_t at = 0; at < G * c->items; at++) {
		struct item_row *r = &rows[at];
		memset(r, 0, sizeof *r);
		r->low = r->high = r->r = r->discrimination = r->alpha_if_deleted = NAN;
	}
	for (size_t g = 0; g < G && !rc; g++)
		rc = group_rows(c, g, &rows[g * c->items], err);
	for (size_t j = 0; j < c->items && !rc; j++)
		rc = suppress_item(c->run, &rows[j], G, c->items, err);
	return rc;
}

int analyze_items_table(struct analyze_run *run, struct table *out, struct ky_error *err)
{
	struct items_ctx c = { .run = run };
	struct csvwrite w;
	size_t n_groups = run->n_groups, G = n_groups ? n_groups : 1;
	int rc = KY_OK;

	items_load(&c);
	struct item_row *rows[2];
	rows[0] = ky_calloc(c.items + 1, sizeof *rows[0]);
	rows[1] = ky_calloc(G * c.items + 1, sizeof *rows[1]);
	/* the whole sample first, then the groups, as estimates.csv */
	for (int pass = n_groups ? 0 : 1; pass < 2 && !rc; pass++) {
		run->n_groups = pass ? n_groups : 0;
		rc = pass_rows(&c, rows[pass], err);
	}
	run->n_groups = n_groups;
	csvwrite_init_table(&w, out, run->opt->digits);
	for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
		csvwrite_text(&w, header[h]);
	csvwrite_end_row(&w);
	for (size_t j = 0; j < c.items && !rc; j++)
		for (int pass = n_groups ? 0 : 1; pass < 2; pass++) {
			run->n_groups = pass ? n_groups : 0;
			for (size_t g = 0; g < group_count(run); g++)
				if (rows[pass][g * c.items + j].present)
					write_row(&c, &w, j, g, &rows[pass][g * c.items + j]);
		}
	run->n_groups = n_groups;
	free(rows[0]);
	free(rows[1]);
	items_release(&c);
	if (rc)
		return rc;
	return csvwrite_finish(&w, NULL, err);
}
