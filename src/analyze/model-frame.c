/* model-frame.c - outcomes and design matrices of `kysely model` from the
 * columns analyze loads (dataset.c) and the knowledge scores of
 * analysis/score.h, with the points rule of form/knowledge.h. */
#include "config.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/score.h"
#include "analyze/model-frame.h"
#include "form/knowledge.h"
#include "util/mem.h"

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

int model_formula_parse(const char *given, struct model_formula *f, struct ky_error *err)
{
	memset(f, 0, sizeof *f);
	f->given = given;
	f->text = ky_strdup(given);
	char *tilde = strchr(f->text, '~');
	if (!tilde || strchr(tilde + 1, '~'))
		return ky_error_set(err, KY_EUSAGE, "model: '%s' is not a formula 'OUTCOME ~ TERM + TERM ...'", given);
	*tilde = '\0';
	f->outcome = trim(f->text);
	if (!*f->outcome)
		return ky_error_set(err, KY_EUSAGE, "model: '%s' has no outcome before '~'", given);
	for (char *part = tilde + 1, *plus; part; part = plus) {
		plus = strchr(part, '+');
		if (plus)
			*plus++ = '\0';
		char *t = trim(part);
		if (!*t)
			return ky_error_set(err, KY_EUSAGE, "model: '%s' has an empty term", given);
		if (!strcmp(t, "1"))
			continue;
		if (f->n_terms == MODEL_MAX_TERMS)
			return ky_error_set(err, KY_EUSAGE, "model: '%s' has more than %d terms", given, MODEL_MAX_TERMS);
		f->term[f->n_terms++] = t;
	}
	return KY_OK;
}

void model_formula_release(struct model_formula *f)
{
	free(f->text);
	memset(f, 0, sizeof *f);
}

void model_formula_names(const struct model_formula *f, const char **names, size_t *n)
{
	for (size_t t = 0; t < f->n_terms; t++)
		names[(*n)++] = f->term[t];
}

/* ---- outcomes ---- */

/* Points of respondent i on item a: NaN when unanswered (score.h). */
static double item_points(const struct avar *a, size_t i, size_t *chosen)
{
	size_t n_chosen;

	if (!analyze_chosen(a, i, chosen, &n_chosen))
		return NAN;
	return knowledge_item_points(a->q, chosen, n_chosen);
}

/* Every respondent's percent of the maximum over the scored items of the
 * domain (NULL: the whole test) into pct, and the total points into
 * total; NaN for who reached no item. */
int model_knowledge_scores(struct analyze_run *run, const char *domain, double *total,
			   double *pct, struct ky_error *err)
{
	size_t n = run->n, items = 0, most = 1;
	const struct avar **item = ky_calloc(run->n_vars + 1, sizeof *item);

	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		if (analyze_item_scored(a) && (!domain || (a->q->domain && !strcmp(a->q->domain, domain))))
			item[items++] = a;
		if (analyze_item_scored(a) && a->n_levels > most)
			most = a->n_levels;
	}
	if (!items) {
		free(item);
		return domain ? ky_error_set(err, KY_EUSAGE, "model: form '%s' has no knowledge domain '%s'",
					     run->form->form_id, domain)
			: ky_error_set(err, KY_EUSAGE, "model: form '%s' has no scored items",
				       run->form->form_id);
	}
	double *points = ky_calloc(n * items + 1, sizeof *points), *max = ky_calloc(items, sizeof *max);
	size_t *chosen = ky_calloc(most, sizeof *chosen);
	for (size_t j = 0; j < items; j++) {
		max[j] = knowledge_item_max(item[j]->q);
		for (size_t i = 0; i < n; i++)
			points[i * items + j] = item_points(item[j], i, chosen);
	}
	int rc = score_respondents(points, n, items, max, NULL, 0, SCORE_MISSING_ZERO, total, pct,
				   NULL, NULL, err);
	free(chosen);
	free(points);
	free(max);
	free(item);
	return rc;
}

static int outcome_correct(struct analyze_run *run, const char *name, double *y, struct ky_error *err)
{
	size_t v;
	int rc = analyze_find_var(run, name, false, &v, err);
	if (rc)
		return rc;
	const struct avar *a = &run->vars[v];
	if (!analyze_item_scored(a))
		return ky_error_set(err, KY_EUSAGE, "model: 'correct(%s)': '%s' is not a scored item", name, name);
	double *total = ky_calloc(run->n + 1, sizeof *total);
	if ((rc = model_knowledge_scores(run, NULL, total, NULL, err))) {
		free(total);
		return rc;
	}
	size_t *chosen = ky_calloc(a->n_levels + 1, sizeof *chosen);
	struct knowledge_item_rule rule = knowledge_item_rule_of(a->q);
	for (size_t i = 0; i < run->n; i++) {
		size_t n_chosen;
		analyze_chosen(a, i, chosen, &n_chosen);
		/* among the respondents who reached the test, as items.csv */
		y[i] = isnan(total[i]) ? NAN
			: knowledge_item_outcome_by(a->q, &rule, chosen, n_chosen) == KO_CORRECT;
	}
	free(chosen);
	free(total);
	return KY_OK;
}

static int outcome_level(struct analyze_run *run, const char *spec, double *y, struct ky_error *err)
{
	const char *eq = strchr(spec, '=');
	char *name = ky_strndup(spec, (size_t)(eq - spec));
	size_t v;
	int rc = analyze_find_var(run, name, true, &v, err);
	const struct avar *a = rc ? NULL : &run->vars[v];
	size_t k = 0;

	while (a && k < a->n_levels && strcmp(a->level_names[k], eq + 1))
		k++;
	if (a && k == a->n_levels)
		rc = ky_error_set(err, KY_EUSAGE, "model: outcome '%s': '%s' has no level '%s'", spec, name, eq + 1);
	for (size_t i = 0; !rc && i < run->n; i++)
		y[i] = a->code[i] < 0 ? NAN : a->code[i] == (int32_t)k;
	free(name);
	return rc;
}

static int outcome_numeric(struct analyze_run *run, const char *name, double *y, struct ky_error *err)
{
	size_t v;
	int rc = analyze_find_var(run, name, false, &v, err);
	if (rc)
		return ky_error_prefix(err, "model: outcome");
	const struct avar *a = &run->vars[v];
	if (a->kind == AV_NUMERIC) {
		memcpy(y, a->num, run->n * sizeof *y);
		return KY_OK;
	}
	if (a->kind == AV_MULTIPLE || a->q)
		return ky_error_set(err, KY_EUSAGE, "model: outcome '%s' is categorical: use '%s=LEVEL'", name, name);
	/* an attribute holding numbers */
	for (size_t i = 0; i < run->n; i++)
		if (a->code[i] < 0)
			y[i] = NAN;
		else if (!form_parse_number(a->level_names[a->code[i]], &y[i]))
			return ky_error_set(err, KY_EUSAGE, "model: outcome '%s' is not numeric: use '%s=LEVEL'", name, name);
	return KY_OK;
}

/* y per respondent (NaN: no value) and the outcome's natural family. */
static int outcome_values(struct analyze_run *run, const char *spec, double *y,
			  enum glm_family *natural, struct ky_error *err)
{
	size_t len = strlen(spec);
	bool question = form_find_question(run->form, spec) != NULL;

	*natural = GLM_BINOMIAL;
	if (!question && !strncmp(spec, "correct(", 8) && len > 9 && spec[len - 1] == ')') {
		char *item = ky_strndup(spec + 8, len - 9);
		int rc = outcome_correct(run, item, y, err);
		free(item);
		return rc;
	}
	if (!question && strchr(spec, '='))
		return outcome_level(run, spec, y, err);
	if (!question && !strcmp(spec, "pass")) {
		if (isnan(run->opt->pass_mark))
			return ky_error_set(err, KY_EUSAGE, "model: outcome 'pass' needs --pass-mark P");
		int rc = model_knowledge_scores(run, NULL, NULL, y, err);
		for (size_t i = 0; !rc && i < run->n; i++)
			y[i] = isnan(y[i]) ? NAN : y[i] >= run->opt->pass_mark - 1e-9;
		return rc;
	}
	*natural = GLM_GAUSSIAN;
	if (!question && (!strcmp(spec, "score") || !strcmp(spec, "score_pct")))
		return model_knowledge_scores(run, NULL, spec[5] ? NULL : y, spec[5] ? y : NULL, err);
	if (!question && !strncmp(spec, "knowledge:", 10))
		return model_knowledge_scores(run, spec + 10, NULL, y, err);
	return outcome_numeric(run, spec, y, err);
}

/* ---- terms ---- */

/* One term: a number column, or a categorical variable with its
 * reference level. */
struct term {
	const char *name;
	const struct avar *a;
	const double *num;    /* numeric: values, NaN missing */
	double *owned_num;    /* an attribute's numbers, parsed once (num) */
	size_t ref;
	size_t *count;        /* categorical: complete cases per level (owned);
			       * a level with none has no column, as R's
			       * model.frame(drop.unused.levels = TRUE) */
};

static bool attribute_numeric(const struct avar *a)
{
	double v;
	for (size_t k = 0; k < a->n_levels; k++)
		if (!form_parse_number(a->level_names[k], &v))
			return false;
	return true;
}

static int term_reference(const struct avar *a, const char *name, const char *const *refs,
			  size_t n_refs, size_t *ref, struct ky_error *err)
{
	size_t len = strlen(name);

	*ref = 0;
	for (size_t r = 0; r < n_refs; r++) {
		if (strncmp(refs[r], name, len) || refs[r][len] != '=')
			continue;
		const char *level = refs[r] + len + 1;
		for (*ref = 0; *ref < a->n_levels && strcmp(a->level_names[*ref], level); ++*ref)
			;
		if (*ref == a->n_levels)
			return ky_error_set(err, KY_EUSAGE, "model: --ref %s: '%s' has no level '%s'",
					    refs[r], name, level);
	}
	return KY_OK;
}

static int term_setup(struct analyze_run *run, const char *name, const char *const *refs,
		      size_t n_refs, struct term *t, struct ky_error *err)
{
	size_t v;
	int rc = analyze_find_var(run, name, false, &v, err);

	memset(t, 0, sizeof *t);
	t->name = name;
	if (rc)
		return ky_error_prefix(err, "model: term");
	t->a = &run->vars[v];
	if (t->a->kind == AV_MULTIPLE)
		return ky_error_set(err, KY_EUSAGE, "model: term '%s' is a select_multiple question (use one option's question)", name);
	if (t->a->kind == AV_NUMERIC) {
		t->num = t->a->num;
		return KY_OK;
	}
	if (!t->a->q && attribute_numeric(t->a)) {
		t->owned_num = ky_calloc(run->n + 1, sizeof *t->owned_num);
		for (size_t i = 0; i < run->n; i++)
			if (t->a->code[i] < 0 || !form_parse_number(t->a->level_names[t->a->code[i]], &t->owned_num[i]))
				t->owned_num[i] = NAN;
		t->num = t->owned_num;
		return KY_OK;
	}
	return term_reference(t->a, name, refs, n_refs, &t->ref, err);
}

static bool term_missing(const struct term *t, size_t i)
{
	return t->num ? isnan(t->num[i]) : t->a->code[i] < 0;
}

/* Whether level k of a categorical term has a column of its own. */
static bool level_column(const struct term *t, size_t k)
{
	return k != t->ref && t->count[k] > 0;
}

/* Which respondents are complete cases, and per level how many of them
 * chose it; the reference moves to the first level used when nobody in
 * the model chose it (R drops the unused level). */
static unsigned char *complete_cases(struct term *terms, size_t n_terms, const double *y, size_t n,
				     size_t *n_complete)
{
	unsigned char *ok = ky_calloc(n + 1, 1);

	*n_complete = 0;
	for (size_t t = 0; t < n_terms; t++)
		if (!terms[t].num)
			terms[t].count = ky_calloc(terms[t].a->n_levels + 1, sizeof *terms[t].count);
	for (size_t i = 0; i < n; i++) {
		ok[i] = !isnan(y[i]);
		for (size_t t = 0; t < n_terms && ok[i]; t++)
			ok[i] = !term_missing(&terms[t], i);
		for (size_t t = 0; t < n_terms && ok[i]; t++)
			if (!terms[t].num)
				terms[t].count[terms[t].a->code[i]]++;
		*n_complete += ok[i];
	}
	for (size_t t = 0; t < n_terms; t++)
		if (!terms[t].num && !terms[t].count[terms[t].ref])
			for (size_t k = 0; k < terms[t].a->n_levels; k++)
				if (terms[t].count[k]) {
					terms[t].ref = k;
					break;
				}
	return ok;
}

/* The columns' names, and each term's place among them in fr->cols (the
 * numbers move there from the terms). */
static void frame_columns(struct model_frame *fr, struct term *terms, size_t n_terms)
{
	size_t p = 1;

	for (size_t t = 0; t < n_terms; t++)
		if (terms[t].num)
			p++;
		else
			for (size_t k = 0; k < terms[t].a->n_levels; k++)
				p += level_column(&terms[t], k);
	fr->p = p;
	fr->term = ky_calloc(p, sizeof *fr->term);
	fr->level = ky_calloc(p, sizeof *fr->level);
	fr->term[0] = "(Intercept)";
	fr->n_terms = n_terms;
	p = 1;
	for (size_t t = 0; t < n_terms; t++) {
		struct model_term_cols *c = &fr->cols[t];
		if (terms[t].num) {
			c->num = terms[t].num;
			c->owned_num = terms[t].owned_num;
			terms[t].owned_num = NULL;
			c->num_column = p;
			fr->term[p++] = terms[t].name;
			continue;
		}
		c->code = terms[t].a->code;
		c->column = ky_calloc(terms[t].a->n_levels + 1, sizeof *c->column);
		for (size_t k = 0; k < terms[t].a->n_levels; k++)
			if (level_column(&terms[t], k)) {
				c->column[k] = p;
				fr->term[p] = terms[t].name;
				fr->level[p++] = terms[t].a->level_names[k];
			}
	}
}

/* Row i of the design matrix, its zeros left out (glm.h). */
static bool frame_get(const void *ctx, size_t i, struct glm_row *row)
{
	const struct model_frame *fr = ctx;
	size_t e = 1;

	if (!fr->in[i])
		return false;
	row->y = fr->y01 ? fr->y01[i] : fr->y[i];
	row->w = fr->prior ? fr->prior[i] / fr->prior_mean : 1;
	row->col[0] = 0;
	row->val[0] = 1;
	for (size_t t = 0; t < fr->n_terms; t++) {
		const struct model_term_cols *c = &fr->cols[t];
		if (c->num) {
			row->col[e] = c->num_column;
			row->val[e++] = c->num[i];
		} else if (c->column[c->code[i]]) {
			row->col[e] = c->column[c->code[i]];
			row->val[e++] = 1;
		}
	}
	row->nnz = e;
	return true;
}

void model_frame_rows(const struct model_frame *fr, struct glm_rows *rows)
{
	*rows = (struct glm_rows){ .n = fr->n_all, .p = fr->p, .weighted = fr->prior != NULL,
				   .get = frame_get, .ctx = fr };
}

/* The outcome of the complete cases checked, kept as bytes (binomial)
 * or numbers (gaussian: y moves into the frame). */
static int frame_outcome(struct model_frame *fr, const struct model_formula *f, double **y,
			 struct ky_error *err)
{
	if (!fr->n)
		return ky_error_set(err, KY_EINPUT, "model '%s': no respondent has the outcome and every term answered",
				    f->given);
	if (fr->family != GLM_BINOMIAL) {
		fr->y = *y;
		*y = NULL;
		return KY_OK;
	}
	size_t ones = 0;
	fr->y01 = ky_calloc(fr->n_all + 1, 1);
	for (size_t i = 0; i < fr->n_all; i++) {
		if (!fr->in[i])
			continue;
		if ((*y)[i] != 0 && (*y)[i] != 1)
			return ky_error_set(err, KY_EUSAGE, "model '%s': a binomial outcome must be 0 or 1 (use OUTCOME=LEVEL)",
					    f->given);
		fr->y01[i] = (*y)[i] == 1;
		ones += fr->y01[i];
	}
	if (ones == 0 || ones == fr->n)
		return ky_error_set(err, KY_EINPUT, "model '%s': the outcome '%s' has one level in the %zu rows used",
				    f->given, f->outcome, fr->n);
	return KY_OK;
}

int model_frame_build(struct analyze_run *run, const struct model_formula *f, int family,
		      const char *const *refs, size_t n_refs, struct model_frame *fr,
		      struct ky_error *err)
{
	struct term terms[MODEL_MAX_TERMS];
	double *y = ky_calloc(run->n + 1, sizeof *y);
	enum glm_family natural;
	size_t n_terms = 0;
	int rc;

	memset(fr, 0, sizeof *fr);
	/* attributes become variables on first use, moving run->vars: make
	 * them all before any pointer into it is kept */
	for (size_t t = 0, v; t < f->n_terms; t++)
		if ((rc = analyze_find_var(run, f->term[t], false, &v, err))) {
			free(y);
			return ky_error_prefix(err, "model: term");
		}
	rc = outcome_values(run, f->outcome, y, &natural, err);
	fr->family = family < 0 ? natural : (enum glm_family)family;
	fr->n_all = run->n;
	for (size_t t = 0; t < f->n_terms && !rc; t++) {
		rc = term_setup(run, f->term[t], refs, n_refs, &terms[t], err);
		n_terms++;
	}
	if (!rc) {
		fr->in = complete_cases(terms, n_terms, y, run->n, &fr->n);
		frame_columns(fr, terms, n_terms);
		rc = frame_outcome(fr, f, &y, err);
	}
	for (size_t t = 0; t < n_terms; t++) {
		free(terms[t].owned_num);
		free(terms[t].count);
	}
	free(y);
	return rc;
}

void model_frame_release(struct model_frame *fr)
{
	free(fr->in);
	free(fr->y01);
	free(fr->y);
	for (size_t t = 0; t < fr->n_terms; t++) {
		free(fr->cols[t].owned_num);
		free(fr->cols[t].column);
	}
	free(fr->term);
	free(fr->level);
	memset(fr, 0, sizeof *fr);
}
