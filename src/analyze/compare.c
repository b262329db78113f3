/* compare.c - comparisons.csv: the rows of a second run of the estimates
 * (grouped by --by and the compared variable) paired level b against
 * level a (compare.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "analysis/newcombe.h"
#include "analysis/tests.h"
#include "analyze/compare.h"
#include "io/table.h"
#include "analyze/stream.h"
#include "util/mem.h"

struct compare_capture {
	struct compare_result *res;
	size_t levels;          /* levels of the compared variable */
	size_t ia, ib;          /* the two compared */
	const char *level_b;    /* its name: the suffix of group b's name */
	bool by;                /* --by given: groups are "x:y:LEVEL" */
};

/* ---- the statistics compared ---- */

static bool is_share(const char *s)
{
	return !strcmp(s, "proportion") || !strcmp(s, "top2") || !strcmp(s, "pass_rate");
}

static bool is_mean(const char *s)
{
	return !strcmp(s, "mean") || !strcmp(s, "score") || !strcmp(s, "score_pct")
		|| !strncmp(s, "share_", 6);
}

static double two_sided_t(double t, double df)
{
	if (isnan(t) || isnan(df) || df <= 0 || isinf(t))
		return NAN;
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

/* Shares of unweighted groups: Newcombe's interval of b - a and the z
 * test of prop.test(correct = FALSE) (pooled share). */
static void srs_share(struct compare_row *c, const struct est_row *a, const struct est_row *b,
		      double level)
{
	struct newcombe_result nr;
	struct ky_error e = { 0 };
	double pa = a->n / a->base, pb = b->n / b->base;

	c->method = "newcombe";
	c->difference = pb - pa;
	c->std_error = sqrt(pa * (1 - pa) / a->base + pb * (1 - pb) / b->base);
	if (!newcombe_diff((unsigned long)b->n, (unsigned long)b->base, (unsigned long)a->n,
			   (unsigned long)a->base, level, &nr, &e)) {
		c->conf_low = nr.conf_low;
		c->conf_high = nr.conf_high;
	}
	double pool = (a->n + b->n) / (a->base + b->base);
	double se0 = sqrt(pool * (1 - pool) * (1 / a->base + 1 / b->base));
	if (se0 > 0)
		c->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(c->difference) / se0);
}

/* Means of unweighted groups: Welch's t from the two rows (the standard
 * error of a mean is sd / sqrt(n)). */
static void srs_mean(struct compare_row *c, const struct est_row *a, const struct est_row *b,
		     double level)
{
	double va = a->std_error * a->std_error, vb = b->std_error * b->std_error;

	c->method = "welch";
	c->difference = b->estimate - a->estimate;
	if (a->base < 2 || b->base < 2 || isnan(va) || isnan(vb))
		return;
	c->std_error = sqrt(va + vb);
	if (!(c->std_error > 0))
		return;
	double df = (va + vb) * (va + vb) / (va * va / (a->base - 1) + vb * vb / (b->base - 1));
	double t = interval_t(level, df);
	c->conf_low = c->difference - t * c->std_error;
	c->conf_high = c->difference + t * c->std_error;
	c->p_value = two_sided_t(c->difference / c->std_error, df);
}

/* Under a design: the contrast the estimates computed (cmp_*). */
static void design_diff(struct compare_row *c, const struct est_row *b, double level)
{
	c->method = "svy";
	c->difference = b->cmp_diff;
	c->std_error = b->cmp_se;
	if (isnan(b->cmp_df) || b->cmp_df < 1 || isnan(b->cmp_se))
		return;
	double t = interval_t(level, b->cmp_df);
	c->conf_low = c->difference - t * c->std_error;
	c->conf_high = c->difference + t * c->std_error;
	if (c->std_error > 0)
		c->p_value = two_sided_t(c->difference / c->std_error, b->cmp_df);
}

/* ---- capture ---- */

static struct compare_row *result_add(struct compare_result *res)
{
	if (res->n == res->cap) {
		res->cap = res->cap ? res->cap * 2 : 64;
		res->row = ky_reallocarray(res->row, res->cap, sizeof *res->row);
	}
	struct compare_row *c = &res->row[res->n++];
	memset(c, 0, sizeof *c);
	c->n_a = c->n_b = c->estimate_a = c->estimate_b = NAN;
	c->difference = c->std_error = c->conf_low = c->conf_high = NAN;
	c->p_value = c->p_adjusted = NAN;
	return c;
}

static bool same_level(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

/* The --by part of group g's name (its name less ":LEVEL"). */
static char *by_part(const struct analyze_run *run, const struct compare_capture *cap, size_t g)
{
	const char *name = run->group_names[g];
	size_t len = strlen(name), cut = strlen(cap->level_b) + 1;
	return ky_strndup(name, len > cut ? len - cut : 0);
}

static void pair(struct analyze_run *run, struct compare_capture *cap, const char *name,
		 const char *label, const struct est_row *a, const struct est_row *b)
{
	struct compare_row *c = result_add(cap->res);
	double level = run->opt->level;

	c->variable = ky_strdup(name);
	c->variable_label = ky_strdup(label ? label : "");
	c->level = a->level ? ky_strdup(a->level) : NULL;
	c->level_label = a->level_label ? ky_strdup(a->level_label) : NULL;
	c->statistic = b->statistic;
	c->group = cap->by ? by_part(run, cap, b->group) : NULL;
	c->n_a = a->base;
	c->n_b = b->base;
	c->method = run->design ? "svy" : is_share(b->statistic) ? "newcombe" : "welch";
	if (a->suppressed || b->suppressed) {
		c->suppressed = true;
		return;
	}
	c->estimate_a = a->estimate;
	c->estimate_b = b->estimate;
	if (run->design)
		design_diff(c, b, level);
	else if (is_share(b->statistic))
		srs_share(c, a, b, level);
	else
		srs_mean(c, a, b, level);
}

void compare_capture_rows(struct analyze_run *run, const char *name, const char *label,
			  const struct est_rows *rows)
{
	struct compare_capture *cap = run->capture;

	if (!run->n_groups || editions_not_comparable(&run->editions, name))
		return;   /* the whole-sample pass, or listed as not comparable */
	for (size_t j = 0; j < rows->n; j++) {
		const struct est_row *b = &rows->row[j];
		if (b->group % cap->levels != cap->ib)
			continue;
		if (!is_share(b->statistic) && !is_mean(b->statistic))
			continue;
		size_t ga = b->group - cap->ib + cap->ia;
		for (size_t i = 0; i < rows->n; i++) {
			const struct est_row *a = &rows->row[i];
			if (a->group == ga && !strcmp(a->statistic, b->statistic)
			    && same_level(a->level, b->level)) {
				pair(run, cap, name, label, a, b);
				break;
			}
		}
	}
}

/* ---- design contrasts ---- */

int compare_design_values(struct analyze_run *run, const double *y, size_t g,
			  struct est_row *r, struct ky_error *err)
{
	if (!run->compare_partner || !run->design || !run->n_groups)
		return KY_OK;
	size_t ga = run->compare_partner[g];
	if (ga == SIZE_MAX)
		return KY_OK;
	unsigned char *in_a = ky_calloc(run->n + 1, 1), *in_b = ky_calloc(run->n + 1, 1);
	for (size_t i = 0; i < run->n; i++) {
		size_t gi = group_of(run, i);
		in_a[i] = gi == ga;
		in_b[i] = gi == g;
	}
	struct design_estimate e;
	int rc = design_mean_difference(run->design, run->work, y, in_a, in_b, &e, err);
	if (!rc) {
		r->cmp_diff = e.estimate;
		r->cmp_se = tiny_to_zero(e.std_error);
		r->cmp_df = e.df;
	}
	free(in_a);
	free(in_b);
	return rc;
}

int compare_design_level(struct analyze_run *run, const struct avar *a, size_t k, size_t g,
			 struct est_row *r, double *y, struct ky_error *err)
{
	if (!run->compare_partner || !run->design || !run->n_groups)
		return KY_OK;
	for (size_t i = 0; i < run->n; i++) {
		bool answered = a->kind == AV_CATEGORICAL ? a->code[i] >= 0 : a->answered[i];
		bool hit = a->kind == AV_CATEGORICAL ? a->code[i] == (int32_t)k : avar_chosen(a, i, k);
		y[i] = answered ? (double)hit : NAN;
	}
	return compare_design_values(run, y, g, r, err);
}

/* ---- the run ---- */

/* --compare VAR[=A:B] into its parts (owned by res). */
static int parse_spec(const char *spec, struct compare_result *res, struct ky_error *err)
{
	const char *eq = strchr(spec, '=');

	res->var = eq ? ky_strndup(spec, (size_t)(eq - spec)) : ky_strdup(spec);
	if (!*res->var)
		return ky_error_set(err, KY_EUSAGE, "analyze: --compare needs VAR or VAR=A:B");
	if (!eq)
		return KY_OK;
	const char *colon = strchr(eq + 1, ':');
	if (!colon || colon == eq + 1 || !colon[1])
		return ky_error_set(err, KY_EUSAGE, "analyze: --compare '%s': give the levels as %s=A:B",
				    spec, res->var);
	res->group_a = ky_strndup(eq + 1, (size_t)(colon - eq - 1));
	res->group_b = ky_strdup(colon + 1);
	if (!strcmp(res->group_a, res->group_b))
		return ky_error_set(err, KY_EUSAGE, "analyze: --compare '%s': the two levels are the same", spec);
	return KY_OK;
}

static int level_index(const struct avar *v, const size_t *count, const char *name,
		       const char *spec, size_t *out, struct ky_error *err)
{
	for (size_t k = 0; k < v->n_levels; k++)
		if (!strcmp(v->level_names[k], name) && count[k]) {
			*out = k;
			return KY_OK;
		}
	return ky_error_set(err, KY_EUSAGE, "analyze: --compare '%s': no respondent has level '%s' of '%s'",
			    spec, name, v->name);
}

/* The two levels compared: as named, else the only two with respondents. */
static int resolve_levels(const struct analyze_run *run, size_t var, struct compare_result *res,
			  struct compare_capture *cap, struct ky_error *err)
{
	const struct avar *v = &run->vars[var];
	size_t *count = ky_calloc(v->n_levels + 1, sizeof *count), present = 0;
	int rc = KY_OK;

	for (size_t i = 0; i < run->n; i++)
		if (v->code[i] >= 0)
			count[v->code[i]]++;
	for (size_t k = 0; k < v->n_levels; k++)
		present += count[k] > 0;
	if (res->group_a) {
		rc = level_index(v, count, res->group_a, run->opt->compare, &cap->ia, err);
		if (!rc)
			rc = level_index(v, count, res->group_b, run->opt->compare, &cap->ib, err);
	} else if (present != 2) {
		rc = ky_error_set(err, KY_EUSAGE,
				  "analyze: --compare '%s': %zu levels have respondents; name the two as --compare %s=A:B",
				  res->var, present, res->var);
	} else {
		size_t found = 0;
		for (size_t k = 0; k < v->n_levels; k++)
			if (count[k])
				*(found++ ? &cap->ib : &cap->ia) = k;
		res->group_a = ky_strdup(v->level_names[cap->ia]);
		res->group_b = ky_strdup(v->level_names[cap->ib]);
	}
	free(count);
	cap->levels = v->n_levels;
	cap->level_b = v->level_names[cap->ib];
	return rc;
}

/* The options of the comparison's run: --by and VAR, every variable a
 * column (the design contrasts read the values row by row). */
static int compare_options(const struct analyze_options *opt, const char *var,
			   struct analyze_options *o2, struct ky_error *err)
{
	*o2 = *opt;
	for (size_t b = 0; b < opt->n_by; b++)
		if (!strcmp(opt->by[b], var))
			return ky_error_set(err, KY_EUSAGE, "analyze: --compare '%s' is also a --by variable", var);
	if (opt->n_by == ANALYZE_MAX_BY)
		return ky_error_set(err, KY_EUSAGE, "analyze: --compare takes a --by place: at most %d --by with it",
				    ANALYZE_MAX_BY - 1);
	o2->by[o2->n_by++] = var;
	o2->columns = true;
	o2->quiet_editions = true;
	return KY_OK;
}

static int adjust_file(struct compare_result *res, const char *name, struct ky_error *err)
{
	enum padjust_method m = PADJUST_HOLM;
	int rc = name ? padjust_method_parse(name, &m, err) : KY_OK;

	if (rc)
		return ky_error_prefix(err, "analyze: --adjust");
	res->adjust_method = padjust_method_name(m);
	double *p = ky_calloc(res->n + 1, sizeof *p);
	for (size_t j = 0; j < res->n; j++)
		p[j] = res->row[j].p_value;
	rc = padjust(p, res->n, m, p, err);
	for (size_t j = 0; j < res->n && !rc; j++)
		res->row[j].p_adjusted = p[j];
	free(p);
	return rc;
}

/* One row per question (and knowledge variable) whose editions differ,
 * with method not_comparable and no numbers. */
static void not_comparable_rows(const struct analyze_run *r, struct compare_result *res)
{
	for (size_t k = 0; k < r->editions.n_not_comparable; k++) {
		const char *name = r->editions.not_comparable[k];
		const struct form_question *q = form_find_question(r->form, name);
		struct compare_row *c = result_add(res);
		c->variable = ky_strdup(name);
		c->variable_label = ky_strdup(q && q->slot >= 0 ? form_text_get(r->form, &q->label, r->lang) : name);
		c->method = "not_comparable";
	}
	res->not_comparable = r->editions.questions_not_comparable;
}

/* Runs the estimates of r with the capture on (the table is dropped). */
static int capture_estimates(struct analyze_run *r, struct ky_error *err)
{
	struct table t = { 0 };
	int rc = analyze_estimates_table(r, &t, err);

	table_release(&t);
	return rc;
}

static int run_grouped(const struct analyze_run *main_run, struct analyze_run *r,
		       const struct analyze_options *o2, struct compare_result *res,
		       struct compare_capture *cap, struct ky_error *err)
{
	const char *extra[ANALYZE_MAX_BY + ANALYZE_DESIGN_NAMES];
	struct analyze_design_names dn = { { 0 }, { 0 } };
	size_t n_extra = 0, var;
	int rc;

	for (size_t b = 0; b < o2->n_by; b++)
		extra[n_extra++] = o2->by[b];
	r->weighted = main_run->weighted;
	r->method = main_run->method;
	rc = analyze_design_names(o2, extra, &n_extra, &dn, err);
	if (!rc)
		rc = analyze_load(r, o2, extra, n_extra, err);
	analyze_design_names_release(&dn);
	if (!rc && (rc = analyze_find_var(r, res->var, true, &var, err)))
		ky_error_prefix(err, "analyze: --compare");
	if (!rc)
		rc = resolve_levels(r, var, res, cap, err);
	if (!rc)
		rc = analyze_setup_groups(r, err);
	if (!rc && r->weighted)
		rc = analyze_setup_design(r, err);
	if (!rc && r->stream)
		stream_finish(r->stream, r);
	return rc;
}

int analyze_compare(const struct analyze_run *main_run, struct compare_result *res,
		    struct ky_error *err)
{
	const struct analyze_options *opt = main_run->opt;
	struct analyze_options o2;
	struct analyze_run r = { 0 };
	struct compare_capture cap = { .res = res, .by = opt->n_by > 0 };
	size_t *partner = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	res->level = opt->level;
	res->form_id = ky_strdup(main_run->form->form_id);
	rc = parse_spec(opt->compare, res, err);
	if (!rc)
		rc = compare_options(opt, res->var, &o2, err);
	if (!rc)
		rc = run_grouped(main_run, &r, &o2, res, &cap, err);
	if (!rc) {
		if (opt->n_by) {
			size_t len = strlen(r.by_label) - strlen(res->var) - 1;
			res->by_label = ky_strndup(r.by_label, len);
		}
		partner = ky_calloc(r.n_groups + 1, sizeof *partner);
		for (size_t g = 0; g < r.n_groups; g++)
			partner[g] = g % cap.levels == cap.ib ? g - cap.ib + cap.ia : SIZE_MAX;
		r.capture = &cap;
		r.compare_partner = partner;
		rc = capture_estimates(&r, err);
		if (!rc)
			not_comparable_rows(&r, res);
	}
	if (!rc)
		rc = adjust_file(res, opt->adjust, err);
	free(partner);
	analyze_run_release(&r);
	return rc;
}

void compare_result_release(struct compare_result *res)
{
	for (size_t j = 0; j < res->n; j++) {
		struct compare_row *c = &res->row[j];
		free(c->variable);
		free(c->variable_label);
		free(c->level);
		free(c->level_label);
		free(c->group);
	}
	free(res->row);
	free(res->form_id);
	free(res->var);
	free(res->group_a);
	free(res->group_b);
	free(res->by_label);
	memset(res, 0, sizeof *res);
}

/* ---- comparisons.csv ---- */

static const char *const header[] = {
	"form", "variable", "variable_label", "level", "level_label", "statistic", "compare",
	"group_a", "group_b", "n_a", "n_b", "estimate_a", "estimate_b", "difference",
	"std_error", "conf_low", "conf_high", "conf_level", "p_value", "p_adjusted",
	"adjust_method", "method", "suppressed", "by", "group",
};

static void write_count(struct csvwrite *w, double v)
{
	if (isnan(v))
		csvwrite_empty(w);
	else
		csvwrite_int(w, (long long)v);
}

static void write_row(struct csvwrite *w, const struct compare_result *res,
		      const struct compare_row *c)
{
	csvwrite_text(w, res->form_id);
	csvwrite_text(w, c->variable);
	csvwrite_text(w, c->variable_label);
	csvwrite_text(w, c->level ? c->level : "");
	csvwrite_text(w, c->level_label ? c->level_label : "");
	csvwrite_text(w, c->statistic ? c->statistic : "");
	csvwrite_text(w, res->var);
	csvwrite_text(w, res->group_a);
	csvwrite_text(w, res->group_b);
	write_count(w, c->n_a);
	write_count(w, c->n_b);
	csvwrite_number(w, c->estimate_a);
	csvwrite_number(w, c->estimate_b);
	csvwrite_number(w, c->difference);
	csvwrite_number(w, c->std_error);
	csvwrite_number(w, c->conf_low);
	csvwrite_number(w, c->conf_high);
	csvwrite_number(w, res->level);
	csvwrite_number(w, c->p_value);
	csvwrite_number(w, c->p_adjusted);
	csvwrite_text(w, res->adjust_method);
	csvwrite_text(w, c->method);
	csvwrite_int(w, c->suppressed);
	csvwrite_text(w, res->by_label && c->group ? res->by_label : "");
	csvwrite_text(w, c->group ? c->group : "");
	csvwrite_end_row(w);
}

static int comparison_rows(struct analyze_run *run, struct csvwrite *w, const char *path,
			   struct ky_error *err)
{
	for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
		csvwrite_text(w, header[h]);
	csvwrite_end_row(w);
	for (size_t j = 0; run->comparisons && j < run->comparisons->n; j++)
		write_row(w, run->comparisons, &run->comparisons->row[j]);
	return csvwrite_finish(w, path, err);
}

int analyze_write_comparisons(struct analyze_run *run, FILE *fp, const char *path,
			      struct ky_error *err)
{
	struct csvwrite w;
	csvwrite_init(&w, fp, run->opt->digits);
	return comparison_rows(run, &w, path, err);
}

int analyze_comparisons_table(struct analyze_run *run, struct table *t, struct ky_error *err)
{
	struct csvwrite w;
	csvwrite_init_table(&w, t, run->opt->digits);
	return comparison_rows(run, &w, "comparisons.csv", err);
}
