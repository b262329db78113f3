/* expr-hints.c - what a constraint asks of the answer itself, read from
 * the syntax tree (expr.h): the pattern of regex(., 'P') and the question
 * of ". = ${other}". Only conditions that must hold count: the expression
 * itself or an operand of its top 'and' chain, never one under 'or' or
 * not(). simulate draws answers from them. */
#include "config.h"
#include <string.h>
#include "form/expr-impl.h"

static bool is_answer(const struct expr_node *n, const char *self)
{
	return n->kind == EXPR_DOT || (n->kind == EXPR_REF && self && !strcmp(n->text, self));
}

static bool is_and_chain(const struct expr_node *n)
{
	size_t i;

	if (n->kind != EXPR_CHAIN)
		return false;
	for (i = 0; i + 1 < n->nkids; i++)
		if (n->ops[i] != OP_AND)
			return false;
	return true;
}

/* The pattern of regex(., 'P') at n, NULL when n is not one. */
static const char *regex_at(const struct expr_node *n, const char *self)
{
	if (n->kind == EXPR_CALL && !strcmp(n->function->name, "regex") && n->nkids == 2 &&
	    is_answer(n->kids[0], self) && n->kids[1]->kind == EXPR_STRING)
		return n->kids[1]->text;
	return NULL;
}

/* The other question of ". = ${other}" (either way round) at n. */
static const char *equal_at(const struct expr_node *n, const char *self)
{
	if (n->kind != EXPR_CHAIN || n->nkids != 2 || n->ops[0] != OP_EQ)
		return NULL;
	const struct expr_node *a = n->kids[0], *b = n->kids[1];
	if (is_answer(a, self) && b->kind == EXPR_REF && !is_answer(b, self))
		return b->text;
	if (is_answer(b, self) && a->kind == EXPR_REF && !is_answer(a, self))
		return a->text;
	return NULL;
}

/* What `at` finds at n or, when n is an 'and' chain, in its operands. */
static const char *find_in(const struct expr_node *n, const char *self,
			   const char *(*at)(const struct expr_node *, const char *))
{
	const char *found = at(n, self);
	if (found || !is_and_chain(n))
		return found;
	for (size_t i = 0; i < n->nkids; i++)
		if ((found = find_in(n->kids[i], self, at)) != NULL)
			return found;
	return NULL;
}

const char *expr_regex_on_answer(const struct expr *e, const char *self)
{
	return e && e->root ? find_in(e->root, self, regex_at) : NULL;
}

const char *expr_equal_ref(const struct expr *e, const char *self)
{
	return e && e->root ? find_in(e->root, self, equal_at) : NULL;
}
