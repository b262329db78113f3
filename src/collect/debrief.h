/* debrief.h - the respondent's own knowledge results, item by item, shown
 * once after submitting when the form's settings say `debrief` = yes.
 *
 * Built from the session (its answers, relevance and language), never
 * from or into the store: the debrief is shown, not kept. Each scored
 * item the respondent was shown gets its label, their answer, the correct
 * answer, the outcome (form/knowledge.h, the rule analyze counts with)
 * and the item's `explanation`; the form's `debrief_more` ends it. The
 * interface words are in fi, sv and en (the UI language of the session).
 * No curses here: tui/debrief-ui.c draws it, a test reads it as text. */
#ifndef KY_COLLECT_DEBRIEF_H
#define KY_COLLECT_DEBRIEF_H

#include <stddef.h>
#include "collect/session.h"
#include "form/knowledge.h"

enum debrief_style {
	DB_TITLE,      /* the heading */
	DB_TEXT,       /* plain text: the introduction, debrief_more */
	DB_ITEM,       /* "3. the item's label" */
	DB_OUTCOME,    /* "Your answer: ... (Correct)" */
	DB_DETAIL,     /* the correct answer, the explanation */
	DB_BLANK
};

struct debrief_line {
	enum debrief_style style;
	enum knowledge_outcome outcome;   /* DB_OUTCOME only */
	char *text;                       /* UTF-8, owned */
};

struct debrief {
	struct debrief_line *line;
	size_t n, cap;
	int items, correct;               /* scored items shown, answered correctly */
	const char *help;                 /* the keys, in the interface language (static) */
};

/* Fills d (zeroed by the caller) from the session; d->items is 0 when the
 * respondent was shown no scored item. Free with debrief_release(). */
void debrief_build(const struct session *s, struct debrief *d);
void debrief_release(struct debrief *d);

#endif
