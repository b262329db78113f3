/* knowledge.h - one scored item's points and outcome for one respondent
 * (statistics.md, "Knowledge tests"; surveys/README.md, `score` and
 * `dont_know`).
 *
 * Pure functions on the form model: analyze counts the outcomes, the
 * debrief shows them, and both agree because both call these. An answer
 * is given as the indices of the chosen choices in the item's list (none:
 * unanswered). */
#ifndef KY_FORM_KNOWLEDGE_H
#define KY_FORM_KNOWLEDGE_H

#include <stddef.h>
#include "form/form.h"

enum knowledge_outcome {
	KO_CORRECT,     /* earns the item's maximum points */
	KO_INCORRECT,   /* an answer other than don't know, below the maximum */
	KO_DONT_KNOW,   /* only the list's don't-know choice */
	KO_MISSING,     /* unanswered (also when not relevant) */
	KO_N
};

/* "correct", "incorrect", "dont_know", "missing". */
const char *knowledge_outcome_name(enum knowledge_outcome o);

/* The most the item can give: the largest score of its list (select_one)
 * or the sum of its positive scores (select_multiple). */
double knowledge_item_max(const struct form_question *q);

/* Points of an answer: the chosen choice's score (select_one), the sum of
 * the chosen options' scores floored at 0 (select_multiple); 0 when
 * unanswered. */
double knowledge_item_points(const struct form_question *q, const size_t *chosen, size_t n_chosen);

enum knowledge_outcome knowledge_item_outcome(const struct form_question *q, const size_t *chosen,
					      size_t n_chosen);

/* What the outcome of an item's answers compares with, found once for
 * the many respondents (the don't-know choice is found by its name). */
struct knowledge_item_rule {
	int dont_know;   /* the choice, -1: none */
	double max;      /* knowledge_item_max() */
};
struct knowledge_item_rule knowledge_item_rule_of(const struct form_question *q);
/* knowledge_item_outcome() with q's rule found before. */
enum knowledge_outcome knowledge_item_outcome_by(const struct form_question *q,
						 const struct knowledge_item_rule *rule,
						 const size_t *chosen, size_t n_chosen);

/* The same from a stored answer text (a choice name, or select_multiple's
 * space-separated names; NULL or "" = unanswered). Names not in the list
 * are ignored. */
enum knowledge_outcome knowledge_outcome_of_value(const struct form_question *q, const char *value);

#endif
