/* expr-repeat.c - the functions over a repeat's instances (expr-impl.h):
 * count(), position(..), indexed-repeat(), and the nodeset side of sum(),
 * min(), max() and join(). Where the instances are is the caller's to say
 * (expr_env nodeset/position/indexed); without those callbacks a
 * reference is one value, as outside any repeat. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "form/expr-impl.h"
#include "util/mem.h"

bool expr_arg_nodeset(struct expr_eval *ev, const struct expr_node *call, size_t i,
		      const char *const **values, size_t *n)
{
	const struct expr_node *arg = i < call->nkids ? call->kids[i] : NULL;
	if (!arg || arg->kind != EXPR_REF || !ev->env->nodeset)
		return false;
	return ev->env->nodeset(ev->env->ctx, arg->text, values, n);
}

/* count(nodeset): how many instances (or values of a question in them);
 * a reference outside any repeat is one node, anything else none. */
static void fn_count(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	const char *const *values;
	size_t n;

	if (expr_arg_nodeset(ev, call, 0, &values, &n))
		*out = expr_value_number((double)n);
	else
		*out = expr_value_number(call->kids[0]->kind == EXPR_REF ? 1 : 0);
}

/* position(..): where the current instance stands among its siblings,
 * from 1; 0 outside a repeat. Its argument names the node, always the
 * instance itself in the forms pyxform takes, so it is not evaluated. */
static void fn_position(struct expr_eval *ev, const struct expr_node *call, struct expr_value *out)
{
	(void)call;
	*out = expr_value_number(ev->env->position ? ev->env->position(ev->env->ctx) : 0);
}

/* indexed-repeat(${q}, ${repeat}, i [, ${inner}, j ...]): q in instance i
 * of repeat (and j of inner within it); "" where there is none. */
static void fn_indexed_repeat(struct expr_eval *ev, const struct expr_node *call,
			      struct expr_value *out)
{
	const char *repeats[8];
	double positions[8];
	size_t depth = 0, i;
	const char *value = NULL;

	if (call->kids[0]->kind != EXPR_REF || call->nkids % 2 == 0) {
		*out = expr_value_copy_string("");
		return;
	}
	for (i = 1; i + 1 < call->nkids && depth < 8; i += 2) {
		repeats[depth] = call->kids[i]->kind == EXPR_REF ? call->kids[i]->text : "";
		positions[depth++] = expr_arg_number(ev, call, i + 1);
	}
	if (ev->env->indexed)
		value = ev->env->indexed(ev->env->ctx, call->kids[0]->text, repeats, positions, depth);
	*out = expr_value_copy_string(value ? value : "");
}

const struct expr_function expr_fn_count = { "count", 1, 1, fn_count };
const struct expr_function expr_fn_position = { "position", 0, 1, fn_position };
const struct expr_function expr_fn_indexed_repeat = { "indexed-repeat", 3, 11, fn_indexed_repeat };
