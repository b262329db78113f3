/* read-columns.c - a row per respondent, answers as columns (load-impl.h). */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "analyze/load-impl.h"
#include "analyze/read-answers.h"
#include "analyze/stream.h"
#include "util/mem.h"

void load_grow(struct load_ctx *c)
{
	struct analyze_run *run = c->run;
	size_t cap = ky_grow_cap(c->cap, c->cap + 1, 1024);

	if (c->keep_ids)
		run->respondent = ky_reallocarray(run->respondent, cap, sizeof *run->respondent);
	else
		run->row_id = ky_reallocarray(run->row_id, cap, sizeof *run->row_id);
	for (size_t v = 0; v < run->n_vars; v++) {
		struct avar *a = &run->vars[v];
		if (a->code)
			a->code = ky_reallocarray(a->code, cap, sizeof *a->code);
		if (a->bits) {
			a->bits = ky_reallocarray(a->bits, cap * a->n_words, sizeof *a->bits);
			a->answered = ky_reallocarray(a->answered, cap, 1);
		}
		if (a->num)
			a->num = ky_reallocarray(a->num, cap, sizeof *a->num);
	}
	for (size_t k = 0; k < run->n_attrs; k++)
		run->attr_values[k] = ky_reallocarray(run->attr_values[k], cap, sizeof(char *));
	c->cap = cap;
}

void load_fill_var(struct load_ctx *c, struct avar *a, size_t i, const struct record_view *v)
{
	if (a->kind == AV_NUMERIC) {
		a->num[i] = v->ptr ? load_parse_number(v->ptr, v->len) : NAN;
		return;
	}
	if (a->kind == AV_CATEGORICAL) {
		int k = v->ptr ? load_find_choice(a, v->ptr, v->len, c->record_end) : -1;
		if (v->ptr && k < 0)
			load_note_unknown(c, a, v->ptr, v->len);
		a->code[i] = k;
		if (a->num)
			a->num[i] = k >= 0 ? a->q->list->choices[k].value : NAN;
		return;
	}
	bool any;
	load_choice_bits(c, a, v, a->bits + i * a->n_words, &any);
	a->answered[i] = any;
}

