/* sim-repeat.c - forms with repeats: the respondent as an answer tree
 * (form/tree.h), the instances walked, the repeat CSVs (sim-impl.h,
 * simulate.h).
 *
 * The walk keeps drawing into sim->values: the questions of a repeat have
 * slots of their own, so the record and the instances being walked (one
 * per repeat level) share that array without clashing, and ${x} of any of
 * them reads there, as it does for a form without repeats. Every answer
 * is copied into the tree once drawn, so that count(), sum(), position(..)
 * and indexed-repeat() see finished instances through tree_env. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "simulate/sim-impl.h"
#include "util/mem.h"

/* An open-ended repeat gets 0 to this many instances. */
#define OPEN_ENDED_MAX 3

static bool sim_nodeset(void *ctx, const char *name, const char *const **values, size_t *n)
{
	struct sim *sim = ctx;
	return sim->tenv.nodeset(&sim->tctx, name, values, n);
}

static double sim_position(void *ctx)
{
	struct sim *sim = ctx;
	return sim->tenv.position(&sim->tctx);
}

static const char *sim_indexed(void *ctx, const char *name, const char *const *repeats,
			       const double *positions, size_t depth)
{
	struct sim *sim = ctx;
	return sim->tenv.indexed(&sim->tctx, name, repeats, positions, depth);
}

/* Whether question j lies inside group (or repeat) g. */
static bool inside(const struct form *f, size_t j, size_t g)
{
	int p;
	for (p = f->questions[j].parent; p >= 0; p = f->questions[p].parent)
		if ((size_t)p == g)
			return true;
	return false;
}

void sim_repeat_prepare(struct sim *sim)
{
	const struct form *f = sim->form;
	size_t r, j;

	sim->inst = -1;
	if (f->n_repeats == 0)
		return;
	sim->has_repeats = true;
	tree_init(&sim->tree, f);
	tree_env(&sim->tree, -1, &sim->tctx, &sim->tenv);
	sim->env.nodeset = sim_nodeset;
	sim->env.position = sim_position;
	sim->env.indexed = sim_indexed;
	sim->open = ky_calloc(f->n_questions + 1, sizeof *sim->open);
	sim->scope_end = ky_calloc(f->n_questions + 1, sizeof *sim->scope_end);
	for (r = 0; r < f->n_repeats; r++) {
		size_t rq = (size_t)f->repeats[r];
		for (j = rq + 1; j < f->n_questions && inside(f, j, rq); j++)
			;
		sim->scope_end[rq] = j;
	}
}

void sim_repeat_release(struct sim *sim)
{
	if (!sim->has_repeats)
		return;
	tree_ctx_release(&sim->tctx);
	tree_release(&sim->tree);
	free(sim->open);
	free(sim->scope_end);
}

bool sim_repeat_in_scope(const struct sim *sim, int slot)
{
	int r;
	if (!sim->has_repeats)
		return true;
	r = sim->form->questions[sim->form->slot_question[slot]].repeat;
	return r < 0 || sim->open[r];
}

const char *sim_repeat_lookup(struct sim *sim, const char *name)
{
	return sim->has_repeats ? tree_lookup(&sim->tctx, name) : NULL;
}

int sim_repeat_count(struct sim *sim, size_t rq)
{
	const struct form_question *q = &sim->form->questions[rq];
	double n;

	if (!q->repeat_count)
		return (int)sim_uniform_index(sim, OPEN_ENDED_MAX + 1);
	n = expr_eval_number(q->repeat_count, &sim->env);
	if (!isfinite(n) || n < 0)
		return 0;
	return n > SIM_MAX_INSTANCES ? SIM_MAX_INSTANCES : (int)floor(n);
}

void sim_repeat_enter(struct sim *sim, size_t rq)
{
	const struct form *f = sim->form;
	size_t j;
	int in = tree_add(&sim->tree, (int)rq, sim->inst, 0);

	for (j = rq + 1; j < sim->scope_end[rq]; j++)
		if (f->questions[j].slot >= 0)
			sim->values[f->questions[j].slot][0] = '\0';
	sim->open[rq] = true;
	sim->inst = sim->tctx.inst = in;
}

void sim_repeat_leave(struct sim *sim, size_t rq, int parent)
{
	sim->open[rq] = false;
	sim->inst = sim->tctx.inst = parent;
}

void sim_repeat_store(struct sim *sim, size_t qi)
{
	const struct form_question *q = &sim->form->questions[qi];
	if (sim->has_repeats && q->slot >= 0)
		tree_set(&sim->tree, sim->inst, (int)qi, sim->values[q->slot]);
}

size_t sim_repeat_outermost(const struct sim *sim, size_t qi)
{
	int r = sim->form->questions[qi].repeat, up;
	if (r < 0)
		return qi;
	while ((up = form_repeat_parent(sim->form, r)) >= 0)
		r = up;
	return (size_t)r;
}

void sim_repeat_clear(struct sim *sim)
{
	sim->inst = -1;
	if (!sim->has_repeats)
		return;
	tree_clear(&sim->tree);
	sim->tctx.inst = -1;
	memset(sim->open, 0, (sim->form->n_questions + 1) * sizeof *sim->open);
}

bool sim_slot_top_level(const struct sim *sim, size_t slot)
{
	return !sim->has_repeats ||
	       sim->form->questions[sim->form->slot_question[slot]].repeat < 0;
}

void sim_write_repeat_header(const struct sim *sim, size_t rq, struct csvwrite *w)
{
	const struct form *f = sim->form;
	size_t j;

	csvwrite_text(w, "respondent");
	csvwrite_text(w, "parent");
	csvwrite_text(w, "key");
	for (j = 0; j < f->n_questions; j++)
		if (f->questions[j].repeat == (int)rq && f->questions[j].slot >= 0)
			csvwrite_text(w, f->questions[j].column);
	csvwrite_end_row(w);
}

/* "RESPONDENT/" and the tree's key of instance in. */
static void write_key(const struct sim *sim, int in, struct csvwrite *w)
{
	char *key = tree_key(&sim->tree, in);
	char *full = ky_malloc(strlen(sim->uuid) + strlen(key) + 2);

	strcpy(full, sim->uuid);
	strcat(full, "/");
	strcat(full, key);
	csvwrite_text(w, full);
	free(full);
	free(key);
}

void sim_write_instances(const struct sim *sim, size_t rq, struct csvwrite *w)
{
	const struct form *f = sim->form;
	size_t i, j;

	if (!sim->has_repeats)
		return;
	for (i = 0; i < sim->tree.n_inst; i++) {
		const struct tree_instance *in = &sim->tree.inst[i];
		if (in->repeat != (int)rq)
			continue;
		csvwrite_text(w, sim->uuid);
		if (in->parent >= 0)
			write_key(sim, in->parent, w);
		else
			csvwrite_text(w, "");
		write_key(sim, (int)i, w);
		for (j = 0; j < f->n_questions; j++)
			if (f->questions[j].repeat == (int)rq && f->questions[j].slot >= 0)
				csvwrite_text(w, tree_get(&sim->tree, (int)i, (int)j));
		csvwrite_end_row(w);
	}
}
