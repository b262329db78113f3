/* derived.c - estimates of variables the form's extension columns define
 * (surveys/README.md): knowledge scores, Likert scales' alpha, training
 * needs (top-two-box, Borich MWDS and rank). Whole sample, then groups. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/needs.h"
#include "analysis/scales.h"
#include "analysis/score.h"
#include "analyze/compare.h"
#include "analyze/rows.h"
#include "form/knowledge.h"
#include "util/mem.h"

struct derived {
	struct analyze_run *run;
	struct csvwrite *w;
	unsigned char *mask;
	struct est_rows rows;
};

static bool list_scored(const struct form_list *l)
{
	for (size_t k = 0; l && k < l->n_choices; k++)
		if (l->choices[k].has_score)
			return true;
	return false;
}

bool analyze_item_scored(const struct avar *a)
{
	return a->q && a->kind != AV_NUMERIC && list_scored(a->q->list);
}

bool analyze_derived_uses(const struct form_question *q)
{
	return list_scored(q->list) || (q->scale && *q->scale) || q->need_role != FN_NONE;
}

static void list_value_range(const struct form_list *l, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t k = 0; l && k < l->n_choices; k++) {
		if (!l->choices[k].has_value)
			continue;
		if (l->choices[k].value < *lo)
			*lo = l->choices[k].value;
		if (l->choices[k].value > *hi)
			*hi = l->choices[k].value;
	}
}

/* The mean row of a derived variable in group g under the design
 * (values NaN = none). */
static int design_mean_row(struct derived *dv, size_t g, const double *values,
			   const char *statistic, struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	size_t m = 0;

	for (size_t i = 0; i < run->n; i++) {
		dv->mask[i] = group_of(run, i) == g && !isnan(values[i]);
		m += dv->mask[i];
	}
	if (!m)
		return KY_OK;
	struct est_row *r = row_add(&dv->rows);
	r->group = g;
	r->statistic = statistic;
	r->method = "t";
	r->n = r->base = (double)m;
	struct design_estimate e;
	int rc = design_mean(run->design, run->work, values, dv->mask, &e, err);
	if (rc)
		return rc;
	r->estimate = e.estimate;
	r->std_error = tiny_to_zero(e.std_error);
	r->deff = e.deff;
	r->n_kish = e.n_eff_kish;
	interval_t_mean(r->estimate, r->std_error, e.df, run->opt->level, &r->low, &r->high);
	return compare_design_values(run, values, g, r, err);
}

/* Per group: respondents with a value (m), and the sum of the values or,
 * given the means, of their squared deviations; one pass over the
 * respondents adds each group's values in their order, as a pass per
 * group would. */
static void group_sums(const struct analyze_run *run, const double *values, const double *mean,
		       size_t *m, double *sum)
{
	for (size_t i = 0; i < run->n; i++) {
		size_t g = group_of(run, i);
		if (g == SIZE_MAX || isnan(values[i]))
			continue;
		if (mean) {
			sum[g] += (values[i] - mean[g]) * (values[i] - mean[g]);
		} else {
			m[g]++;
			sum[g] += values[i];
		}
	}
}

/* The mean rows of a derived variable, one per group with a value
 * (values NaN = none). */
static int mean_rows(struct derived *dv, const double *values, const char *statistic,
		     struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	size_t G = group_count(run);

	if (run->design) {
		int rc = KY_OK;
		for (size_t g = 0; g < G && !rc; g++)
			rc = design_mean_row(dv, g, values, statistic, err);
		return rc;
	}
	size_t *m = ky_calloc(G, sizeof *m);
	double *sum = ky_calloc(G, sizeof *sum), *mean = ky_calloc(G, sizeof *mean);
	double *ss = ky_calloc(G, sizeof *ss);
	group_sums(run, values, NULL, m, sum);
	for (size_t g = 0; g < G; g++)
		mean[g] = m[g] ? sum[g] / (double)m[g] : 0;
	group_sums(run, values, mean, NULL, ss);
	for (size_t g = 0; g < G; g++) {
		if (!m[g])
			continue;
		struct est_row *r = row_add(&dv->rows);
		r->group = g;
		r->statistic = statistic;
		r->method = "t";
		r->n = r->base = (double)m[g];
		r->estimate = mean[g];
		if (m[g] > 1) {
			r->std_error = sqrt(ss[g] / (double)(m[g] - 1) / (double)m[g]);
			interval_t_mean(mean[g], r->std_error, (double)m[g] - 1, run->opt->level,
					&r->low, &r->high);
		}
	}
	free(m);
	free(sum);
	free(mean);
	free(ss);
	return KY_OK;
}

/* Writes the rows gathered for one name under --min-cell: share rows
 * (top2, pass_rate) with complementary suppression across groups, any
 * other statistic of a base below T blanked whole. */
static int flush(struct derived *dv, const char *name, const char *label, struct ky_error *err)
{
	int rc = rows_suppress_shares(dv->run, &dv->rows, err);

	if (!rc)
		write_rows(dv->run, name, label, &dv->rows, dv->w);
	dv->rows.n = 0;
	return rc;
}

/* Proportion rows, one per group, of a 0/1 variable (NaN = not counted):
 * the top-two-box shares and the pass-mark shares. Without a design the
 * counts of every group come from one pass. */
static int share_rows(struct derived *dv, const double *y, const char *statistic,
		      struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	size_t G = group_count(run);
	double *x = ky_calloc(G, sizeof *x), *base = ky_calloc(G, sizeof *base);
	int rc = KY_OK;

	for (size_t i = 0; i < run->n && !run->design; i++) {
		size_t g = group_of(run, i);
		if (g == SIZE_MAX || isnan(y[i]))
			continue;
		base[g]++;
		x[g] += y[i] == 1;
	}
	for (size_t g = 0; g < G && !rc; g++) {
		struct design_estimate e, *design = NULL;
		struct est_row *r;
		if (run->design) {
			for (size_t i = 0; i < run->n; i++) {
				dv->mask[i] = group_of(run, i) == g && !isnan(y[i]);
				base[g] += dv->mask[i];
				x[g] += dv->mask[i] && y[i] == 1;
			}
		}
		if (!base[g])
			continue;
		if (run->design) {
			rc = design_mean(run->design, run->work, y, dv->mask, &e, err);
			if (rc)
				break;
			design = &e;
		}
		rc = proportion_row(run, &dv->rows, g, statistic, x[g], base[g], design, &r, err);
		if (!rc && design)
			rc = compare_design_values(run, y, g, r, err);
	}
	free(x);
	free(base);
	return rc;
}

/* ---- knowledge scores ---- */

/* The items of one score: every item (domain SIZE_MAX) or a domain's. */
struct item_set {
	size_t items;             /* scored items of the test */
	const size_t *domain;     /* [item] its domain */
	size_t d;                 /* the domain, or SIZE_MAX for the whole test */
};

static bool in_set(const struct item_set *set, size_t j)
{
	return set->d == SIZE_MAX || set->domain[j] == set->d;
}

/* outcome[i * items + j]: what respondent i's answer to item j was
 * (form/knowledge.h, the same rule as the debrief's). */
static unsigned char *item_outcomes(const struct analyze_run *run, const struct avar *const *item,
				    size_t items)
{
	unsigned char *out = ky_calloc(run->n * items + 1, 1);
	size_t most = 1;

	for (size_t j = 0; j < items; j++)
		most = item[j]->n_levels > most ? item[j]->n_levels : most;
	size_t *chosen = ky_calloc(most, sizeof *chosen);
	for (size_t j = 0; j < items; j++) {
		const struct avar *a = item[j];
		struct knowledge_item_rule rule = knowledge_item_rule_of(a->q);
		for (size_t i = 0; i < run->n; i++) {
			size_t n_chosen;
			analyze_chosen(a, i, chosen, &n_chosen);
			out[i * items + j] = (unsigned char)knowledge_item_outcome_by(a->q, &rule, chosen,
										      n_chosen);
		}
	}
	free(chosen);
	return out;
}

/* The gap profile: each respondent's share of the set's items in each
 * outcome, a mean over the respondents who reached the test (total not
 * NaN), as statistics.md "Knowledge tests". */
static int outcome_share_rows(struct derived *dv, const struct item_set *set,
			      const unsigned char *outcome, const double *total, struct ky_error *err)
{
	static const char *const statistic[KO_N] = {
		"share_correct", "share_incorrect", "share_dont_know", "share_missing"
	};
	struct analyze_run *run = dv->run;
	size_t n = run->n, k = 0;
	double *share = ky_calloc(n * KO_N + 1, sizeof *share);   /* [o * n + i] */
	int rc = KY_OK;

	for (size_t j = 0; j < set->items; j++)
		k += in_set(set, j);
	for (size_t i = 0; i < n; i++) {
		size_t hit[KO_N] = { 0 };
		for (size_t j = 0; j < set->items; j++)
			if (in_set(set, j))
				hit[outcome[i * set->items + j]]++;
		for (int o = 0; o < KO_N; o++)
			share[o * n + i] = isnan(total[i]) || !k ? NAN : (double)hit[o] / (double)k;
	}
	for (int o = 0; o < KO_N && !rc; o++)
		rc = mean_rows(dv, share + o * n, statistic[o], err);
	free(share);
	return rc;
}

/* Cronbach's alpha as survey::svycralpha: k/(k-1) (1 - sum of item
 * variances / variance of the total), weighted variances; the n/(n-1) of
 * svyvar cancels in the ratio. *var_total gets svyvar(total). */
static double weighted_alpha(const double *data, const double *w, size_t m, size_t k,
			     double *var_total)
{
	double sum_var = 0, wsum = 0;
	for (size_t i = 0; i < m; i++)
		wsum += w[i];
	for (size_t j = 0; j <= k; j++) {
		double mean = 0, ss = 0;
		/* j == k is the total */
		for (size_t i = 0; i < m; i++) {
			double x = 0;
			for (size_t c = 0; c < k; c++)
				x += j == k || c == j ? data[i * k + c] : 0;
			mean += w[i] * x;
		}
		mean /= wsum;
		for (size_t i = 0; i < m; i++) {
			double x = 0;
			for (size_t c = 0; c < k; c++)
				x += j == k || c == j ? data[i * k + c] : 0;
			ss += w[i] * (x - mean) * (x - mean);
		}
		double var = ss / wsum * (double)m / (double)(m - 1);
		if (j < k)
			sum_var += var;
		else
			*var_total = var;
	}
	return *var_total > 0 ? (double)k / (double)(k - 1) * (1 - sum_var / *var_total) : NAN;
}

static double total_variance(const double *data, size_t m, size_t k)
{
	double mean = 0, ss = 0;
	for (size_t i = 0; i < m; i++)
		for (size_t c = 0; c < k; c++)
			mean += data[i * k + c];
	mean /= (double)m;
	for (size_t i = 0; i < m; i++) {
		double x = -mean;
		for (size_t c = 0; c < k; c++)
			x += data[i * k + c];
		ss += x * x;
	}
	return ss / (double)(m - 1);
}

/* Under a design, a scale's alpha as survey::svycralpha over the complete
 * cases (no interval; statistics.md, "Scales"), and alpha if each item is
 * deleted the same way. data (m x k) and w are compacted in place. */
static void scale_alpha_weighted(double *data, double *w, size_t m, size_t k,
				 struct scales_alpha *res, double *aid)
{
	size_t c = 0;
	double var_total;

	for (size_t i = 0; i < m; i++) {
		bool complete = true;
		for (size_t j = 0; j < k; j++)
			complete = complete && !isnan(data[i * k + j]);
		if (!complete)
			continue;
		memmove(data + c * k, data + i * k, k * sizeof *data);
		w[c++] = w[i];
	}
	memset(res, 0, sizeof *res);
	res->n = c;
	res->alpha = res->conf_low = res->conf_high = NAN;
	for (size_t j = 0; j < k; j++)
		aid[j] = NAN;
	if (c < 2)
		return;
	res->alpha = weighted_alpha(data, w, c, k, &var_total);
	if (k < 3)
		return;
	double *drop = ky_calloc(c * (k - 1), sizeof *drop);
	for (size_t j = 0; j < k; j++) {
		for (size_t i = 0; i < c; i++)
			for (size_t a = 0, b = 0; a < k; a++)
				if (a != j)
					drop[i * (k - 1) + b++] = data[i * k + a];
		aid[j] = weighted_alpha(drop, w, c, k - 1, &var_total);
	}
	free(drop);
}

static void reliability_add(struct derived *dv, size_t g, size_t m, double alpha, double low,
			    double high, double var_total, bool weighted)
{
	struct est_row *r = row_add(&dv->rows);
	r->group = g;
	r->statistic = "alpha";
	r->method = weighted ? "svycralpha" : "feldt";
	r->n = r->base = (double)m;
	r->estimate = alpha;
	r->low = low;
	r->high = high;
	r = row_add(&dv->rows);
	r->group = g;
	r->statistic = "sem";
	r->n = r->base = (double)m;
	r->estimate = isnan(alpha) ? NAN : sqrt(var_total) * sqrt(1 - alpha);
}

/* Reliability of the set's items over the respondents who reached the
 * test (a missing item counts 0 points): alpha (KR-20 on 0/1 items) with
 * Feldt's interval, or weighted under a design; SEM = sd(total) sqrt(1 -
 * alpha). */
static int reliability_rows(struct derived *dv, const struct item_set *set, const double *points,
			    const double *total, struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	const double *wt = run->design ? design_weights(run->design) : NULL;
	size_t k = 0;
	int rc = KY_OK;

	for (size_t j = 0; j < set->items; j++)
		k += in_set(set, j);
	if (k < 2)
		return KY_OK;
	double *data = ky_calloc(run->n * k + 1, sizeof *data), *w = ky_calloc(run->n + 1, sizeof *w);
	for (size_t g = 0; g < group_count(run) && !rc; g++) {
		size_t m = 0;
		for (size_t i = 0; i < run->n; i++) {
			if (group_of(run, i) != g || isnan(total[i]))
				continue;
			for (size_t j = 0, c = 0; j < set->items; j++)
				if (in_set(set, j)) {
					double p = points[i * set->items + j];
					data[m * k + c++] = isnan(p) ? 0 : p;
				}
			w[m++] = wt ? wt[i] : 1;
		}
		if (m < 2)
			continue;
		if (wt) {
			double var_total = NAN;
			double alpha = weighted_alpha(data, w, m, k, &var_total);
			reliability_add(dv, g, m, alpha, NAN, NAN, var_total, true);
			continue;
		}
		struct scales_alpha res;
		rc = scales_alpha(data, m, k, run->opt->level, &res, NULL, err);
		if (!rc)
			reliability_add(dv, g, m, res.alpha, res.conf_low, res.conf_high,
					total_variance(data, m, k), false);
	}
	free(data);
	free(w);
	return rc;
}

/* Every respondent's points per scored item (NaN: unanswered), each
 * item's maximum and domain (domain_name: the domains in order met). */
static void item_points(const struct analyze_run *run, const struct avar *const *item,
			size_t items, size_t most, size_t *domain, const char **domain_name,
			size_t *domains, double *points, double *max)
{
	size_t *chosen = ky_calloc(most, sizeof *chosen);

	for (size_t j = 0; j < items; j++) {
		const struct avar *a = item[j];
		domain[j] = SCORE_NO_DOMAIN;
		if (a->q->domain && *a->q->domain) {
			size_t d;
			for (d = 0; d < *domains && strcmp(domain_name[d], a->q->domain); d++)
				;
			if (d == *domains)
				domain_name[(*domains)++] = a->q->domain;
			domain[j] = d;
		}
		max[j] = knowledge_item_max(a->q);
		for (size_t i = 0; i < run->n; i++) {
			size_t n_chosen;
			points[i * items + j] = analyze_chosen(a, i, chosen, &n_chosen)
				? knowledge_item_points(a->q, chosen, n_chosen) : NAN;
		}
	}
	free(chosen);
}

static int knowledge(struct derived *dv, struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	size_t items = 0, domains = 0, n = run->n;
	const struct avar **item = ky_calloc(run->n_vars + 1, sizeof *item);
	const char **domain_name = ky_calloc(run->n_vars + 1, sizeof *domain_name);
	int rc = KY_OK;

	size_t most = 1;
	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		if (analyze_item_scored(a)) {
			item[items++] = a;
			most = a->n_levels > most ? a->n_levels : most;
		}
	}
	if (!items) {
		free(item);
		free(domain_name);
		return KY_OK;
	}
	double *points = ky_calloc(n * items + 1, sizeof *points), *max = ky_calloc(items, sizeof *max);
	size_t *domain = ky_calloc(items, sizeof *domain);
	item_points(run, item, items, most, domain, domain_name, &domains, points, max);
	double *total = ky_calloc(n + 1, sizeof *total), *pct = ky_calloc(n + 1, sizeof *pct);
	double *dtotal = ky_calloc(n * domains + 1, sizeof *dtotal);
	double *dpct = ky_calloc(n * domains + 1, sizeof *dpct);
	double *col = ky_calloc(n + 1, sizeof *col);
	rc = score_respondents(points, n, items, max, domain, domains, SCORE_MISSING_ZERO,
			       total, pct, dtotal, dpct, err);
	unsigned char *outcome = rc ? NULL : item_outcomes(run, item, items);
	for (size_t d = 0; d <= domains && !rc; d++) {
		struct item_set set = { items, domain, d == 0 ? SIZE_MAX : d - 1 };
		char *name = d == 0 ? ky_strdup("knowledge") : ky_asprintf("knowledge:%s", domain_name[d - 1]);
		for (int stat = 0; stat < 2 && !rc; stat++) {
			for (size_t i = 0; i < n; i++)
				col[i] = d == 0 ? (stat ? pct[i] : total[i])
					: (stat ? dpct[i * domains + d - 1] : dtotal[i * domains + d - 1]);
			rc = mean_rows(dv, col, stat ? "score_pct" : "score", err);
		}
		if (!rc && !isnan(run->opt->pass_mark)) {
			/* the share of respondents at or above the pass mark (percent of maximum) */
			for (size_t i = 0; i < n; i++) {
				double p = d == 0 ? pct[i] : dpct[i * domains + d - 1];
				col[i] = isnan(p) ? NAN : p >= run->opt->pass_mark - 1e-9;
			}
			rc = share_rows(dv, col, "pass_rate", err);
		}
		if (!rc)
			rc = outcome_share_rows(dv, &set, outcome, total, err);
		if (!rc)
			rc = reliability_rows(dv, &set, points, total, err);
		if (!rc)
			rc = flush(dv, name, name, err);
		free(name);
	}
	free(outcome);
	free(col);
	free(total);
	free(pct);
	free(dtotal);
	free(dpct);
	free(points);
	free(max);
	free(domain);
	free(item);
	free(domain_name);
	return rc;
}

/* ---- scales ---- */

static int scales(struct derived *dv, struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	const struct avar **item = ky_calloc(run->n_vars + 1, sizeof *item);
	int rc = KY_OK;

	for (size_t v = 0; v < run->n_vars && !rc; v++) {
		const struct avar *first = &run->vars[v];
		if (!first->q || !first->q->scale || !*first->q->scale || !first->num)
			continue;
		/* each scale once: at its first item */
		bool seen = false;
		for (size_t u = 0; u < v && !seen; u++)
			seen = run->vars[u].q && run->vars[u].q->scale && run->vars[u].num
				&& !strcmp(run->vars[u].q->scale, first->q->scale);
		if (seen)
			continue;
		size_t k = 0;
		for (size_t u = v; u < run->n_vars; u++)
			if (run->vars[u].q && run->vars[u].q->scale && run->vars[u].num
			    && !strcmp(run->vars[u].q->scale, first->q->scale))
				item[k++] = &run->vars[u];
		if (k < 2)
			continue;
		double *data = ky_calloc(run->n * k + 1, sizeof *data), *aid = ky_calloc(k, sizeof *aid);
		double *w = ky_calloc(run->n + 1, sizeof *w);
		const double *wt = run->design ? design_weights(run->design) : NULL;
		for (size_t g = 0; g < group_count(run) && !rc; g++) {
			size_t m = 0;
			for (size_t i = 0; i < run->n; i++) {
				if (group_of(run, i) != g)
					continue;
				w[m] = wt ? wt[i] : 1;
				for (size_t j = 0; j < k; j++) {
					double x = item[j]->num[i], lo, hi;
					if (item[j]->q->reverse && item[j]->q->list) {
						list_value_range(item[j]->q->list, &lo, &hi);
						x = lo + hi - x;
					}
					data[m * k + j] = x;
				}
				m++;
			}
			struct scales_alpha res;
			if (wt)
				scale_alpha_weighted(data, w, m, k, &res, aid);
			else
				rc = scales_alpha(data, m, k, run->opt->level, &res, aid, err);
			if (rc || res.n == 0)
				continue;
			struct est_row *r = row_add(&dv->rows);
			r->group = g;
			r->statistic = "alpha";
			r->method = wt ? "svycralpha" : "feldt";
			r->n = r->base = (double)res.n;
			r->estimate = res.alpha;
			r->low = res.conf_low;
			r->high = res.conf_high;
			for (size_t j = 0; j < k; j++) {
				r = row_add(&dv->rows);
				r->group = g;
				r->level = item[j]->name;
				r->level_label = form_text_get(run->form, &item[j]->q->label, run->lang);
				r->statistic = "alpha_if_deleted";
				r->method = wt ? "svycralpha" : "cronbach";
				r->n = r->base = (double)res.n;
				r->estimate = aid[j];
			}
		}
		if (!rc)
			rc = flush(dv, first->q->scale, first->q->scale, err);
		free(data);
		free(aid);
		free(w);
	}
	free(item);
	return rc;
}

/* ---- training needs ---- */

static int top_two(struct derived *dv, const struct avar *a, struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	double lo, hi, *y = ky_calloc(run->n + 1, sizeof *y);
	int rc;

	list_value_range(a->q->list, &lo, &hi);
	for (size_t i = 0; i < run->n; i++)
		y[i] = isnan(a->num[i]) ? NAN : a->num[i] >= hi - 1;
	rc = share_rows(dv, y, "top2", err);
	free(y);
	if (!rc)
		rc = flush(dv, a->name, form_text_get(run->form, &a->q->label, run->lang), err);
	return rc;
}

/* Topic t's mwds and need_rank rows, per group (res: groups x topics). */
static void need_rows(struct derived *dv, const struct needs_borich_topic *res, size_t topics,
		      size_t t)
{
	for (size_t g = 0; g < group_count(dv->run); g++) {
		const struct needs_borich_topic *b = &res[g * topics + t];
		if (!b->n)
			continue;
		struct est_row *r = row_add(&dv->rows);
		r->group = g;
		r->statistic = "mwds";
		r->method = dv->run->design ? "design-bootstrap" : "bootstrap";
		r->n = r->base = (double)b->n;
		r->estimate = b->mwds;
		r->low = b->conf_low;
		r->high = b->conf_high;
		r = row_add(&dv->rows);
		r->group = g;
		r->statistic = "need_rank";
		r->n = r->base = (double)b->n;
		r->estimate = b->rank ? (double)b->rank : NAN;
	}
}

/* Keeps the topics that have both an importance and a competence item,
 * in order; returns how many. */
static size_t complete_topics(const char **topic, const struct avar **imp,
			      const struct avar **comp, size_t topics)
{
	size_t complete = 0;

	for (size_t t = 0; t < topics; t++)
		if (imp[t] && comp[t]) {
			topic[complete] = topic[t];
			imp[complete] = imp[t];
			comp[complete] = comp[t];
			complete++;
		}
	return complete;
}

static int needs(struct derived *dv, struct ky_error *err)
{
	struct analyze_run *run = dv->run;
	size_t topics = 0;
	const char **topic = ky_calloc(run->n_vars + 1, sizeof *topic);
	const struct avar **imp = ky_calloc(run->n_vars + 1, sizeof *imp);
	const struct avar **comp = ky_calloc(run->n_vars + 1, sizeof *comp);
	int rc = KY_OK;

	for (size_t v = 0; v < run->n_vars && !rc; v++) {
		const struct avar *a = &run->vars[v];
		if (!a->q || a->q->need_role == FN_NONE || !a->num || !a->q->need_topic)
			continue;
		if (a->q->list)
			rc = top_two(dv, a, err);
		size_t t;
		for (t = 0; t < topics && strcmp(topic[t], a->q->need_topic); t++)
			;
		if (t == topics)
			topic[topics++] = a->q->need_topic;
		if (a->q->need_role == FN_IMPORTANCE)
			imp[t] = a;
		else
			comp[t] = a;
	}
	topics = complete_topics(topic, imp, comp, topics);
	if (!topics || rc)
		goto out;
	double *im = ky_calloc(run->n * topics + 1, sizeof *im), *co = ky_calloc(run->n * topics + 1, sizeof *co);
	struct needs_borich_topic *res = ky_calloc(topics * group_count(run), sizeof *res);
	struct needs_borich_options o;
	needs_borich_options_default(&o);
	o.level = run->opt->level;
	/* under a design: weighted MWDS, PSUs resampled within strata */
	struct needs_design dsg = { 0 };
	double *w = ky_calloc(run->n + 1, sizeof *w);
	size_t *psu = ky_calloc(run->n + 1, sizeof *psu);
	const size_t *row_psu = NULL;
	if (run->design)
		design_psus(run->design, &row_psu, &dsg.n_psu, &dsg.psu_stratum, &dsg.n_strata);
	dsg.weight = w;
	dsg.psu = psu;
	for (size_t g = 0; g < group_count(run) && !rc; g++) {
		size_t m = 0;
		for (size_t i = 0; i < run->n; i++) {
			if (group_of(run, i) != g)
				continue;
			for (size_t t = 0; t < topics; t++) {
				im[m * topics + t] = imp[t]->num[i];
				co[m * topics + t] = comp[t]->num[i];
			}
			if (run->design) {
				w[m] = design_weights(run->design)[i];
				psu[m] = row_psu[i];
			}
			m++;
		}
		if (m && run->design)
			rc = needs_borich_design(im, co, m, topics, &dsg, &o, &res[g * topics], err);
		else if (m)
			rc = needs_borich(im, co, m, topics, &o, &res[g * topics], err);
	}
	free(w);
	free(psu);
	for (size_t t = 0; t < topics && !rc; t++) {
		need_rows(dv, res, topics, t);
		rc = flush(dv, topic[t], topic[t], err);
	}
	free(im);
	free(co);
	free(res);
out:
	free(topic);
	free(imp);
	free(comp);
	return rc;
}

int analyze_derived_rows(struct analyze_run *run, struct csvwrite *w, unsigned char *mask,
			 struct ky_error *err)
{
	struct derived dv = { .run = run, .w = w, .mask = mask };
	size_t n_groups = run->n_groups;
	int rc = KY_OK;

	for (int pass = n_groups ? 0 : 1; pass < 2 && !rc; pass++) {
		run->n_groups = pass ? n_groups : 0;
		rc = knowledge(&dv, err);
		if (!rc)
			rc = scales(&dv, err);
		if (!rc)
			rc = needs(&dv, err);
	}
	run->n_groups = n_groups;
	free(dv.rows.row);
	return rc;
}
