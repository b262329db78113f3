/* rules.c - relevance, required and constraint of a question (rules.h). */
#include "config.h"
#include "form/rules.h"

bool form_rule_relevant(const struct form_question *q, bool parent_relevant,
			const struct expr_env *env)
{
	return parent_relevant && (!q->relevant || expr_eval_bool(q->relevant, env));
}

bool form_rule_relevant_walk(const struct form *f, const struct form_question *q,
			     const struct expr_env *env)
{
	for (;;) {
		if (q->relevant && !expr_eval_bool(q->relevant, env))
			return false;
		if (q->parent < 0)
			return true;
		q = &f->questions[q->parent];
	}
}

bool form_rule_required(const struct form_question *q, const struct expr_env *env)
{
	return q->required && expr_eval_bool(q->required, env);
}

bool form_rule_constraint(const struct form_question *q, const struct expr_env *env)
{
	return !q->constraint || expr_eval_bool(q->constraint, env);
}
