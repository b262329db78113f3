/* derived-export.c - derived variables per respondent for export
 * (derived-export.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/design.h"
#include "analyze/derived-export.h"
#include "analyze/model-frame.h"
#include "form/knowledge.h"
#include "util/mem.h"

static const double outcome_codes[KO_N] = { 1, 2, 3, 4 };
static const char *const outcome_labels[KO_N] = { "correct", "incorrect", "dont_know", "missing" };
static const double pass_codes[2] = { 0, 1 };
static const char *const pass_labels[2] = { "below the pass mark", "pass" };

static double *add_col(struct derived_export *dx, char *name, char *label, bool scale)
{
	struct export_derived_col *c;

	dx->col = ky_realloc(dx->col, (dx->n_cols + 1) * sizeof *dx->col);
	c = &dx->col[dx->n_cols++];
	memset(c, 0, sizeof *c);
	c->name = name;
	c->label = label;
	c->scale = scale;
	c->values = ky_calloc(dx->n_rows + 1, sizeof(double));
	return (double *)c->values;
}

static void set_codes(struct derived_export *dx, const double *codes, const char *const *labels,
		      size_t n, const char *set)
{
	struct export_derived_col *c = &dx->col[dx->n_cols - 1];
	c->codes = codes;
	c->labels = labels;
	c->n_codes = n;
	c->set_name = set;
}

/* The domains of the scored items, each once, in form order. */
static size_t domains_of(const struct analyze_run *run, const char **name)
{
	size_t n = 0;

	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		size_t d;
		if (!analyze_item_scored(a) || !a->q->domain || !*a->q->domain)
			continue;
		for (d = 0; d < n && strcmp(name[d], a->q->domain); d++)
			;
		if (d == n)
			name[n++] = a->q->domain;
	}
	return n;
}

static void item_outcomes(struct analyze_run *run, struct derived_export *dx)
{
	size_t most = 1;

	for (size_t v = 0; v < run->n_vars; v++)
		most = run->vars[v].n_levels > most ? run->vars[v].n_levels : most;
	size_t *chosen = ky_calloc(most, sizeof *chosen);
	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *a = &run->vars[v];
		if (!analyze_item_scored(a))
			continue;
		const char *label = form_text_get(run->form, &a->q->label, run->lang);
		double *y = add_col(dx, ky_asprintf("outcome:%s", a->name),
				    ky_asprintf("Outcome: %s", *label ? label : a->name), false);
		set_codes(dx, outcome_codes, outcome_labels, KO_N, "outcome");
		struct knowledge_item_rule rule = knowledge_item_rule_of(a->q);
		for (size_t i = 0; i < run->n; i++) {
			size_t n_chosen;
			analyze_chosen(a, i, chosen, &n_chosen);
			y[i] = outcome_codes[knowledge_item_outcome_by(a->q, &rule, chosen, n_chosen)];
		}
	}
	free(chosen);
}

static int knowledge(struct analyze_run *run, struct derived_export *dx, double pass_mark,
		     struct ky_error *err)
{
	const char **domain = ky_calloc(run->n_vars + 1, sizeof *domain);
	size_t n_domains = domains_of(run, domain);
	double *total = add_col(dx, ky_strdup("score"), ky_strdup("Knowledge score (points)"), true);
	double *pct = add_col(dx, ky_strdup("score_pct"),
			      ky_strdup("Knowledge score (% of the maximum)"), true);
	int rc = model_knowledge_scores(run, NULL, total, pct, err);

	for (size_t d = 0; d < n_domains && !rc; d++) {
		total = add_col(dx, ky_asprintf("score:%s", domain[d]),
				ky_asprintf("Knowledge score, %s (points)", domain[d]), true);
		pct = add_col(dx, ky_asprintf("score_pct:%s", domain[d]),
			      ky_asprintf("Knowledge score, %s (%% of the maximum)", domain[d]), true);
		rc = model_knowledge_scores(run, domain[d], total, pct, err);
	}
	free(domain);
	if (rc)
		return rc;
	item_outcomes(run, dx);
	if (isnan(pass_mark))
		return KY_OK;
	pct = (double *)dx->col[1].values;
	double *pass = add_col(dx, ky_strdup("pass"),
			       ky_asprintf("score_pct at or above the pass mark %g", pass_mark), false);
	set_codes(dx, pass_codes, pass_labels, 2, "pass");
	for (size_t i = 0; i < run->n; i++)
		pass[i] = isnan(pct[i]) ? NAN : pct[i] >= pass_mark - 1e-9;
	return KY_OK;
}

/* A reverse-coded item's value: min + max - value over its list. */
static double item_value(const struct avar *a, size_t i)
{
	double lo = INFINITY, hi = -INFINITY, x = a->num[i];
	const struct form_list *l = a->q->list;

	if (!a->q->reverse || !l)
		return x;
	for (size_t k = 0; k < l->n_choices; k++)
		if (l->choices[k].has_value) {
			lo = fmin(lo, l->choices[k].value);
			hi = fmax(hi, l->choices[k].value);
		}
	return lo + hi - x;
}

static bool in_scale(const struct avar *a, const char *scale)
{
	return a->q && a->q->scale && a->num && !strcmp(a->q->scale, scale);
}

static void scales(struct analyze_run *run, struct derived_export *dx)
{
	for (size_t v = 0; v < run->n_vars; v++) {
		const struct avar *first = &run->vars[v];
		bool seen = false;
		if (!first->q || !first->q->scale || !*first->q->scale || !first->num)
			continue;
		for (size_t u = 0; u < v && !seen; u++)
			seen = in_scale(&run->vars[u], first->q->scale);
		if (seen)
			continue;
		double *y = add_col(dx, ky_asprintf("scale:%s", first->q->scale),
				    ky_asprintf("Scale %s: mean of its items, reverse-coded items reversed",
						first->q->scale), true);
		for (size_t i = 0; i < run->n; i++) {
			double sum = 0;
			size_t k = 0;
			for (size_t u = v; u < run->n_vars && !isnan(sum); u++)
				if (in_scale(&run->vars[u], first->q->scale)) {
					sum += item_value(&run->vars[u], i);
					k++;
				}
			y[i] = k ? sum / (double)k : NAN;
		}
	}
}

static int build(struct analyze_run *run, const struct derived_export_options *o,
		 struct derived_export *dx, struct ky_error *err)
{
	bool scored = false;
	int rc = KY_OK;

	dx->n_rows = run->n;
	for (size_t v = 0; v < run->n_vars; v++)
		scored = scored || analyze_item_scored(&run->vars[v]);
	if (scored)
		rc = knowledge(run, dx, o->pass_mark, err);
	else if (!isnan(o->pass_mark))
		rc = ky_error_set(err, KY_EUSAGE, "export: '--pass-mark': form '%s' has no scored items",
				  run->form->form_id);
	if (!rc)
		scales(run, dx);
	if (!rc && run->design) {
		double *w = add_col(dx, ky_strdup("weight_final"),
				    ky_strdup(design_calibrated(run->design)
					      ? "Final weight (after calibration)" : "Weight"), true);
		memcpy(w, design_weights(run->design), run->n * sizeof *w);
	}
	return rc;
}

int derived_export_build(const struct derived_export_options *o, struct derived_export *dx,
			 struct ky_error *err)
{
	struct analyze_options opt = { .db = o->db, .form_id = o->form_id, .lang = o->lang,
				       .level = 0.95, .digits = 6, .pass_mark = o->pass_mark,
				       .columns = true, .weight = o->weight,
				       .poststratify = o->poststratify, .n_rake = o->n_rake };
	struct analyze_run run = { 0 };
	struct analyze_design_names dn = { { 0 }, { 0 } };
	const char *names[ANALYZE_DESIGN_NAMES];
	size_t n_names = 0;
	int rc;

	memset(dx, 0, sizeof *dx);
	memcpy(opt.rake, o->rake, sizeof opt.rake);
	run.weighted = o->weight || o->poststratify || o->n_rake;
	rc = analyze_design_names(&opt, names, &n_names, &dn, err);
	if (!rc)
		rc = analyze_load(&run, &opt, names, n_names, err);
	if (!rc && run.weighted)
		rc = analyze_setup_design(&run, err);
	if (!rc)
		rc = build(&run, o, dx, err);
	if (rc)
		derived_export_release(dx);
	analyze_design_names_release(&dn);
	analyze_run_release(&run);
	return rc;
}

void derived_export_release(struct derived_export *dx)
{
	for (size_t i = 0; i < dx->n_cols; i++) {
		free((char *)dx->col[i].name);
		free((char *)dx->col[i].label);
		free((double *)dx->col[i].values);
	}
	free(dx->col);
	memset(dx, 0, sizeof *dx);
}

void derived_export_csv_header(const struct derived_export *dx, struct csvwrite *w)
{
	for (size_t i = 0; i < dx->n_cols; i++)
		csvwrite_text(w, dx->col[i].name);
}

void derived_export_csv_row(const struct derived_export *dx, size_t row, struct csvwrite *w)
{
	for (size_t i = 0; i < dx->n_cols; i++) {
		const struct export_derived_col *c = &dx->col[i];
		double x = c->values[row];
		if (isnan(x))
			csvwrite_empty(w);
		else if (c->codes == outcome_codes)
			csvwrite_text(w, outcome_labels[(size_t)x - 1]);
		else
			csvwrite_number(w, x);
	}
}

const char *derived_export_clash(const struct derived_export *dx, const struct form *form,
				 char *const *attr_names, size_t n_attrs)
{
	for (size_t i = 0; i < dx->n_cols; i++) {
		const char *name = dx->col[i].name;
		bool clash = form_is_response_column(name);
		for (size_t s = 0; s < form->n_slots && !clash; s++)
			clash = form->questions[form->slot_question[s]].repeat < 0 &&
				!strcmp(form->questions[form->slot_question[s]].column, name);
		for (size_t k = 0; k < n_attrs && !clash; k++)
			clash = !strcmp(attr_names[k], name);
		if (clash)
			return name;
	}
	return NULL;
}
