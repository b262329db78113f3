/* tree-eval.c - expressions in the context of one instance of an
 * answer tree (tree.h): what ${name}, count(), sum(), position(..) and
 * indexed-repeat() see. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "form/tree.h"
#include "util/mem.h"

/* The repeats from the outermost down to rq; their number. */
static size_t repeat_chain(const struct form *f, int rq, int *chain, size_t cap)
{
	size_t n = 0, i;
	int r;
	for (r = rq; r >= 0 && n < cap; r = form_repeat_parent(f, r))
		chain[n++] = r;
	for (i = 0; i < n / 2; i++) {
		r = chain[i];
		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = r;
	}
	return n;
}

/* The instance of repeat rq that the context instance is in, -1: none. */
static int context_instance(const struct answer_tree *t, int inst, int rq)
{
	for (; inst >= 0; inst = t->inst[inst].parent)
		if (t->inst[inst].repeat == rq)
			return inst;
	return -1;
}

static void scratch_add(struct tree_ctx *c, size_t *n, const char *value)
{
	if (*n == c->scratch_cap) {
		c->scratch_cap = ky_grow_cap(c->scratch_cap, *n + 1, 16);
		c->scratch = ky_reallocarray(c->scratch, c->scratch_cap, sizeof *c->scratch);
	}
	c->scratch[(*n)++] = value;
}

/* The values of qi over the instances of chain[level..] under parent:
 * where the context is in one, that one only; else all, in order. */
static void gather(struct tree_ctx *c, const int *chain, size_t depth, size_t level, int parent,
		   int qi, size_t *n)
{
	const struct answer_tree *t = c->t;
	int rq = chain[level], here = context_instance(t, c->inst, rq), pos, in;
	int last = here >= 0 ? 1 : (int)tree_count(t, rq, parent);

	for (pos = 1; pos <= last; pos++) {
		in = here >= 0 ? here : tree_child(t, rq, parent, pos);
		if (in < 0)
			continue;
		if (level + 1 < depth)
			gather(c, chain, depth, level + 1, in, qi, n);
		else
			scratch_add(c, n, qi == rq ? "" : tree_get(t, in, qi));
	}
}

/* The repeat whose instances hold qi's values (qi itself for a
 * begin_repeat), -1 for a question outside every repeat. */
static int holder(const struct form *f, int qi)
{
	const struct form_question *q = &f->questions[qi];
	return q->type == FQ_BEGIN_GROUP && q->is_repeat ? qi : q->repeat;
}

static bool env_nodeset(void *ctx, const char *name, const char *const **values, size_t *n)
{
	struct tree_ctx *c = ctx;
	const struct form *f = c->t->form;
	int qi = form_question_index(f, name), chain[64];
	size_t depth;

	if (qi < 0 || holder(f, qi) < 0)
		return false;
	depth = repeat_chain(f, holder(f, qi), chain, 64);
	*n = 0;
	gather(c, chain, depth, 0, -1, qi, n);
	*values = c->scratch;
	return true;
}

const char *tree_lookup(void *ctx, const char *name)
{
	struct tree_ctx *c = ctx;
	const char *const *values;
	size_t n;
	int qi = form_question_index(c->t->form, name);

	if (qi < 0)
		return NULL;
	if (!env_nodeset(ctx, name, &values, &n))
		return tree_get(c->t, -1, qi);
	return n ? values[0] : "";
}

static double env_position(void *ctx)
{
	const struct tree_ctx *c = ctx;
	return c->inst >= 0 ? c->t->inst[c->inst].position : 0;
}

/* The position asked for repeat rq by indexed-repeat's pairs, 0: none. */
static int asked_position(const struct form *f, int rq, const char *const *repeats,
			  const double *positions, size_t depth)
{
	size_t k;
	for (k = 0; k < depth; k++)
		if (form_question_index(f, repeats[k]) == rq)
			return isfinite(positions[k]) && positions[k] >= 1 && positions[k] < 1e9
			       ? (int)positions[k] : -1;
	return 0;
}

static const char *env_indexed(void *ctx, const char *name, const char *const *repeats,
			       const double *positions, size_t depth)
{
	struct tree_ctx *c = ctx;
	const struct form *f = c->t->form;
	int qi = form_question_index(f, name), chain[64], in = -1, pos;
	size_t n, level;

	if (qi < 0 || holder(f, qi) < 0)
		return NULL;
	n = repeat_chain(f, holder(f, qi), chain, 64);
	for (level = 0; level < n; level++) {
		pos = asked_position(f, chain[level], repeats, positions, depth);
		if (pos < 0)
			return NULL;
		if (!pos && context_instance(c->t, c->inst, chain[level]) >= 0)
			in = context_instance(c->t, c->inst, chain[level]);
		else if ((in = tree_child(c->t, chain[level], in, pos ? pos : 1)) < 0)
			return NULL;
	}
	return tree_get(c->t, in, qi);
}

void tree_env(const struct answer_tree *t, int inst, struct tree_ctx *ctx, struct expr_env *env)
{
	ctx->t = t;
	ctx->inst = inst;
	ctx->scratch = NULL;
	ctx->scratch_cap = 0;
	memset(env, 0, sizeof *env);
	env->lookup = tree_lookup;
	env->nodeset = env_nodeset;
	env->position = env_position;
	env->indexed = env_indexed;
	env->ctx = ctx;
}

void tree_ctx_release(struct tree_ctx *ctx)
{
	free(ctx->scratch);
	ctx->scratch = NULL;
	ctx->scratch_cap = 0;
}
