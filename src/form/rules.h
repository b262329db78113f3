/* rules.h - a question's rules given the answers: is it relevant, is an
 * answer required now, does the answer meet its constraint.
 *
 * The one statement of them that collect (collect/session.c), import
 * (import/row.c) and simulate (simulate/simulate.c) apply; each keeps
 * only how it looks the answers up (the expr_env it passes) and what it
 * says when a rule fails. A question is relevant when its enclosing
 * group is and its own `relevant` expression holds (none: it holds). */
#ifndef KY_FORM_RULES_H
#define KY_FORM_RULES_H

#include <stdbool.h>
#include "form/expr.h"
#include "form/form.h"

/* parent_relevant: whether q's enclosing group is relevant (true when q
 * has none); for a caller walking the form in order with the results
 * so far. */
bool form_rule_relevant(const struct form_question *q, bool parent_relevant,
			const struct expr_env *env);

/* The same without results at hand: the groups around q are evaluated too. */
bool form_rule_relevant_walk(const struct form *f, const struct form_question *q,
			     const struct expr_env *env);

/* An answer is required now: q's `required` holds. Whether q is relevant,
 * and whether it takes an answer at all, are the caller's to add. */
bool form_rule_required(const struct form_question *q, const struct expr_env *env);

/* The answer in env->dot meets q's constraint (true when q has none). */
bool form_rule_constraint(const struct form_question *q, const struct expr_env *env);

#endif
