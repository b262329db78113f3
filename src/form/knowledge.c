/* knowledge.c - a scored item's points and outcome (knowledge.h). */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "form/knowledge.h"
#include "util/mem.h"

/* A tolerance for "earns the maximum": scores such as 0.1 + 0.2 add up
 * to a hair below 0.3. */
#define KNOWLEDGE_EPS 1e-9

const char *knowledge_outcome_name(enum knowledge_outcome o)
{
	static const char *const names[KO_N] = { "correct", "incorrect", "dont_know", "missing" };
	return o < KO_N ? names[o] : "";
}

static double choice_score(const struct form_choice *c)
{
	return c->has_score ? c->score : 0;
}

double knowledge_item_max(const struct form_question *q)
{
	double max = 0;
	size_t k;
	for (k = 0; q->list && k < q->list->n_choices; k++) {
		double sc = choice_score(&q->list->choices[k]);
		if (q->type == FQ_SELECT_MULTIPLE)
			max += sc > 0 ? sc : 0;
		else if (sc > max)
			max = sc;
	}
	return max;
}

double knowledge_item_points(const struct form_question *q, const size_t *chosen, size_t n_chosen)
{
	double p = 0;
	size_t i;
	for (i = 0; i < n_chosen && q->list; i++)
		if (chosen[i] < q->list->n_choices)
			p += choice_score(&q->list->choices[chosen[i]]);
	return p < 0 && q->type == FQ_SELECT_MULTIPLE ? 0 : p;
}

struct knowledge_item_rule knowledge_item_rule_of(const struct form_question *q)
{
	return (struct knowledge_item_rule){ form_list_dont_know(q->list), knowledge_item_max(q) };
}

enum knowledge_outcome knowledge_item_outcome_by(const struct form_question *q,
						 const struct knowledge_item_rule *rule,
						 const size_t *chosen, size_t n_chosen)
{
	if (!n_chosen)
		return KO_MISSING;
	if (rule->dont_know >= 0 && n_chosen == 1 && chosen[0] == (size_t)rule->dont_know)
		return KO_DONT_KNOW;
	if (knowledge_item_points(q, chosen, n_chosen) >= rule->max - KNOWLEDGE_EPS)
		return KO_CORRECT;
	return KO_INCORRECT;
}

enum knowledge_outcome knowledge_item_outcome(const struct form_question *q, const size_t *chosen,
					      size_t n_chosen)
{
	struct knowledge_item_rule rule = knowledge_item_rule_of(q);

	return knowledge_item_outcome_by(q, &rule, chosen, n_chosen);
}

enum knowledge_outcome knowledge_outcome_of_value(const struct form_question *q, const char *value)
{
	size_t n = 0, cap = 8, k, len;
	size_t *chosen;
	const char *p = value;
	enum knowledge_outcome o;

	if (!value || !*value || !q->list)
		return KO_MISSING;
	chosen = ky_calloc(cap, sizeof *chosen);
	while (*p) {
		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (q->type != FQ_SELECT_MULTIPLE)
			len = strlen(p);
		for (k = 0; len && k < q->list->n_choices; k++) {
			const char *name = q->list->choices[k].name;
			if (strlen(name) != len || strncmp(name, p, len))
				continue;
			KY_GROW(chosen, n, cap, 4);
			chosen[n++] = k;
			break;
		}
		p += len;
	}
	o = knowledge_item_outcome(q, chosen, n);
	free(chosen);
	return o;
}
