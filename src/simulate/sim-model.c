/* sim-model.c - the latent structure behind structured answers.
 *
 * Per respondent: knowledge ~ N(profession effect + 0.03 * (years - 10), 0.9),
 * computed when first needed (after profession and experience are
 * answered in a form that asks them first); one trait per scale ~ N(0, 1);
 * a "concern" shared by importance items; an "attitude" shared by ordinal
 * items outside any scale. An ordinal item's latent value L becomes
 * choice floor(Phi(L) * m) of its m choices ordered by value:
 *   scale item:       L = 0.35 knowledge + 0.8 trait + 0.6 e
 *   importance item:  L = 0.9 + 0.5 concern + 0.7 e
 *   competence item:  L = -0.5 + 0.7 knowledge + 0.7 e
 *   other ordinal:    L = 0.6 knowledge + 0.4 attitude + 0.7 e
 * A scored item gives its best-scoring choice with probability
 * logistic(0.3 + 1.3 knowledge), another choice otherwise. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "simulate/sim-impl.h"
#include "util/mem.h"

/* Shares roughly as in the Finnish health and social care workforce
 * (SYNTHETIC: rounded, for simulation only), and how much more than a
 * nurse each profession is assumed to know about trafficking. */
static const struct profession {
	const char *name;
	double share, effect;
} professions[] = {
	{ "nurse", 0.40, 0.0 },
	{ "practical_nurse", 0.20, -0.4 },
	{ "physician", 0.12, 0.8 },
	{ "doctor", 0.12, 0.8 },
	{ "public_health_nurse", 0.08, 0.6 },
	{ "midwife", 0.04, 0.5 },
	{ "social_worker", 0.08, 0.5 },
	{ "dentist", 0.03, -0.7 },
	{ "psychologist", 0.03, 0.2 },
	{ "other", 0.05, -0.4 },
};
#define UNKNOWN_PROFESSION_SHARE 0.05

static const struct profession *find_profession(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof professions / sizeof professions[0]; i++)
		if (!strcmp(professions[i].name, name))
			return &professions[i];
	return NULL;
}

static double logistic(double x)
{
	return 1 / (1 + exp(-x));
}

static bool list_scored(const struct form_list *list)
{
	size_t i;
	for (i = 0; list && i < list->n_choices; i++)
		if (list->choices[i].has_score)
			return true;
	return false;
}

static bool list_ordinal(const struct form_list *list)
{
	size_t i;
	if (!list || list->n_choices < 3)
		return false;
	for (i = 0; i < list->n_choices; i++)
		if (!list->choices[i].has_value)
			return false;
	return true;
}

static const struct form_list *order_list;   /* qsort has no context argument */

static int by_value(const void *a, const void *b)
{
	double x = order_list->choices[*(const size_t *)a].value;
	double y = order_list->choices[*(const size_t *)b].value;
	return x < y ? -1 : x > y;
}

static int scale_index(struct sim *sim, const char *scale)
{
	size_t i;
	for (i = 0; i < sim->n_scales; i++)
		if (!strcmp(sim->scale_names[i], scale))
			return (int)i;
	sim->scale_names = ky_reallocarray(sim->scale_names, sim->n_scales + 1,
					   sizeof *sim->scale_names);
	sim->scale_names[sim->n_scales] = ky_strdup(scale);
	return (int)sim->n_scales++;
}

static enum sim_role role_of(const struct form_question *q)
{
	bool one = q->type == FQ_SELECT_ONE;
	/* A filtered list changes per respondent: no order to rely on. */
	if (q->choice_filter)
		return SR_PLAIN;
	if ((one || q->type == FQ_SELECT_MULTIPLE) && list_scored(q->list))
		return SR_SCORED;
	if (one && (strstr(q->name, "profession") || strstr(q->name, "ammatti")))
		return SR_PROFESSION;
	if (one && list_ordinal(q->list))
		return SR_ORDINAL;
	if (q->type == FQ_INTEGER && (strstr(q->name, "experience") || strstr(q->name, "years")))
		return SR_EXPERIENCE;
	return SR_PLAIN;
}

void sim_model_prepare(struct sim *sim)
{
	const struct form *f = sim->form;
	size_t i, k;

	for (i = 0; i < f->n_questions; i++) {
		const struct form_question *q = &f->questions[i];
		struct sim_question *sq = &sim->sq[i];

		sq->role = role_of(q);
		sq->scale = q->scale && *q->scale ? scale_index(sim, q->scale) : -1;
		if (sq->role == SR_PROFESSION && sim->prof_q < 0)
			sim->prof_q = (int)i;
		if (sq->role == SR_EXPERIENCE && sim->exp_q < 0)
			sim->exp_q = (int)i;
		if (sq->role == SR_ORDINAL) {
			sq->order = ky_calloc(q->list->n_choices, sizeof *sq->order);
			for (k = 0; k < q->list->n_choices; k++)
				sq->order[k] = k;
			order_list = q->list;
			qsort(sq->order, q->list->n_choices, sizeof *sq->order, by_value);
		}
	}
	sim->scale_trait = ky_calloc(sim->n_scales + 1, sizeof *sim->scale_trait);
}

void sim_model_release(struct sim *sim)
{
	size_t i;
	if (sim->sq)
		for (i = 0; i < sim->form->n_questions; i++)
			free(sim->sq[i].order);
	for (i = 0; i < sim->n_scales; i++)
		free(sim->scale_names[i]);
	free(sim->scale_names);
	free(sim->scale_trait);
}

void sim_model_new_respondent(struct sim *sim)
{
	size_t i;
	if (!sim->opt.structure)
		return;
	sim->knowledge_ready = false;
	for (i = 0; i < sim->n_scales; i++)
		sim->scale_trait[i] = gsl_ran_ugaussian(sim->rng);
	sim->concern = gsl_ran_ugaussian(sim->rng);
	sim->attitude = gsl_ran_ugaussian(sim->rng);
}

static double knowledge(struct sim *sim)
{
	double effect = 0, years = 10;

	if (sim->knowledge_ready)
		return sim->knowledge;
	if (sim->prof_q >= 0) {
		const struct profession *p =
			find_profession(sim->values[sim->form->questions[sim->prof_q].slot]);
		if (p)
			effect = p->effect;
	}
	if (sim->exp_q >= 0) {
		const char *text = sim->values[sim->form->questions[sim->exp_q].slot];
		if (*text)
			years = fmin(30, atof(text));
	}
	sim->knowledge = effect + 0.03 * (years - 10) + 0.9 * gsl_ran_ugaussian(sim->rng);
	sim->knowledge_ready = true;
	return sim->knowledge;
}

double sim_model_years(struct sim *sim)
{
	/* Skewed to the right as a workforce is: median about 11 years. */
	return floor(gsl_ran_gamma(sim->rng, 2.0, 6.5));
}

static size_t choose_profession(struct sim *sim, const struct form_list *list)
{
	double total = 0, u, acc = 0;
	size_t i;

	for (i = 0; i < list->n_choices; i++) {
		const struct profession *p = find_profession(list->choices[i].name);
		total += p ? p->share : UNKNOWN_PROFESSION_SHARE;
	}
	u = gsl_rng_uniform(sim->rng) * total;
	for (i = 0; i + 1 < list->n_choices; i++) {
		const struct profession *p = find_profession(list->choices[i].name);
		acc += p ? p->share : UNKNOWN_PROFESSION_SHARE;
		if (u < acc)
			break;
	}
	return i;
}

static size_t best_scored(const struct form_list *list)
{
	size_t i, best = 0;
	for (i = 1; i < list->n_choices; i++)
		if (list->choices[i].has_score &&
		    (!list->choices[best].has_score || list->choices[i].score > list->choices[best].score))
			best = i;
	return best;
}

static size_t choose_scored(struct sim *sim, const struct form_list *list)
{
	size_t best = best_scored(list), other;
	if (list->n_choices < 2 ||
	    gsl_rng_uniform(sim->rng) < logistic(0.3 + 1.3 * knowledge(sim)))
		return best;
	other = sim_uniform_index(sim, list->n_choices - 1);
	return other >= best ? other + 1 : other;
}

static size_t choose_ordinal(struct sim *sim, const struct form_question *q,
			     const struct sim_question *sq)
{
	size_t m = q->list->n_choices, idx;
	double e = gsl_ran_ugaussian(sim->rng), latent;

	if (q->need_role == FN_IMPORTANCE)
		latent = 0.9 + 0.5 * sim->concern + 0.7 * e;
	else if (q->need_role == FN_COMPETENCE)
		latent = -0.5 + 0.7 * knowledge(sim) + 0.7 * e;
	else if (sq->scale >= 0)
		latent = 0.35 * knowledge(sim) + 0.8 * sim->scale_trait[sq->scale] + 0.6 * e;
	else
		latent = 0.6 * knowledge(sim) + 0.4 * sim->attitude + 0.7 * e;
	idx = (size_t)floor(gsl_cdf_ugaussian_P(latent) * (double)m);
	if (idx >= m)
		idx = m - 1;
	if (q->reverse)
		idx = m - 1 - idx;
	return sq->order[idx];
}

size_t sim_model_choose(struct sim *sim, const struct form_question *q)
{
	const struct sim_question *sq = &sim->sq[q - sim->form->questions];

	if (!sim->opt.structure || !q->list || q->list->n_choices == 0)
		return SIZE_MAX;
	switch (sq->role) {
	case SR_PROFESSION:
		return choose_profession(sim, q->list);
	case SR_SCORED:
		return choose_scored(sim, q->list);
	case SR_ORDINAL:
		return choose_ordinal(sim, q, sq);
	default:
		return SIZE_MAX;
	}
}

int sim_model_include(struct sim *sim, const struct form_question *q, size_t i)
{
	const struct sim_question *sq = &sim->sq[q - sim->form->questions];
	const struct form_choice *c;
	double p;

	if (!sim->opt.structure || sq->role != SR_SCORED)
		return -1;
	c = &q->list->choices[i];
	p = c->has_score && c->score > 0 ? logistic(0.2 + knowledge(sim))
					 : logistic(-1.2 - 0.8 * knowledge(sim));
	return gsl_rng_uniform(sim->rng) < p;
}
