/* paired.c - paired.csv: before/after change on linked pairs (paired.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "analysis/paired.h"
#include "analysis/score.h"
#include "analysis/tests.h"
#include "analyze/linking.h"
#include "analyze/paired.h"
#include "analyze/rows.h"
#include "form/knowledge.h"
#include "util/mem.h"

/* One row of paired.csv. */
struct prow {
	const char *variable, *statistic, *test;
	size_t group;            /* SIZE_MAX: all pairs */
	double n, pre, post, diff, se, low, high, p, p_adj, effect, gain;
	size_t x_pre, x_post;    /* item rows: correct before, after (disclosure) */
	bool counted, suppressed;
};

struct prows {
	struct prow *row;
	size_t n;
};

/* The knowledge test of every respondent: items correct, points, scores. */
struct scored {
	size_t items, domains, n;
	const struct avar **item;
	const char **domain_name;
	char **set_name;            /* "knowledge", "knowledge:DOMAIN" */
	unsigned char *correct;     /* [i * items + j] */
	double *points, *max;       /* points [i * items + j] */
	size_t *domain;             /* of item j, SCORE_NO_DOMAIN */
	double *total, *pct, *dtotal, *dpct;
};

struct paired_ctx {
	struct analyze_run *run;
	struct scored sc;
	struct link_result link;
	struct prows rows;
	char *var;               /* VAR of --paired */
};

int analyze_paired_parse(const char *spec, char **var, char **pre, char **post,
			 struct ky_error *err)
{
	const char *eq = strchr(spec, '='), *colon = eq ? strchr(eq + 1, ':') : NULL;
	*var = *pre = *post = NULL;
	if (!eq || eq == spec || !colon || colon == eq + 1 || !colon[1] || strchr(colon + 1, ':'))
		return ky_error_set(err, KY_EUSAGE, "analyze: '--paired %s': expected VAR=PRE:POST "
				    "(e.g. phase=pre:post)", spec);
	if ((size_t)(colon - eq - 1) == strlen(colon + 1) && !strncmp(eq + 1, colon + 1, strlen(colon + 1)))
		return ky_error_set(err, KY_EUSAGE, "analyze: '--paired %s': PRE and POST are the "
				    "same", spec);
	*var = ky_strndup(spec, (size_t)(eq - spec));
	*pre = ky_strndup(eq + 1, (size_t)(colon - eq - 1));
	*post = ky_strdup(colon + 1);
	return KY_OK;
}

/* ---- the knowledge test per respondent ---- */

static void scored_items(struct analyze_run *run, struct scored *sc)
{
	sc->item = ky_calloc(run->n_vars + 1, sizeof *sc->item);
	sc->domain_name = ky_calloc(run->n_vars + 1, sizeof *sc->domain_name);
	sc->domain = ky_calloc(run->n_vars + 1, sizeof *sc->domain);
	sc->max = ky_calloc(run->n_vars + 1, sizeof *sc->max);
	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		size_t j = sc->items, d;
		if (!analyze_item_scored(a))
			continue;
		sc->item[sc->items++] = a;
		sc->max[j] = knowledge_item_max(a->q);
		sc->domain[j] = SCORE_NO_DOMAIN;
		if (!a->q->domain || !*a->q->domain)
			continue;
		for (d = 0; d < sc->domains && strcmp(sc->domain_name[d], a->q->domain); d++)
			;
		if (d == sc->domains)
			sc->domain_name[sc->domains++] = a->q->domain;
		sc->domain[j] = d;
	}
	sc->set_name = ky_calloc(sc->domains + 1, sizeof *sc->set_name);
	sc->set_name[0] = ky_strdup("knowledge");
	for (size_t d = 0; d < sc->domains; d++)
		sc->set_name[d + 1] = ky_asprintf("knowledge:%s", sc->domain_name[d]);
}

static int scored_load(struct analyze_run *run, struct scored *sc, struct ky_error *err)
{
	size_t n = run->n, most = 1;
	memset(sc, 0, sizeof *sc);
	sc->n = n;
	scored_items(run, sc);
	for (size_t j = 0; j < sc->items; j++)
		most = sc->item[j]->n_levels > most ? sc->item[j]->n_levels : most;
	size_t *chosen = ky_calloc(most, sizeof *chosen), k;
	sc->points = ky_calloc(n * sc->items + 1, sizeof *sc->points);
	sc->correct = ky_calloc(n * sc->items + 1, 1);
	for (size_t j = 0; j < sc->items; j++)
		for (size_t i = 0; i < n; i++) {
			const struct avar *a = sc->item[j];
			bool answered = analyze_chosen(a, i, chosen, &k);
			sc->points[i * sc->items + j] = answered
				? knowledge_item_points(a->q, chosen, k) : NAN;
			sc->correct[i * sc->items + j] =
				knowledge_item_outcome(a->q, chosen, answered ? k : 0) == KO_CORRECT;
		}
	free(chosen);
	sc->total = ky_calloc(n + 1, sizeof *sc->total);
	sc->pct = ky_calloc(n + 1, sizeof *sc->pct);
	sc->dtotal = ky_calloc(n * sc->domains + 1, sizeof *sc->dtotal);
	sc->dpct = ky_calloc(n * sc->domains + 1, sizeof *sc->dpct);
	if (!sc->items)
		return KY_OK;
	return score_respondents(sc->points, n, sc->items, sc->max, sc->domain, sc->domains,
				 SCORE_MISSING_ZERO, sc->total, sc->pct, sc->dtotal, sc->dpct, err);
}

static void scored_release(struct scored *sc)
{
	for (size_t d = 0; sc->set_name && d <= sc->domains; d++)
		free(sc->set_name[d]);
	free(sc->set_name);
	free(sc->item);
	free(sc->domain_name);
	free(sc->domain);
	free(sc->max);
	free(sc->points);
	free(sc->correct);
	free(sc->total);
	free(sc->pct);
	free(sc->dtotal);
	free(sc->dpct);
}

/* Set s (0: knowledge, d + 1: domain d): points, or percent of maximum. */
static double set_value(const struct scored *sc, size_t s, size_t i, bool pct)
{
	if (s == 0)
		return pct ? sc->pct[i] : sc->total[i];
	return pct ? sc->dpct[i * sc->domains + s - 1] : sc->dtotal[i * sc->domains + s - 1];
}

/* ---- pairing ---- */

static const char *const *link_column(struct analyze_run *run, const char *col)
{
	for (size_t k = 0; k < run->n_attrs; k++) {
		if (strcmp(run->attr_names[k], col))
			continue;
		for (size_t i = 0; i < run->n; i++)
			if (run->attr_values[k][i])
				return (const char *const *)run->attr_values[k];
	}
	return NULL;   /* no respondent has a value */
}

/* phase[i] of every respondent from VAR: 0 PRE, 1 POST, -1 else. */
static int phases(struct analyze_run *run, const char *var, const char *pre, const char *post,
		  int *phase, struct ky_error *err)
{
	size_t v;
	int rc = analyze_find_var(run, var, true, &v, err), lv_pre = -1, lv_post = -1;
	if (rc)
		return ky_error_prefix(err, "analyze: --paired");
	const struct avar *a = &run->vars[v];
	for (size_t l = 0; l < a->n_levels; l++) {
		lv_pre = !strcmp(a->level_names[l], pre) ? (int)l : lv_pre;
		lv_post = !strcmp(a->level_names[l], post) ? (int)l : lv_post;
	}
	if (lv_pre < 0 || lv_post < 0)
		return ky_error_set(err, KY_EINPUT, "analyze: --paired: no respondent has %s '%s'",
				    var, lv_pre < 0 ? pre : post);
	for (size_t i = 0; i < run->n; i++)
		phase[i] = a->code[i] == lv_pre ? 0 : a->code[i] == lv_post ? 1 : -1;
	return KY_OK;
}

static int link_pairs(struct paired_ctx *c, struct ky_error *err)
{
	struct analyze_run *run = c->run;
	char *var, *pre, *post;
	int rc = analyze_paired_parse(run->opt->paired, &var, &pre, &post, err);
	if (rc)
		return rc;
	const char *const *code = link_column(run, run->opt->link);
	int *phase = ky_calloc(run->n + 1, sizeof *phase);
	if (!code)
		rc = ky_error_set(err, KY_EUSAGE, "analyze: '--link %s': no respondent has that "
				  "attribute", run->opt->link);
	else if (!(rc = phases(run, var, pre, post, phase, err)))
		link_codes(code, phase, run->n, &c->link);
	free(phase);
	c->var = var;
	free(pre);
	free(post);
	return rc;
}

/* ---- rows ---- */

static struct prow *prow_add(struct paired_ctx *c, const char *variable, const char *statistic,
			     const char *test, size_t group)
{
	struct prow *r;
	c->rows.row = ky_reallocarray(c->rows.row, c->rows.n + 1, sizeof *c->rows.row);
	r = &c->rows.row[c->rows.n++];
	memset(r, 0, sizeof *r);
	r->variable = variable;
	r->statistic = statistic;
	r->test = test;
	r->group = group;
	r->pre = r->post = r->diff = r->se = r->low = r->high = NAN;
	r->p = r->p_adj = r->effect = r->gain = NAN;
	return r;
}

/* The pairs of group g (SIZE_MAX: all) where both reached the test. */
static size_t group_pairs(const struct paired_ctx *c, size_t g, size_t *pre, size_t *post)
{
	size_t m = 0;
	for (size_t k = 0; k < c->link.n_pairs; k++) {
		size_t a = c->link.pre[k], b = c->link.post[k];
		if (g != SIZE_MAX && group_of(c->run, a) != g)
			continue;
		if (isnan(c->sc.total[a]) || isnan(c->sc.total[b]))
			continue;
		pre[m] = a;
		post[m++] = b;
	}
	return m;
}

static void item_rows(struct paired_ctx *c, size_t g, const size_t *pre, const size_t *post,
		      size_t m)
{
	const struct scored *sc = &c->sc;
	for (size_t j = 0; j < sc->items; j++) {
		struct paired_table t = { 0, 0, 0, 0 };
		struct paired_prop pp;
		for (size_t k = 0; k < m; k++) {
			bool a = sc->correct[pre[k] * sc->items + j], b = sc->correct[post[k] * sc->items + j];
			t.n11 += a && b;
			t.n10 += a && !b;
			t.n01 += !a && b;
			t.n00 += !a && !b;
		}
		paired_proportion(&t, c->run->opt->level, &pp);
		struct prow *r = prow_add(c, sc->item[j]->name, "p_correct", "mcnemar-exact", g);
		r->n = (double)m;
		r->pre = pp.p_pre;
		r->post = pp.p_post;
		r->diff = pp.difference;
		r->se = pp.std_error;
		r->low = pp.conf_low;
		r->high = pp.conf_high;
		r->p = pp.p_value;
		r->x_pre = t.n11 + t.n10;
		r->x_post = t.n11 + t.n01;
		r->counted = true;
	}
}

static double median(const double *x, size_t n)
{
	double *s, mid;
	if (!n)
		return NAN;
	s = ky_calloc(n, sizeof *s);
	memcpy(s, x, n * sizeof *s);
	gsl_sort(s, 1, n);
	mid = gsl_stats_median_from_sorted_data(s, 1, n);
	free(s);
	return mid;
}

/* The t-paired and wilcoxon rows of one set and one statistic. */
static void score_rows(struct paired_ctx *c, size_t g, size_t s, bool pct, const double *x,
		       const double *y, const double *px, const double *py, size_t m)
{
	const char *var = c->sc.set_name[s], *stat = pct ? "score_pct" : "score";
	struct paired_t t;
	struct paired_wilcoxon w;
	double *d = ky_calloc(m + 1, sizeof *d);
	paired_t_test(x, y, m, c->run->opt->level, &t);
	struct prow *r = prow_add(c, var, stat, "t-paired", g);
	r->n = (double)m;
	r->pre = t.mean_pre;
	r->post = t.mean_post;
	r->diff = t.difference;
	r->se = t.std_error;
	r->low = t.conf_low;
	r->high = t.conf_high;
	r->p = t.p_value;
	r->effect = t.d_z;
	if (pct)
		r->gain = t.mean_pre < 100 ? (t.mean_post - t.mean_pre) / (100 - t.mean_pre) : NAN;
	/* ranks of the differences of points, never of rounded percentages */
	paired_wilcoxon_test(px, py, m, &w);
	for (size_t k = 0; k < m; k++)
		d[k] = y[k] - x[k];
	r = prow_add(c, var, stat, "wilcoxon", g);
	r->n = (double)m;
	r->pre = median(x, m);
	r->post = median(y, m);
	r->diff = median(d, m);
	r->p = w.p_value;
	r->effect = w.rank_biserial;
	free(d);
}

static void set_rows(struct paired_ctx *c, size_t g, const size_t *pre, const size_t *post,
		     size_t m)
{
	double *x = ky_calloc(m + 1, sizeof *x), *y = ky_calloc(m + 1, sizeof *y);
	double *px = ky_calloc(m + 1, sizeof *px), *py = ky_calloc(m + 1, sizeof *py);
	for (size_t s = 0; s <= c->sc.domains; s++) {
		for (size_t k = 0; k < m; k++) {
			px[k] = set_value(&c->sc, s, pre[k], false);
			py[k] = set_value(&c->sc, s, post[k], false);
		}
		score_rows(c, g, s, false, px, py, px, py, m);
		for (size_t k = 0; k < m; k++) {
			x[k] = set_value(&c->sc, s, pre[k], true);
			y[k] = set_value(&c->sc, s, post[k], true);
		}
		score_rows(c, g, s, true, x, y, px, py, m);
	}
	free(x);
	free(y);
	free(px);
	free(py);
}

static void group_rows(struct paired_ctx *c, size_t g)
{
	size_t *pre = ky_calloc(c->link.n_pairs + 1, sizeof *pre);
	size_t *post = ky_calloc(c->link.n_pairs + 1, sizeof *post);
	size_t m = group_pairs(c, g, pre, post);
	item_rows(c, g, pre, post, m);
	set_rows(c, g, pre, post, m);
	free(pre);
	free(post);
}

/* ---- disclosure control ---- */

static bool primary(const struct prow *r, double t)
{
	if (r->n < t)
		return true;
	return r->counted && ((double)r->x_pre < t || r->n - (double)r->x_pre < t ||
			      (double)r->x_post < t || r->n - (double)r->x_post < t);
}

/* Rows k, k + per, k + 2 per... are one row over the groups (the first
 * all pairs): one suppressed group would be revealed by the others and
 * the total, so the next smallest goes too. */
static void secondary(struct prows *rows, size_t per, size_t groups)
{
	for (size_t k = 0; k < per; k++) {
		size_t hidden = 0, smallest = SIZE_MAX;
		for (size_t g = 1; g < groups; g++)
			hidden += rows->row[k + g * per].suppressed;
		if (hidden != 1)
			continue;
		for (size_t g = 1; g < groups; g++) {
			const struct prow *r = &rows->row[k + g * per];
			if (!r->suppressed && (smallest == SIZE_MAX ||
					       r->n < rows->row[k + smallest * per].n))
				smallest = g;
		}
		if (smallest != SIZE_MAX)
			rows->row[k + smallest * per].suppressed = true;
	}
}

static void suppress(struct paired_ctx *c, size_t per, size_t groups)
{
	double t = (double)c->run->opt->min_cell;
	if (t <= 0)
		return;
	for (size_t k = 0; k < c->rows.n; k++)
		c->rows.row[k].suppressed = primary(&c->rows.row[k], t);
	if (groups > 2)
		secondary(&c->rows, per, groups);
}

/* ---- the file ---- */

static const char *const header[] = {
	"form", "variable", "level", "statistic", "n_pairs", "estimate_pre", "estimate_post",
	"difference", "std_error", "conf_low", "conf_high", "conf_level", "p_value",
	"p_adjusted", "adjust_method", "test", "effect_size", "normalized_gain", "suppressed",
};

static void write_level(const struct analyze_run *run, struct csvwrite *w, size_t g)
{
	if (g == SIZE_MAX) {
		csvwrite_text(w, "");
		return;
	}
	char *level = ky_asprintf("%s=%s", run->by_label, run->group_names[g]);
	csvwrite_text(w, level);
	free(level);
}

static void write_row(const struct paired_ctx *c, struct csvwrite *w, const struct prow *r,
		      const char *adjust)
{
	const struct analyze_run *run = c->run;
	bool s = r->suppressed;
	double nums[] = { r->pre, r->post, r->diff, r->se, r->low, r->high };
	csvwrite_text(w, run->form->form_id);
	csvwrite_text(w, r->variable);
	write_level(run, w, r->group);
	csvwrite_text(w, r->statistic);
	csvwrite_int(w, (long long)r->n);
	for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
		csvwrite_number(w, s ? NAN : nums[k]);
	csvwrite_number(w, *r->test ? run->opt->level : NAN);
	csvwrite_number(w, s ? NAN : r->p);
	csvwrite_number(w, s ? NAN : r->p_adj);
	csvwrite_text(w, adjust);
	csvwrite_text(w, r->test);
	csvwrite_number(w, s ? NAN : r->effect);
	csvwrite_number(w, s ? NAN : r->gain);
	csvwrite_int(w, s);
	csvwrite_end_row(w);
}

/* unlinked, near_miss and duplicate: counts of respondents, not answers. */
static void write_counts(const struct paired_ctx *c, struct csvwrite *w)
{
	const char *const stat[] = { "unlinked", "near_miss", "duplicate" };
	const size_t count[] = { c->link.unlinked, c->link.near_miss, c->link.duplicate };
	for (size_t k = 0; k < 3; k++) {
		struct prow r;
		memset(&r, 0, sizeof r);
		r.variable = c->var;
		r.statistic = stat[k];
		r.test = "";
		r.group = SIZE_MAX;
		r.n = (double)count[k];
		r.pre = r.post = r.diff = r.se = r.low = r.high = r.p = r.p_adj = NAN;
		r.effect = r.gain = NAN;
		write_row(c, w, &r, "");
	}
}

static int adjust_rows(struct paired_ctx *c, const char **name, struct ky_error *err)
{
	enum padjust_method method = PADJUST_HOLM;
	double *p = ky_calloc(c->rows.n + 1, sizeof *p);
	int rc = KY_OK;
	if (c->run->opt->adjust)
		rc = padjust_method_parse(c->run->opt->adjust, &method, err);
	for (size_t k = 0; k < c->rows.n; k++)
		p[k] = c->rows.row[k].suppressed ? NAN : c->rows.row[k].p;
	if (!rc)
		rc = padjust(p, c->rows.n, method, p, err);
	for (size_t k = 0; k < c->rows.n && !rc; k++)
		c->rows.row[k].p_adj = p[k];
	*name = padjust_method_name(method);
	free(p);
	return rc;
}

static void warn_unlinked(const struct paired_ctx *c)
{
	const char *cmd = analyze_command(c->run->opt);
	/* codes on both sides and not one pair: most often two study keys */
	if (!c->link.n_pairs && c->link.unlinked > 1)
		ky_warn("%s: --paired: no respondent linked: were both phases collected with "
			"the same study key?", cmd);
	if (c->link.near_miss)
		ky_warn("%s: --paired: %zu near miss%s (codes differing in one part) not linked "
			"(paired.csv, statistic near_miss)", cmd, c->link.near_miss,
			c->link.near_miss == 1 ? "" : "es");
	if (c->link.duplicate)
		ky_warn("%s: --paired: %zu respondent%s whose code repeats within a phase not "
			"linked (paired.csv, statistic duplicate)", cmd, c->link.duplicate,
			c->link.duplicate == 1 ? "" : "s");
}

/* The rows into w (initialised on a file or a table by the caller). */
static int paired_rows(struct analyze_run *run, struct csvwrite *w, const char *path,
		       struct ky_error *err)
{
	struct paired_ctx c = { .run = run };
	const char *adjust = "";
	size_t groups = 1 + (run->opt->n_by ? run->n_groups : 0), per;
	int rc = link_pairs(&c, err);
	if (!rc)
		rc = scored_load(run, &c.sc, err);
	if (!rc && !c.sc.items)
		rc = ky_error_set(err, KY_EUSAGE, "analyze: --paired: form '%s' has no scored items",
				  run->form->form_id);
	for (size_t g = 0; g < groups && !rc; g++)
		group_rows(&c, g == 0 ? SIZE_MAX : g - 1);
	per = groups ? c.rows.n / groups : 0;
	if (!rc) {
		suppress(&c, per, groups);
		rc = adjust_rows(&c, &adjust, err);
	}
	if (!rc) {
		warn_unlinked(&c);
		for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
			csvwrite_text(w, header[h]);
		csvwrite_end_row(w);
		for (size_t k = 0; k < c.rows.n; k++)
			write_row(&c, w, &c.rows.row[k], adjust);
		write_counts(&c, w);
		rc = csvwrite_finish(w, path, err);
	}
	free(c.rows.row);
	free(c.var);
	scored_release(&c.sc);
	link_result_release(&c.link);
	return rc;
}

int analyze_write_paired(struct analyze_run *run, FILE *fp, const char *path,
			 struct ky_error *err)
{
	struct csvwrite w;
	csvwrite_init(&w, fp, run->opt->digits);
	return paired_rows(run, &w, path, err);
}

int analyze_paired_table(struct analyze_run *run, struct table *t, struct ky_error *err)
{
	struct csvwrite w;
	csvwrite_init_table(&w, t, run->opt->digits);
	return paired_rows(run, &w, "paired.csv", err);
}
