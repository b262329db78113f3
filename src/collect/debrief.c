/* debrief.c - the respondent's knowledge results as lines of text (debrief.h). */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect/debrief.h"
#include "util/mem.h"

static const char *word(const struct session *s, enum ui_word w)
{
	enum ui_lang l = session_ui_lang(s);
	return ui_text(l < UI_N_LANGS ? l : UI_EN, w);
}

static void add(struct debrief *d, enum debrief_style style, enum knowledge_outcome o, char *text)
{
	KY_GROW(d->line, d->n, d->cap, 32);
	d->line[d->n].style = style;
	d->line[d->n].outcome = o;
	d->line[d->n].text = text;
	d->n++;
}

/* The labels of the choices that make the item correct: the best-scoring
 * choice(s) of a select_one, the positive options of a select_multiple. */
static char *key_text(const struct session *s, const struct form_question *q)
{
	double max = knowledge_item_max(q);
	size_t k, len = 0;
	char *out = ky_strdup("");

	for (k = 0; k < q->list->n_choices; k++) {
		const struct form_choice *c = &q->list->choices[k];
		double sc = c->has_score ? c->score : 0;
		bool key = q->type == FQ_SELECT_MULTIPLE ? sc > 0 : sc >= max - 1e-9 && !c->dont_know;
		if (!key)
			continue;
		const char *label = session_choice_label(s, c);
		out = ky_realloc(out, len + strlen(label) + 3);
		len += (size_t)sprintf(out + len, "%s%s", len ? ", " : "", label);
	}
	return out;
}

static const char *outcome_word(const struct session *s, enum knowledge_outcome o)
{
	static const enum ui_word w[KO_N] = { DW_CORRECT, DW_INCORRECT, DW_DONT_KNOW, DW_MISSING };
	return word(s, w[o < KO_N ? o : KO_MISSING]);
}

static void add_item(struct debrief *d, const struct session *s, int qi)
{
	const struct form *f = session_form(s);
	const struct form_question *q = &f->questions[qi];
	enum knowledge_outcome o = knowledge_outcome_of_value(q, session_value(s, qi));
	char *label = session_label(s, qi), *answer = session_display_value(s, qi);
	char *key = key_text(s, q), *line;
	const char *why = form_text_get(f, &q->explanation, session_lang(s));

	d->items++;
	d->correct += o == KO_CORRECT;
	add(d, DB_ITEM, KO_N, ky_asprintf("%d. %s", d->items, label));
	line = ky_asprintf(word(s, DW_YOUR_ANSWER), *answer ? answer : word(s, DW_NO_ANSWER));
	add(d, DB_OUTCOME, o, ky_asprintf("%s   %s", line, outcome_word(s, o)));
	free(line);
	add(d, DB_DETAIL, KO_N, ky_asprintf(word(s, DW_KEY), key));
	if (*why)
		add(d, DB_DETAIL, KO_N, ky_strdup(why));
	add(d, DB_BLANK, KO_N, ky_strdup(""));
	free(label);
	free(answer);
	free(key);
}

void debrief_build(const struct session *s, struct debrief *d)
{
	const struct form *f = session_form(s);
	const char *more = form_text_get(f, &f->debrief_more, session_lang(s));
	size_t summary;

	d->help = word(s, DW_HELP);
	add(d, DB_TITLE, KO_N, ky_strdup(word(s, DW_TITLE)));
	add(d, DB_TEXT, KO_N, ky_strdup(word(s, DW_INTRO)));
	summary = d->n;
	add(d, DB_TEXT, KO_N, NULL);
	add(d, DB_BLANK, KO_N, ky_strdup(""));
	for (size_t qi = 0; qi < f->n_questions; qi++)
		if (form_question_scored(&f->questions[qi]) && session_shown(f, (int)qi) &&
		    session_relevant(s, (int)qi))
			add_item(d, s, (int)qi);
	d->line[summary].text = ky_asprintf(word(s, DW_SUMMARY), d->correct, d->items);
	if (*more) {
		add(d, DB_ITEM, KO_N, ky_strdup(word(s, DW_MORE)));
		add(d, DB_TEXT, KO_N, ky_strdup(more));
	}
}

void debrief_release(struct debrief *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->line[i].text);
	free(d->line);
	memset(d, 0, sizeof *d);
}
